// Fuzzes the --dict / --lexicon file reader (align/document_io.h) on
// arbitrary bytes, as read_dictionary sees them: clean_text first (binary,
// UTF-16, invalid UTF-8 are refused there), then the lines. Either entries
// come back or Error::Input names the file and a line; every entry has a
// non-empty source and target without tabs, newlines or edge spaces, and
// writing the entries back as "src<TAB>tgt" lines parses to the same set.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "align/document_io.h"
#include "tests/fuzz/fuzz_util.h"
#include "text/error.h"
#include "text/input.h"

using muwazi::fuzz::check;
namespace align = muwazi::align;

namespace {

std::vector<std::pair<std::string, std::string>> sorted(const align::Dictionary& d) {
  std::vector<std::pair<std::string, std::string>> v(d.begin(), d.end());
  std::sort(v.begin(), v.end());
  return v;
}

bool clean_word(const std::string& w) {
  return !w.empty() && w.front() != ' ' && w.back() != ' ' && w.find_first_of("\t\n") == std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string clean;
  try {
    clean = muwazi::text::clean_text(bytes, "fuzz.dict");
  } catch (const muwazi::Error& e) {
    check(e.kind() == muwazi::ErrorKind::kInput, "clean_text throws Error::Input");
    return 0;
  }
  align::Dictionary dict;
  try {
    dict = align::parse_dictionary(clean, "fuzz.dict");
  } catch (const muwazi::Error& e) {
    check(e.kind() == muwazi::ErrorKind::kInput, "parse_dictionary throws Error::Input");
    check(std::string_view(e.what()).rfind("fuzz.dict:", 0) == 0, "the error names the file and a line");
    return 0;
  }
  // A source that starts with '#' only comes from a line with leading
  // spaces (" #x<TAB>y"); written back it would be a comment line.
  std::string again;
  align::Dictionary writable;
  for (const auto& [src, tgt] : dict) {
    check(clean_word(src) && clean_word(tgt), "entries are trimmed, non-empty, one line, no tab");
    if (src[0] == '#') continue;
    writable.emplace(src, tgt);
    again += src + "\t" + tgt + "\n";
  }
  check(sorted(align::parse_dictionary(again, "again")) == sorted(writable), "written entries parse back");
  return 0;
}
