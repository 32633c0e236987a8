// Fuzzes sentence segmentation (Arabic, English and automatic rules) on
// clean text. Invariants from text/segment.h: no empty paragraph, no empty
// or untrimmed sentence, no newline inside a sentence, valid UTF-8 out, and
// every non-space character of the input kept, in order.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <unicode/uchar.h>

#include "tests/fuzz/fuzz_util.h"
#include "text/error.h"
#include "text/input.h"
#include "text/segment.h"
#include "text/utf8.h"

using muwazi::fuzz::check;
namespace text = muwazi::text;

namespace {

bool is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// The text without white space (Unicode White_Space: segmentation trims
// sentences and joins lines, so U+2028, NBSP, ... may go at the edges).
std::string non_space(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t b = i;
    const char32_t cp = text::next_cp(s, i);
    if (!u_isUWhiteSpace(static_cast<UChar32>(cp))) out.append(s.substr(b, i - b));
  }
  return out;
}

void segment_and_check(std::string_view clean, const std::string& lang) {
  std::vector<text::Paragraph> paragraphs = text::segment(clean, {.lang = lang});
  std::string joined;
  for (const text::Paragraph& p : paragraphs) {
    check(!p.empty(), "no empty paragraph");
    for (const std::string& s : p) {
      check(!s.empty(), "no empty sentence");
      check(s.find('\n') == std::string::npos, "no newline inside a sentence");
      check(!is_space_byte(s.front()) && !is_space_byte(s.back()), "sentences are trimmed");
      check(text::find_invalid_utf8(s) == text::kNpos, "sentence is valid UTF-8");
      joined += s;
    }
  }
  // Nothing but white space is lost or added, and the order is kept.
  check(non_space(joined) == non_space(clean), "segmentation keeps every non-space character, in order");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // First byte picks the rules, the rest is the text.
  static const char* const kLangs[] = {"ar", "en", "auto", "fr"};
  const std::string lang = kLangs[data[0] % 4];
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string clean;
  try {
    clean = text::clean_text(bytes, "fuzz");
  } catch (const muwazi::Error&) {
    return 0;  // not text: covered by utf8_fuzz
  }
  segment_and_check(clean, lang);
  (void)text::guess_language(clean);
  return 0;
}
