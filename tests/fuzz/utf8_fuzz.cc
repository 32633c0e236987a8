// Fuzzes the text layer on arbitrary bytes: UTF-8 validation and decoding,
// clean_text (BOM, CRLF, UTF-16/binary rejection, NFC), NFC/NFKC, the match
// key with its offset map and key tokens, tokenization, numbers and name
// skeletons. Checks the invariants the headers promise.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "tests/fuzz/fuzz_util.h"
#include "text/error.h"
#include "text/input.h"
#include "text/match_key.h"
#include "text/numbers.h"
#include "text/tokenize.h"
#include "text/translit.h"
#include "text/utf8.h"

using muwazi::fuzz::check;
namespace text = muwazi::text;

namespace {

void fuzz_valid_text(std::string_view s) {
  // Decoding walks the string exactly and re-encoding gives it back.
  std::string re;
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) {
    const std::size_t before = i;
    char32_t cp = text::next_cp(s, i);
    check(i > before && i <= s.size(), "next_cp advances inside the string");
    text::append_utf8(re, cp);
  }
  check(re == s, "decode + encode round trip");
  check(n == text::cp_count(s), "cp_count");

  std::string nfc = text::to_nfc(s);
  check(text::find_invalid_utf8(nfc) == text::kNpos, "NFC output is valid UTF-8");
  check(text::to_nfc(nfc) == nfc, "NFC is idempotent");
  std::string nfkc = text::to_nfkc(s);
  check(text::find_invalid_utf8(nfkc) == text::kNpos, "NFKC output is valid UTF-8");

  text::MatchKey mk = text::match_key_with_offsets(s);
  check(mk.offsets.size() == mk.key.size() + 1, "offsets.size() == key.size() + 1");
  check(mk.offsets.back() == s.size(), "offsets.back() == original size");
  for (std::size_t i = 1; i < mk.offsets.size(); ++i) check(mk.offsets[i - 1] <= mk.offsets[i], "offsets non-decreasing");
  check(text::find_invalid_utf8(mk.key) == text::kNpos, "match key is valid UTF-8");
  check(text::match_key(s) == mk.key, "match_key == match_key_with_offsets().key");
  auto [b, e] = mk.original_range(0, mk.key.size());
  check(b <= e && e <= s.size(), "original_range inside the original");
  for (const text::KeyToken& t : text::match_key_tokens(mk.key)) {
    check(t.begin < t.end && t.end <= mk.key.size(), "key token inside the key");
  }
  text::MatchKeyOptions loose;
  loose.drop_punct = loose.drop_space = true;
  check(text::find_invalid_utf8(text::match_key(s, loose)) == text::kNpos, "loose key is valid UTF-8");

  std::vector<text::Token> tokens = text::tokenize(s);
  (void)text::length_units(s);
  (void)text::extract_numbers(s, tokens, "ar");
  (void)text::extract_numbers(s, tokens, "en");
  (void)text::extract_numbers(s, tokens, "de");
  // The skeleton cache grows with every new word: start a fresh one now and
  // then so a long run does not mistake the cache for a leak.
  static std::unique_ptr<text::ArabicNameSkeletons> skeletons;
  static int uses = 0;
  if (!skeletons || ++uses % 5000 == 0) skeletons = std::make_unique<text::ArabicNameSkeletons>();
  for (const text::Token& t : tokens) {
    if (t.script == text::Script::kArabic) (void)skeletons->skeletons(t.text);
    if (t.script == text::Script::kLatin) (void)text::latin_skeleton(t.text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::size_t bad = text::find_invalid_utf8(bytes);
  check(bad == text::kNpos || bad < size, "invalid offset inside the input");
  if (bad == text::kNpos) fuzz_valid_text(bytes);

  try {
    std::string clean = text::clean_text(bytes, "fuzz");
    check(text::find_invalid_utf8(clean) == text::kNpos, "clean_text output is valid UTF-8");
    check(clean.find('\r') == std::string::npos, "clean_text removes CR");
    check(clean.find('\0') == std::string::npos, "clean_text output has no NUL");
    if (clean != bytes) fuzz_valid_text(clean);
  } catch (const muwazi::Error& e) {
    check(e.kind() == muwazi::ErrorKind::kInput, "clean_text throws Error::Input");
    check(bad != text::kNpos || std::string_view(bytes).find('\0') != std::string_view::npos ||
              (size >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")),
          "clean_text rejects only invalid UTF-8, NUL bytes or a UTF-16/32 BOM");
  }
  return 0;
}
