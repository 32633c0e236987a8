#include "tm/merge.h"

#include <sys/stat.h>

#include "text/error.h"
#include "tm/sqlite_util.h"
#include "tm/unit_row.h"

namespace muwazi::tm {

namespace {

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa, sb;
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

}  // namespace

MergeStats merge_tm(Tm& out, const std::string& input_path, const WriteOptions& options,
                    const std::function<void(std::int64_t)>& progress) {
  if (same_file(out.path(), input_path)) {
    throw Error::Database(input_path + ": is the output TM itself");
  }
  Tm in = Tm::open(input_path, {.read_only = true});
  MergeStats st;
  WriteBatch batch(out, options);
  // Units in source order, each source's record before its units. Units
  // whose record is gone (ON DELETE SET NULL) come first, under one record
  // naming the input.
  Stmt sources(in.db(), in.path(),
               "SELECT id, kind, name, sha256, name2, sha256_2, added_at, added_by, pair_id, url, url2 "
               "FROM sources ORDER BY id");
  Stmt units(in.db(), in.path(),
             std::string("SELECT ") + kUnitColumns +
                 " FROM units u LEFT JOIN sources s ON s.id = u.source_id WHERE u.source_id IS ?1 ORDER BY u.id");
  StoredUnit su;
  auto copy_units = [&](std::int64_t source_id) {
    if (source_id > 0) {
      units.bind(1, source_id);
    }  // unbound ?1 is NULL: the units without a source
    while (units.step()) {
      read_unit_row(units, su);
      batch.add(prepare_unit(std::move(su.unit)));
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
