// Numbers in a sentence, in every digit system and as number words, reduced
// to one canonical form so that "١٥", "15", "fifteen" and "خمسة عشر" compare
// equal.
#ifndef MUWAZI_TEXT_NUMBERS_H_
#define MUWAZI_TEXT_NUMBERS_H_

#include <string>
#include <string_view>
#include <vector>

#include "text/tokenize.h"

namespace muwazi::text {

// Canonical numbers of a sentence: digits of any Unicode decimal system
// (Western, Arabic-Indic ٠-٩, Extended Arabic-Indic ۰-۹, ...) with thousands
// separators removed (, ٬ and, for languages that write 1.000, '.') and the
// decimal separator as '.' (. ٫ and, for comma-decimal languages, ','),
// trailing fractional zeros dropped ("3.50" -> "3.5"), leading zeros kept
// for multi-digit groups ("007" stays "007" so codes do not match counts).
// Also number words in English and Arabic ("twenty-five", "خمسة وعشرون",
// "خمسة عشر"); English "one" is left out (too often a pronoun).
// `lang` is a BCP-47 primary tag; `tokens` = tokenize(sentence).
std::vector<std::string> extract_numbers(std::string_view sentence, const std::vector<Token>& tokens,
                                         std::string_view lang);

// Canonical form of one digit string with separators (exposed for tests):
// "1,000" -> "1000", "٣٫٥" -> "3.5". `comma_decimal`: ',' is decimal.
std::string canonical_number(std::string_view digits_with_separators, bool comma_decimal);

}  // namespace muwazi::text

#endif  // MUWAZI_TEXT_NUMBERS_H_
