#include "tm/merge.h"

#include <sys/stat.h>

#include "text/error.h"
#include "text/utf8.h"
#include "tm/keys.h"
#include "tm/sqlite_util.h"
#include "tm/unit_row.h"

namespace muwazi::tm {

namespace {

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa, sb;
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

// After kUnitColumns: what prepare_unit() would derive again, as stored.
constexpr const char* kStoredKeyColumns =
    ", u.src_key, u.tgt_key, u.src_loose, u.tgt_loose, u.src_hash, u.src_markup, u.tgt_markup, u.extra, "
    "u.src_codes, u.tgt_codes";
constexpr int kKey = kUnitColumnCount;

// A stored unit as WriteBatch::add takes it, with the input's own keys,
// hashes and JSON instead of deriving them again (the match key is the
// costly part: ICU normalization). `recompute` derives everything, for an
// input whose keys are not what this version computes.
PreparedUnit prepared_from_row(const Stmt& row, StoredUnit& su, bool recompute) {
  read_unit_row(row, su);
  if (recompute) return prepare_unit(std::move(su.unit));
  for (const Segment* seg : {&su.unit.source, &su.unit.target}) {
    if (text::find_invalid_utf8(seg->text) != text::kNpos) {
      throw Error::Database("unit " + std::to_string(su.id) + ": invalid UTF-8 in a stored text");
    }
  }
  PreparedUnit p;
  p.src.key = row.str(kKey);
  p.tgt.key = row.str(kKey + 1);
  p.src.loose = static_cast<std::uint64_t>(row.int64(kKey + 2));
  p.tgt.loose = static_cast<std::uint64_t>(row.int64(kKey + 3));
  p.src.tokens = key_token_hashes(p.src.key);
  p.tgt.tokens = key_token_hashes(p.tgt.key);
  p.source_identity = static_cast<std::uint64_t>(row.int64(kKey + 4));
  p.src_markup = row.str(kKey + 5);
  p.tgt_markup = row.str(kKey + 6);
  p.extra = row.str(kKey + 7);
  p.src_codes = row.str(kKey + 8);
  p.tgt_codes = row.str(kKey + 9);
  p.unit = std::move(su.unit);
  return p;
}

// Whether the stored keys of the input's first units are the ones this
// version derives (a TM is written by one version's code; the schema
// version pins the columns, and this pins what is in them).
bool stored_keys_current(sqlite3* db, const std::string& path) {
  Stmt first(db, path,
             std::string("SELECT ") + kUnitColumns + kStoredKeyColumns +
                 " FROM units u LEFT JOIN sources s ON s.id = u.source_id ORDER BY u.id LIMIT 64");
  StoredUnit su;
  while (first.step()) {
    PreparedUnit stored = prepared_from_row(first, su, false);
    PreparedUnit fresh = prepare_unit(stored.unit);
    if (stored.src.key != fresh.src.key || stored.tgt.key != fresh.tgt.key || stored.src.loose != fresh.src.loose ||
        stored.tgt.loose != fresh.tgt.loose || stored.source_identity != fresh.source_identity ||
        stored.src_codes != fresh.src_codes || stored.tgt_codes != fresh.tgt_codes) {
      return false;
    }
  }
  return true;
}

}  // namespace

MergeStats merge_tm(Tm& out, const std::string& input_path, const WriteOptions& options,
                    const std::function<void(std::int64_t)>& progress) {
  if (same_file(out.path(), input_path)) {
    throw Error::Database(input_path + ": is the output TM itself");
  }
  Tm in = Tm::open(input_path, {.read_only = true});
  MergeStats st;
  const bool recompute = !stored_keys_current(in.db(), in.path());
  WriteOptions wo = options;
  // Into a TM that holds less than four times what the input brings (a new
  // TM, the first shards), the loose-key indexes are built again, sorted,
  // at the end rather than kept up to date unit by unit.
  wo.rebuild_loose_indexes = out.unit_count() < 4 * in.unit_count();
  WriteBatch batch(out, wo);
  // Units in source order, each source's record before its units. Units
  // whose record is gone (ON DELETE SET NULL) come first, under one record
  // naming the input.
  Stmt sources(in.db(), in.path(),
               "SELECT id, kind, name, sha256, name2, sha256_2, added_at, added_by, pair_id, url, url2 "
               "FROM sources ORDER BY id");
  Stmt units(in.db(), in.path(),
             std::string("SELECT ") + kUnitColumns + kStoredKeyColumns +
                 " FROM units u LEFT JOIN sources s ON s.id = u.source_id WHERE u.source_id IS ?1 ORDER BY u.id");
  StoredUnit su;
  auto copy_units = [&](std::int64_t source_id) {
    if (source_id > 0) {
      units.bind(1, source_id);
    }  // unbound ?1 is NULL: the units without a source
    while (units.step()) {
      batch.add(prepared_from_row(units, su, recompute));
      if (++st.units % 10000 == 0 && progress) progress(st.units);
    }
    units.reset();
  };
  {
    Stmt orphans(in.db(), in.path(), "SELECT count(*) FROM units WHERE source_id IS NULL");
    if (orphans.step() && orphans.int64(0) > 0) {
      Provenance p = Provenance::file("tsv", input_path + " (units without a source record)");
      batch.start_source(p);
      copy_units(0);
    }
  }
  while (sources.step()) {
    Provenance p = Provenance::file(sources.str(1), sources.str(2));
    p.sha256 = sources.str(3);
    p.name2 = sources.str(4);
    p.sha256_2 = sources.str(5);
    p.added_at = sources.str(6);
    p.added_by = sources.str(7);
    p.pair_id = sources.str(8);
    p.url = sources.str(9);
    p.url2 = sources.str(10);
    batch.start_source(p);
    ++st.sources;
    copy_units(sources.int64(0));
  }
  st.write = batch.commit();
  if (progress) progress(st.units);
  return st;
}

}  // namespace muwazi::tm
