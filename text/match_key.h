// The match key: the normalized form under which the translation memory
// compares, indexes and searches text. The stored text is never changed; the
// key is derived from it. Arabic-aware (see MatchKeyOptions for every step).
//
// Like SentencePiece's normalizer, the key keeps a map from each key byte back
// to the original text, so a hit found on the key can be shown (highlighted)
// on the original. Units: every offset here is a BYTE offset into UTF-8.
#ifndef MUWAZI_TEXT_MATCH_KEY_H_
#define MUWAZI_TEXT_MATCH_KEY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace muwazi::text {

// Each step can be switched off; the TM uses the defaults for its keys and
// switches single steps off to explain why two texts with the same key are
// not identical (one penalty per step, see tm/scoring.h).
struct MatchKeyOptions {
  // NFKC (compatibility forms, Arabic presentation forms, ligatures).
  bool nfkc = true;
  // Remove bidi and format marks: U+200B-200F, U+061C, U+202A-202E,
  // U+2060-2064, U+2066-2069, U+FEFF, U+00AD (soft hyphen).
  bool remove_format = true;
  // Remove harakat and Quranic marks: U+064B-065F, U+0670, U+06D6-06ED.
  bool remove_harakat = true;
  // Remove tatweel (kashida) U+0640.
  bool remove_tatweel = true;
  // آ أ إ ٱ -> ا (hamza/madda/wasla on alef).
  bool fold_alef = true;
  // ى -> ي, ة -> ه, ک -> ك, ی -> ي.
  bool fold_letters = true;
  // Arabic-Indic (U+0660-0669) and Eastern Arabic-Indic (U+06F0-06F9) digits
  // -> ASCII; ٫ -> '.', ٬ -> ',', ٪ -> '%'.
  bool fold_digits = true;
  // ، -> ','  ؛ -> ';'  ؟ -> '?'.
  bool fold_punct = true;
  // Every run of white space -> one U+0020; none at the ends.
  bool fold_space = true;
  // Simple Unicode case folding (every script that has case).
  bool case_fold = true;
  // Not part of the match key: drop punctuation (general category P*) and
  // all white space. Used for the "loose" key that groups texts which differ
  // only in punctuation or spacing.
  bool drop_punct = false;
  bool drop_space = false;
};

struct MatchKey {
  std::string key;
  // offsets.size() == key.size() + 1. offsets[i] is the byte offset in the
  // original of the character that produced key byte i; offsets.back() is
  // the original's size. Non-decreasing.
  std::vector<std::uint32_t> offsets;

  // The original byte range [first, second) that produced key bytes [b, e).
  // REQUIRES: b <= e <= key.size().
  std::pair<std::size_t, std::size_t> original_range(std::size_t b, std::size_t e) const;
};

// REQUIRES: `original` is valid UTF-8.
MatchKey match_key_with_offsets(std::string_view original, const MatchKeyOptions& options = {});
// Same key, without the offset map (faster).
std::string match_key(std::string_view original, const MatchKeyOptions& options = {});

// The loose key (drop_punct and drop_space on) from a match key made with
// the default options: the same string as match_key(original, loose
// options), without normalizing the original again.
std::string loose_key_from_key(std::string_view key);

// A word token of a match key: [begin, end) byte range into the key.
struct KeyToken {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool number = false;  // only digits, with '.' or ',' between digits
};

// Word tokens of a match key: maximal runs of characters that are neither
// white space nor punctuation (P*); '.' and ',' between two digits belong to
// the number. Punctuation is not a token.
// REQUIRES: `key` is valid UTF-8 (normally a match_key()).
std::vector<KeyToken> match_key_tokens(std::string_view key);

}  // namespace muwazi::text

#endif  // MUWAZI_TEXT_MATCH_KEY_H_
