#include "tm/schema.h"

#include "tm/sqlite_util.h"
#include "tm/tm.h"

namespace muwazi::tm {
namespace {

// Version 1. Text columns hold the original text untouched; *_key is the
// match key (text/match_key.h), *_loose the 64-bit hash of the loose key,
// src_hash the identity of (language pair, source text).
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE sources(
  id        INTEGER PRIMARY KEY,
  kind      TEXT NOT NULL CHECK (kind IN ('tmx', 'tsv', 'jsonl', 'docpair')),
  name      TEXT NOT NULL,
  sha256    TEXT,
  name2     TEXT,
  sha256_2  TEXT,
  added_at  TEXT NOT NULL,
  added_by  TEXT
);
CREATE INDEX sources_sha ON sources(sha256);
CREATE TABLE units(
  id            INTEGER PRIMARY KEY,
  src_lang      TEXT NOT NULL,
  tgt_lang      TEXT NOT NULL,
  src_text      TEXT NOT NULL,
  tgt_text      TEXT NOT NULL,
  src_markup    TEXT,
  tgt_markup    TEXT,
  src_key       TEXT NOT NULL,
  tgt_key       TEXT NOT NULL,
  src_loose     INTEGER NOT NULL,
  tgt_loose     INTEGER NOT NULL,
  src_hash      INTEGER NOT NULL,
  source_id     INTEGER REFERENCES sources(id) ON DELETE SET NULL,
  position      INTEGER,
  score         REAL,
  bead          TEXT,
  src_sentences TEXT,
  tgt_sentences TEXT,
  tuid          TEXT,
  created_at    TEXT,
  created_by    TEXT,
  changed_at    TEXT,
  changed_by    TEXT,
  extra         TEXT
);
CREATE INDEX units_src_hash ON units(src_hash);
CREATE INDEX units_src_loose ON units(src_loose);
CREATE INDEX units_tgt_loose ON units(tgt_loose);
CREATE INDEX units_source ON units(source_id);
CREATE TABLE postings(
  term INTEGER NOT NULL,
  seg  INTEGER NOT NULL,
  n    INTEGER NOT NULL,
  ids  BLOB NOT NULL,
  PRIMARY KEY (term, seg)
) WITHOUT ROWID;
)sql";

}  // namespace

void migrate(sqlite3* db, const std::string& path, int from_version) {
  // Each step moves the schema up by one version; future versions append
  // a step here (ALTER TABLE ..., backfills) and never edit old ones.
  static const char* const kSteps[] = {kSchemaV1};
  static_assert(sizeof(kSteps) / sizeof(kSteps[0]) == kSchemaVersion);
  for (int v = from_version; v < kSchemaVersion; ++v) exec_sql(db, path, kSteps[v]);
  std::string pragmas = "PRAGMA application_id = " + std::to_string(kApplicationId) +
                        "; PRAGMA user_version = " + std::to_string(kSchemaVersion) + ";";
  exec_sql(db, path, pragmas.c_str());
}

}  // namespace muwazi::tm
