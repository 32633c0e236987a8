// Names across scripts: a consonant skeleton that an Arabic word and its
// Latin transliteration share (موسكو ~ Moscow -> "msk", حماس ~ Hamas -> "hms").
#ifndef MUWAZI_TEXT_TRANSLIT_H_
#define MUWAZI_TEXT_TRANSLIT_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class Transliterator;
U_NAMESPACE_END

namespace muwazi::text {

// Consonant skeleton of a Latin-script word (lowercase ASCII letters in,
// e.g. from fold_latin): digraphs folded (sh th dh kh gh ph ch -> s t d k g f s),
// soft c -> s, other c/q -> k, v -> f, p -> b, z -> s, j -> g, ng -> n, x -> ks;
// vowels and w, y, h-after-consonant dropped; doubled letters collapsed.
std::string latin_skeleton(std::string_view ascii_lower);

// Transliterates Arabic words (ICU "Arabic-Latin; Latin-ASCII") and returns
// the skeletons a name may have: the word itself and the word with its
// proclitics and article removed (و ف ب ل ك + ال). Results are cached per
// folded word. Not thread-safe: one instance per thread.
class ArabicNameSkeletons {
 public:
  // This thread's instance, built on first use: the transliterator is built
  // once per thread, not per document, and the cache carries over from one
  // document to the next (a crawl repeats its names). The cache is emptied
  // when it reaches kMaxCached words, so memory stays bounded.
  static ArabicNameSkeletons& for_this_thread();
  static constexpr std::size_t kMaxCached = 200000;

  ArabicNameSkeletons();
  ~ArabicNameSkeletons();
  ArabicNameSkeletons(const ArabicNameSkeletons&) = delete;
  ArabicNameSkeletons& operator=(const ArabicNameSkeletons&) = delete;

  // `folded` is an Arabic word after fold_arabic(). Skeletons shorter than
  // 2 consonants are not returned.
  const std::vector<std::string>& skeletons(const std::string& folded);

  // Transliteration of one folded Arabic word (exposed for tests).
  std::string transliterate(const std::string& folded);

 private:
  std::unique_ptr<icu::Transliterator> translit_;
  std::unordered_map<std::string, std::vector<std::string>> cache_;
};

}  // namespace muwazi::text

#endif  // MUWAZI_TEXT_TRANSLIT_H_
