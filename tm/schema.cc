#include "tm/schema.h"

#include "text/error.h"
#include "tm/codes.h"
#include "tm/keys.h"
#include "tm/sqlite_util.h"
#include "tm/tm.h"
#include "tm/word_index.h"

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
-- (tm/schema.h kCreateLooseIndexes creates these two again after a bulk write)
CREATE INDEX units_source ON units(source_id);
CREATE TABLE postings(
  term INTEGER NOT NULL,
  seg  INTEGER NOT NULL,
  n    INTEGER NOT NULL,
  ids  BLOB NOT NULL,
  PRIMARY KEY (term, seg)
) WITHOUT ROWID;
)sql";

// Version 2: the same tables; a posting in `postings` became unit id << 9 |
// side << 8 | word count (tm/word_index.h) where version 1 files may hold
// unit id * 2 + side, which version 2 code would decode into wrong units.
// The word index is rebuilt from the stored match keys (the token hashes
// cannot be computed in SQL). Also drops postings left by overwritten units.
void rebuild_word_index(sqlite3* db, const std::string& path) {
  exec_sql(db, path, "DELETE FROM postings");
  WordIndexWriter index(db, path);
  Stmt units(db, path, "SELECT id, src_key, tgt_key FROM units ORDER BY id");
  // Flushed as often as a write batch flushes (two index documents a unit).
  const std::size_t flush_docs = 2 * WriteOptions{}.flush_every;
  while (units.step()) {
    const std::int64_t id = units.int64(0);
    for (int side = 0; side < 2; ++side) {
      std::vector<std::uint64_t> tokens = key_token_hashes(units.text(1 + side));
      index.add(make_posting(id, side, tokens.size()), tokens);
    }
    if (index.pending_docs() >= flush_docs) index.flush();
  }
  index.flush();
}

// Version 3: provenance of corpus-scale batches and of reviewed units.
// sources.pair_id is the batch manifest's id of a document pair (resume
// finds a finished pair by pair_id and both texts' sha256); url/url2 are the
// crawled documents' addresses. units.reviewed is 1 for a unit that a person
// checked (the review page of `muwazi serve`), NULL otherwise.
constexpr const char* kSchemaV3 = R"sql(
ALTER TABLE sources ADD COLUMN pair_id TEXT;
ALTER TABLE sources ADD COLUMN url TEXT;
ALTER TABLE sources ADD COLUMN url2 TEXT;
CREATE INDEX sources_pair ON sources(pair_id) WHERE pair_id IS NOT NULL;
ALTER TABLE units ADD COLUMN reviewed INTEGER;
)sql";

// Version 4: inline codes are part of a unit's identity, and units know
// their context.
// units.src_codes/tgt_codes hold code_signature() of the markup (tm/codes.h;
// NULL for plain text): two units are the same only when texts AND codes
// are equal. Backfilled from the stored markup. (Version 3 dropped a second
// TU that differed from a stored one only in its codes: such TUs come back
// by importing their file again.)
// contexts: the (previous, next) source sentence hashes (tm/keys.h
// context_hash) of each place a unit was met in; exact matches in the same
// context score 101 (tm/lookup.h).
// sources.kind also admits 'review': units a person checked and saved
// (POST /api/units of `muwazi serve`). SQLite cannot alter a CHECK
// constraint, so the table is rebuilt (same columns, same ids) the way
// https://sqlite.org/lang_altertable.html#otheralter says; Tm::open turns
// foreign keys off around an upgrade so that dropping the old table does
// not set units.source_id to NULL.
constexpr const char* kSchemaV4 = R"sql(
ALTER TABLE units ADD COLUMN src_codes TEXT;
ALTER TABLE units ADD COLUMN tgt_codes TEXT;
CREATE TABLE contexts(
  unit INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  prev INTEGER NOT NULL,
  next INTEGER NOT NULL,
  PRIMARY KEY (unit, prev, next)
) WITHOUT ROWID;
CREATE TABLE sources_v4(
  id        INTEGER PRIMARY KEY,
  kind      TEXT NOT NULL CHECK (kind IN ('tmx', 'tsv', 'jsonl', 'docpair', 'review')),
  name      TEXT NOT NULL,
  sha256    TEXT,
  name2     TEXT,
  sha256_2  TEXT,
  added_at  TEXT NOT NULL,
  added_by  TEXT,
  pair_id   TEXT,
  url       TEXT,
  url2      TEXT
);
INSERT INTO sources_v4(id, kind, name, sha256, name2, sha256_2, added_at, added_by, pair_id, url, url2)
  SELECT id, kind, name, sha256, name2, sha256_2, added_at, added_by, pair_id, url, url2 FROM sources;
DROP TABLE sources;
ALTER TABLE sources_v4 RENAME TO sources;
CREATE INDEX sources_sha ON sources(sha256);
CREATE INDEX sources_pair ON sources(pair_id) WHERE pair_id IS NOT NULL;
)sql";

void add_codes_and_contexts(sqlite3* db, const std::string& path) {
  exec_sql(db, path, kSchemaV4);
  Stmt marked(db, path,
              "SELECT id, src_markup, tgt_markup FROM units WHERE src_markup IS NOT NULL OR tgt_markup IS NOT NULL");
  Stmt set(db, path, "UPDATE units SET src_codes = ?2, tgt_codes = ?3 WHERE id = ?1");
  while (marked.step()) {
    std::string codes[2];
    for (int side = 0; side < 2; ++side) {
      if (marked.is_null(1 + side)) continue;
      try {
        codes[side] = code_signature(nlohmann::json::parse(marked.text(1 + side)));
      } catch (const nlohmann::json::exception&) {
        throw Error::Database(path + ": corrupt JSON in unit " + std::to_string(marked.int64(0)));
      }
    }
    if (codes[0].empty() && codes[1].empty()) continue;
    set.bind(1, marked.int64(0)).bind_or_null(2, codes[0]).bind_or_null(3, codes[1]);
    set.exec();
  }
}

}  // namespace

void migrate(sqlite3* db, const std::string& path, int from_version) {
  // Each step moves the schema up by one version; future versions append
  // a step here (ALTER TABLE ..., backfills) and never edit old ones.
  using Step = void (*)(sqlite3*, const std::string&);
  static const Step kSteps[] = {
      [](sqlite3* d, const std::string& p) { exec_sql(d, p, kSchemaV1); },
      rebuild_word_index,
      [](sqlite3* d, const std::string& p) { exec_sql(d, p, kSchemaV3); },
      add_codes_and_contexts,
  };
  static_assert(sizeof(kSteps) / sizeof(kSteps[0]) == kSchemaVersion);
  for (int v = from_version; v < kSchemaVersion; ++v) kSteps[v](db, path);
  std::string pragmas = "PRAGMA application_id = " + std::to_string(kApplicationId) +
                        "; PRAGMA user_version = " + std::to_string(kSchemaVersion) + ";";
  exec_sql(db, path, pragmas.c_str());
}

}  // namespace muwazi::tm
