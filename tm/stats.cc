#include "tm/stats.h"

#include "tm/sqlite_util.h"

namespace muwazi::tm {

TmStats tm_stats(const Tm& tm) {
  TmStats st;
  auto one = [&](const char* sql) {
    Stmt s(tm.db(), tm.path(), sql);
    return s.step() ? s.int64(0) : 0;
  };
  st.units = one("SELECT count(*) FROM units");
  st.documents = one("SELECT count(*) FROM sources");
  st.size_bytes = one("PRAGMA page_count") * one("PRAGMA page_size");
  st.schema_version = static_cast<int>(one("PRAGMA user_version"));
  Stmt s(tm.db(), tm.path(),
         "SELECT lower(src_lang), lower(tgt_lang), count(*) AS n FROM units GROUP BY 1, 2 ORDER BY n DESC, 1, 2");
  while (s.step()) st.pairs.push_back({s.str(0), s.str(1), s.int64(2)});
  return st;
}

}  // namespace muwazi::tm
