// What is in a TM: units per language pair, documents, size.
#ifndef MUWAZI_TM_STATS_H_
#define MUWAZI_TM_STATS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "tm/tm.h"

namespace muwazi::tm {

struct PairCount {
  std::string src_lang, tgt_lang;  // lower-cased
  std::int64_t units = 0;
};

struct TmStats {
  std::int64_t units = 0;
  std::int64_t documents = 0;  // provenance records: TMX/TSV/JSONL files and document pairs
  std::vector<PairCount> pairs;  // most units first
  std::int64_t size_bytes = 0;   // database file size (pages in use * page size)
  int schema_version = 0;
};

TmStats tm_stats(const Tm& tm);

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_STATS_H_
