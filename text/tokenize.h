// Word tokens with script and case information, for anchor extraction.
#ifndef MUWAZI_TEXT_TOKENIZE_H_
#define MUWAZI_TEXT_TOKENIZE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace muwazi::text {

enum class Script : std::uint8_t { kOther, kLatin, kArabic, kDigit };

struct Token {
  std::string text;     // letters only; Arabic: harakat/tatweel removed and
                        // orthography folded (fold_arabic); Latin: lowercased
                        // with accents removed
  std::string surface;  // the token as written (NFC)
  Script script = Script::kOther;
  bool capitalized = false;  // first letter upper case (Latin etc.)
  bool all_caps = false;     // every letter upper case, >= 2 letters
  bool sentence_initial = false;
};

// Splits a sentence into word tokens: maximal runs of letters and combining
// marks (plus an inner apostrophe or hyphen between letters). Digits are
// separate tokens of Script::kDigit. Punctuation is dropped.
std::vector<Token> tokenize(std::string_view sentence);

// Arabic orthographic folding used for matching and lengths:
// removes harakat (U+064B–065F, U+0670), tatweel (U+0640) and Quranic marks
// (U+06D6–06ED); folds آ أ إ ٱ → ا, ى → ي, ة → ه, ک → ك, ی → ي, ؤ → و, ئ → ي.
// Other characters pass through.
std::string fold_arabic(std::string_view s);

// True for characters that do not count towards sentence length: harakat,
// tatweel, Quranic annotation marks, bidi and zero-width format marks.
bool is_length_ignorable(char32_t cp);

// Sentence length in code points for the length model: ignorable characters
// removed and runs of white space counted as one. Unit: code points.
std::size_t length_units(std::string_view sentence);

// Lowercase + strip Latin diacritics (é → e) for a Latin-script word.
std::string fold_latin(std::string_view word);

}  // namespace muwazi::text

#endif  // MUWAZI_TEXT_TOKENIZE_H_
