// Filling the TM from files: TMX (tm/tmx_reader.h), TSV and the aligner's
// JSONL. One file = one transaction: a file with an error stores nothing.
#ifndef MUWAZI_TM_IMPORT_H_
#define MUWAZI_TM_IMPORT_H_

#include <cstdint>
#include <functional>
#include <string>

#include "tm/tm.h"
#include "tm/unit.h"

namespace muwazi::tm {

enum class ImportFormat { kAuto, kTmx, kTsv, kJsonl };
// "auto" | "tmx" | "tsv" | "jsonl"; Error::Usage otherwise.
ImportFormat parse_import_format(const std::string& s);
const char* import_format_name(ImportFormat f);

struct ImportOptions {
  // kAuto: by extension (.tmx, .tsv/.txt, .jsonl/.json), else by content
  // ('<' first: TMX).
  ImportFormat format = ImportFormat::kAuto;
  // TMX: preferred source language / only this target language ("" = from
  // the file). TSV and JSONL: the languages of the two columns (required).
  std::string src_lang;
  std::string tgt_lang;
  // JSONL/TSV with a score column: skip beads below this confidence.
  double min_score = 0;
  WriteOptions write;
  // Called now and then with the number of units read so far (for a
  // progress line); may be empty.
  std::function<void(std::int64_t)> progress;
};

struct ImportResult {
  ImportFormat format = ImportFormat::kAuto;
  std::int64_t records = 0;  // tu elements or lines read
  std::int64_t units = 0;    // units offered to the TM
  std::int64_t skipped = 0;  // records that gave no unit (one language, empty side, low score, omission)
  WriteStats write;
};

// Parses a TSV/JSONL file into units (exposed for tests). Throws
// Error::Input "PATH:LINE: reason".
std::string read_tsv(const std::string& path, const ImportOptions& options, ImportResult& result,
                     const std::function<void(Unit&&)>& on_unit);
std::string read_jsonl(const std::string& path, const ImportOptions& options, ImportResult& result,
                       const std::function<void(Unit&&)>& on_unit);

// Reads the file and stores its units in one transaction.
ImportResult import_file(Tm& tm, const std::string& path, const ImportOptions& options);

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_IMPORT_H_
