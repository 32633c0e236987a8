// Per-sentence features for the cost model, computed once per document pair
// so that the search never touches strings or ICU objects.
#ifndef MUWAZI_ALIGN_FEATURES_H_
#define MUWAZI_ALIGN_FEATURES_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "align/aligner.h"

namespace muwazi::text {
struct Token;
}

namespace muwazi::align {

// Anchor categories; an item id carries its category in the top 3 bits.
enum AnchorKind : std::uint32_t {
  kNumber = 0,    // canonical number (digits in any system, number words)
  kVerbatim = 1,  // Latin token inside non-Latin text, found verbatim on the other side
  kName = 2,      // name matched across scripts by consonant skeleton
  kCognate = 3,   // same-script pairs: 4-letter prefix of a word >= 4 letters
  kLexicon = 4,   // dictionary or learned word translation (a "concept" id)
  kNumAnchorKinds = 5,
};
inline constexpr int kKindShift = 29;
inline AnchorKind kind_of(std::uint32_t item) { return static_cast<AnchorKind>(item >> kKindShift); }

// Punctuation classes counted per sentence.
enum PunctClass { kQuestion, kExclaim, kQuote, kBracket, kColon, kNumPunct };

struct SentenceFeatures {
  float len = 0;  // length_units(): code points, harakat/tatweel/bidi removed
  // Anchor items, sorted. Only items that can match something on the other
  // side of the document pair are kept (the others cost the same in every
  // alignment). A multiset: repeated items appear repeatedly.
  std::vector<std::uint32_t> items;
  std::uint64_t signature = 0;  // Bloom bits of `items`, for a fast "no match" test
  std::array<std::uint8_t, kNumPunct> punct{};
  bool para_start = false;
};

struct DocumentFeatures {
  std::vector<SentenceFeatures> src;
  std::vector<SentenceFeatures> tgt;
  // Name items of an Arabic-script side are the skeletons of all its words:
  // keys to match the other side's names, not names themselves, so they
  // cost nothing when unmatched (else every chance collision with a name
  // elsewhere in a long document would count against the right bead).
  bool src_names_are_keys = false;
  bool tgt_names_are_keys = false;
  // Likewise the verbatim items of a Latin-script side facing a non-Latin
  // one: every word of it is a key for the Latin tokens of the other side.
  bool src_verbatim_are_keys = false;
  bool tgt_verbatim_are_keys = false;
};

// Folded words per sentence (interned per side), kept for lexicon learning.
struct SentenceWords {
  std::vector<std::vector<std::uint32_t>> src;  // per sentence, word ids (with repeats)
  std::vector<std::vector<std::uint32_t>> tgt;
  // Word ids of each side are below these (the words themselves are not
  // kept: the lexicon learner counts ids).
  std::size_t src_vocab_size = 0;
  std::size_t tgt_vocab_size = 0;
};

// A word-translation table: (src word id, tgt word id) in SentenceWords ids.
using WordPairs = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// Tokenizes both documents once and keeps the candidate anchors; build()
// then turns them into features, with or without a word-translation table.
class FeatureExtractor {
 public:
  FeatureExtractor(const Document& src, const Document& tgt, const AlignOptions& options);
  ~FeatureExtractor();
  // The part of `whole` made of source sentences [i0, i1) and target
  // sentences [j0, j1), renumbered from 0, without tokenizing again (word
  // ids and the dictionary stay those of `whole`). Which items count as
  // anchors is decided by build() on the part alone.
  // REQUIRES: 0 <= i0 <= i1 <= source size, 0 <= j0 <= j1 <= target size.
  FeatureExtractor(const FeatureExtractor& whole, int i0, int i1, int j0, int j1);
  FeatureExtractor(const FeatureExtractor&) = delete;
  FeatureExtractor& operator=(const FeatureExtractor&) = delete;

  // Features for the search. `lexicon` (may be null) adds kLexicon items;
  // the options' dictionary is always added when anchors are on.
  DocumentFeatures build(const WordPairs* lexicon) const;

  const SentenceWords& words() const { return words_; }

  // How many anchor items of each side are evidence (not keys: the name
  // skeletons of an Arabic side, the words of a Latin side facing another
  // script), before filtering on what the other side holds: what a
  // translation would match. Counted on demand (align/parallel.cc).
  double evidence_items() const;

 private:
  struct Raw;
  std::vector<Raw> src_raw_, tgt_raw_;
  SentenceWords words_;
  WordPairs dictionary_pairs_;
  bool use_anchors_;
  bool src_name_keys_ = false, tgt_name_keys_ = false;
  bool src_verbatim_keys_ = false, tgt_verbatim_keys_ = false;
};

// The key under which a word (as written in a dictionary) enters the
// lexicon: folded, Arabic clitics/article removed, Latin truncated.
std::string lexicon_key_of(const std::string& word);
// The same for a token of text::tokenize().
std::string lexicon_key(const text::Token& token);

// Recomputes signature from items (after items change).
void finish_items(SentenceFeatures& f);

}  // namespace muwazi::align

#endif  // MUWAZI_ALIGN_FEATURES_H_
