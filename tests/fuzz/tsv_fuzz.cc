// Fuzzes the TSV importer (source TAB target [TAB score]) through
// import_file into a scratch TM: bad lines are Error::Input "PATH:LINE",
// and a failed file stores nothing.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  muwazi::tm::ImportOptions o;
  o.format = muwazi::tm::ImportFormat::kTsv;
  o.src_lang = "ar";
  o.tgt_lang = "en";
  o.min_score = 0.3;
  muwazi::fuzz::fuzz_import(data, size, "in.tsv", o);
  return 0;
}
