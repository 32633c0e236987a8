// Fuzzes the streaming TMX reader through import_file into a scratch TM:
// malformed XML or TMX must be an Error::Input naming the file and line,
// never a crash, hang or partial import. Entities are never expanded and no
// DTD or network is fetched (tm/tmx_reader.h), so bombs must stay cheap.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  muwazi::tm::ImportOptions o;
  o.format = muwazi::tm::ImportFormat::kTmx;
  muwazi::fuzz::fuzz_import(data, size, "in.tmx", o);
  return 0;
}
