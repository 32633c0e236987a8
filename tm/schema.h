// The TM schema and its forward migrations. Version N of the schema is what
// migrations 1..N produce; PRAGMA user_version records N.
#ifndef MUWAZI_TM_SCHEMA_H_
#define MUWAZI_TM_SCHEMA_H_

#include <sqlite3.h>

#include <string>

namespace muwazi::tm {

// Brings a database at `from_version` (0 = empty file) to kSchemaVersion,
// inside the caller's transaction.
void migrate(sqlite3* db, const std::string& path, int from_version);

// The indexes on the units' loose-key hashes, as version 1 creates them:
// dropped and created again by a bulk write (WriteOptions::
// rebuild_loose_indexes).
inline constexpr const char* kDropLooseIndexes = "DROP INDEX units_src_loose; DROP INDEX units_tgt_loose;";
inline constexpr const char* kCreateLooseIndexes =
    "CREATE INDEX units_src_loose ON units(src_loose); CREATE INDEX units_tgt_loose ON units(tgt_loose);";

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_SCHEMA_H_
