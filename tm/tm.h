// The translation memory: one SQLite file (WAL, foreign keys on, schema
// version in PRAGMA user_version, busy timeout so readers work during an
// import). Every write is one transaction: a WriteBatch either commits all
// its units or leaves the TM exactly as it was.
//
//   tm::Tm tm = tm::Tm::open("muwazi.db", {.create = true});
//   tm::WriteBatch batch(tm, provenance, {});
//   batch.add(unit); ...
//   tm::WriteStats st = batch.commit();
#ifndef MUWAZI_TM_TM_H_
#define MUWAZI_TM_TM_H_

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tm/keys.h"
#include "tm/unit.h"

namespace muwazi::tm {

// Current schema version (PRAGMA user_version). Files with a higher version
// were written by a newer muwazi and are refused.
inline constexpr int kSchemaVersion = 4;
// PRAGMA application_id of a muwazi TM ("MUWZ").
inline constexpr std::int32_t kApplicationId = 0x4D55575A;

struct OpenOptions {
  // Create the file (and the schema) when missing. When false, a missing
  // file is an error.
  bool create = false;
  // Open read-only (lookup, export, stats).
  bool read_only = false;
  // How long a writer or reader waits for a lock held by another process.
  int busy_timeout_ms = 10000;
};

class Tm {
 public:
  // Opens or creates the TM. Throws Error::Database for a missing file (when
  // !create), a non-SQLite or corrupt file, a SQLite file that is not a
  // muwazi TM, a newer schema, or a read-only file when writing.
  static Tm open(const std::string& path, const OpenOptions& options = {});

  Tm(Tm&&) noexcept;
  Tm& operator=(Tm&&) noexcept;
  ~Tm();

  sqlite3* db() const { return db_; }
  const std::string& path() const { return path_; }

  std::int64_t unit_count() const;
  // Calls fn for every unit in id order (streaming, for export).
  void for_each_unit(const std::function<void(const StoredUnit&)>& fn) const;
  StoredUnit get_unit(std::int64_t id) const;
  // Calls fn(pair_id, sha256, sha256_2) for every document pair recorded
  // with a pair id (the pairs a batch has stored; for resume).
  void for_each_pair_source(
      const std::function<void(std::string_view pair_id, std::string_view sha256, std::string_view sha256_2)>& fn)
      const;

 private:
  Tm(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::string path_;
};

// What to do when a unit has the same source (language pair, text and
// inline codes) as a stored unit but a different target. The same source AND
// target (texts and codes) is never stored twice, whatever the policy: a
// second copy adds only its context to the stored unit. Segments with the
// same text but other codes (tm/codes.h) are different segments.
enum class OnDuplicate {
  kAdd,        // store it too, as an alternative translation (default)
  kKeep,       // keep the stored unit(s), drop the new one
  kOverwrite,  // replace the stored unit(s) by the new one
};
// "add" / "keep" / "overwrite"; throws Error::Usage otherwise.
OnDuplicate parse_on_duplicate(const std::string& s);

struct WriteOptions {
  OnDuplicate on_duplicate = OnDuplicate::kAdd;
  // Recorded as created_by when a unit has none ("" = leave empty).
  std::string user;
  // Units are indexed in memory and flushed to the word index every this
  // many units, so memory stays flat for huge imports.
  std::size_t flush_every = 100000;
  // Bulk load: the indexes on the units' loose keys (read by lookups, never
  // by a write) are dropped when the batch begins and built again, sorted,
  // before it commits, all in its one transaction. Sorting N units once is
  // cheaper than N inserts at random places of a B-tree when the batch
  // brings a good part of what the TM will hold (tm merge into a new TM).
  bool rebuild_loose_indexes = false;
};

struct WriteStats {
  std::int64_t added = 0;        // new units stored
  std::int64_t identical = 0;    // same source and target (and codes) already stored: skipped
  std::int64_t kept = 0;         // same source, other target, policy keep: skipped
  std::int64_t overwritten = 0;  // stored units replaced (policy overwrite)
};

// A unit with everything derived from it computed (keys, hashes, JSON):
// the CPU-heavy part of an insert, done outside the transaction (possibly
// on another thread).
struct PreparedUnit {
  Unit unit;
  SideKeys src, tgt;
  std::uint64_t source_identity = 0;
  std::string src_markup, tgt_markup, extra;  // JSON text, "" for none
  std::string src_codes, tgt_codes;  // code_signature() (tm/codes.h), "" for plain text
};
// Throws Error::Input for invalid UTF-8. Thread-safe.
PreparedUnit prepare_unit(Unit unit);
// The same with the source text's text::match_key() computed already (a
// document pair's units: each sentence's key serves its unit and the
// contexts of its neighbours).
PreparedUnit prepare_unit(Unit unit, std::string src_match_key);

// One write transaction. Destroying an uncommitted batch rolls it back.
class WriteBatch {
 public:
  // Units from one file or document pair: `provenance` is recorded once; a
  // file recorded before that brings no new unit is not recorded again.
  WriteBatch(Tm& tm, const Provenance& provenance, const WriteOptions& options);
  // Units from several sources in one transaction (a batch of document
  // pairs): call start_source() before the units of each.
  WriteBatch(Tm& tm, const WriteOptions& options);
  ~WriteBatch();
  WriteBatch(const WriteBatch&) = delete;
  WriteBatch& operator=(const WriteBatch&) = delete;

  // Validates the language tags (Error::Input naming the tag) and stores
  // the unit subject to the on-duplicate policy.
  void add(const Unit& unit);
  void add(PreparedUnit&& unit);
  // Records a source; the units added after this call come from it.
  void start_source(const Provenance& provenance);
  // Updates the provenance hash (known only after a streaming read).
  void set_sha256(const std::string& sha256);
  // The stats of every unit added so far (commit() returns the same).
  WriteStats commit();
  const WriteStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_TM_H_
