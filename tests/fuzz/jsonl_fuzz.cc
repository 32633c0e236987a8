// Fuzzes the JSONL importer (the aligner's `--format jsonl` output) through
// import_file into a scratch TM: malformed JSON, wrong types, huge numbers,
// invalid UTF-8 inside strings must all be Error::Input "PATH:LINE", and a
// failed file stores nothing.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  muwazi::tm::ImportOptions o;
  o.format = muwazi::tm::ImportFormat::kJsonl;
  o.src_lang = "ar";
  o.tgt_lang = "en";
  o.min_score = 0.3;
  o.write.on_duplicate = size % 2 ? muwazi::tm::OnDuplicate::kKeep : muwazi::tm::OnDuplicate::kAdd;
  muwazi::fuzz::fuzz_import(data, size, "in.jsonl", o);
  return 0;
}
