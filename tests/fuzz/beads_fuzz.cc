// Fuzzes the bead/gold parser and the coverage checks on arbitrary bytes.
// parse_beads either returns beads or throws Error::Input; check_coverage
// agrees with coverage_problem; formatting a parsed bead parses back to it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "align/beads_io.h"
#include "tests/fuzz/fuzz_util.h"
#include "text/error.h"

using muwazi::fuzz::check;
namespace align = muwazi::align;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  // The first two bytes are the document sizes for the coverage checks.
  const int n_src = data[0], n_tgt = data[1];
  std::string_view bytes(reinterpret_cast<const char*>(data + 2), size - 2);
  align::Alignment a;
  try {
    a = align::parse_beads(bytes, "fuzz");
  } catch (const muwazi::Error& e) {
    check(e.kind() == muwazi::ErrorKind::kInput, "parse_beads throws Error::Input");
    return 0;
  }
  for (const align::Bead& b : a) {
    for (int id : b.src) check(id >= 0, "source ids are non-negative");
    for (int id : b.tgt) check(id >= 0, "target ids are non-negative");
    const std::string line = align::format_bead(b);
    align::Alignment again = align::parse_beads(line, "format_bead");
    check(again.size() == 1 && again[0] == b, "format_bead output parses back to the same bead");
  }
  const std::string problem = align::coverage_problem(a, n_src, n_tgt);
  bool threw = false;
  try {
    align::check_coverage(a, n_src, n_tgt, "fuzz");
  } catch (const muwazi::Error& e) {
    check(e.kind() == muwazi::ErrorKind::kInput, "check_coverage throws Error::Input");
    threw = true;
  }
  check(threw == !problem.empty(), "check_coverage throws iff coverage_problem reports");
  try {
    align::check_ids_in_range(a, n_src, n_tgt, "fuzz");
  } catch (const muwazi::Error& e) {
    check(e.kind() == muwazi::ErrorKind::kInput, "check_ids_in_range throws Error::Input");
  }
  return 0;
}
