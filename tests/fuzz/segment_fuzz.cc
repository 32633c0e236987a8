// Fuzzes sentence segmentation (Arabic, English and automatic rules) on
// clean text. Invariants from text/segment.h: no empty paragraph, no empty
// or untrimmed sentence, no newline inside a sentence, valid UTF-8 out, and
// every non-space character of the input kept, in order.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tests/fuzz/fuzz_util.h"
#include "text/error.h"
#include "text/input.h"
#include "text/segment.h"
#include "text/utf8.h"

using muwazi::fuzz::check;
namespace text = muwazi::text;

namespace {

bool is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// The input bytes with ASCII white space removed (segmentation may trim and
// join lines, and drops Unicode spaces only at the sentence edges).
std::string ascii_non_space(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (!is_space_byte(c)) out += c;
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
  // Every ASCII non-space byte survives in order (a subsequence check:
  // trimming may also drop Unicode white space at the edges).
  const std::string want = ascii_non_space(clean);
  std::size_t j = 0;
  for (char c : ascii_non_space(joined)) {
    if (j < want.size() && want[j] == c) ++j;
  }
  check(j == want.size(), "segmentation keeps every ASCII non-space byte, in order");
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
