// UTF-8 primitives: validation with byte offsets, decoding, encoding, NFC.
// Units: all offsets and lengths here are in BYTES unless a name says "cp"
// (code points).
#ifndef MUWAZI_TEXT_UTF8_H_
#define MUWAZI_TEXT_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace muwazi::text {

inline constexpr std::size_t kNpos = static_cast<std::size_t>(-1);

// Byte offset of the first byte that does not start a valid, shortest-form
// UTF-8 sequence (surrogates and > U+10FFFF are invalid), or kNpos.
std::size_t find_invalid_utf8(std::string_view s);

// Decodes the code point starting at s[i] and advances i past it.
// REQUIRES: s is valid UTF-8 and i < s.size() lies on a sequence start.
char32_t next_cp(std::string_view s, std::size_t& i);

// Appends cp encoded as UTF-8.
void append_utf8(std::string& out, char32_t cp);

// Number of code points. REQUIRES: valid UTF-8.
std::size_t cp_count(std::string_view s);

// NFC normalization (ICU). REQUIRES: valid UTF-8.
std::string to_nfc(std::string_view s);
// NFKC normalization (ICU). REQUIRES: valid UTF-8.
std::string to_nfkc(std::string_view s);

}  // namespace muwazi::text

#endif  // MUWAZI_TEXT_UTF8_H_
