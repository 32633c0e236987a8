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

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_SCHEMA_H_
