#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "tests/unit/tm_test_util.h"
#include "text/error.h"
#include "tm/import.h"
#include "tm/lookup.h"
#include "tm/sqlite_util.h"
#include "tm/stats.h"
#include "tm/tm.h"
#include "tm/word_index.h"

namespace muwazi::tm {
namespace {

using testing::make_unit;
using testing::TempDir;

Provenance prov(const std::string& name = "test") { return Provenance::file("tsv", name); }

std::int64_t pragma(const Tm& tm, const char* sql) {
  Stmt s(tm.db(), tm.path(), sql);
  return s.step() ? s.int64(0) : -1;
}

// Turns a TM written by this code back into a version 3 file: the tables as
// version 3 had them (without version 4's codes and contexts, sources.kind
// without 'review'), user_version 3. The Tm must be closed right after (the
// CHECK is edited in the schema text, which this connection has cached).
void downgrade_to_version_3(const Tm& tm) {
  ASSERT_EQ(sqlite3_exec(tm.db(),
                         "DROP TABLE contexts; ALTER TABLE units DROP COLUMN src_codes; "
                         "ALTER TABLE units DROP COLUMN tgt_codes; PRAGMA writable_schema = ON; "
                         "UPDATE sqlite_schema SET sql = replace(sql, ', ''review''', '') "
                         "WHERE type = 'table' AND name = 'sources'; PRAGMA writable_schema = OFF; "
                         "PRAGMA user_version = 3",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(tm.db());
}

// ... and into a version 2 file (without version 3's columns either).
void downgrade_to_version_2(const Tm& tm) {
  downgrade_to_version_3(tm);
  ASSERT_EQ(sqlite3_exec(tm.db(),
                         "DROP INDEX sources_pair; ALTER TABLE sources DROP COLUMN pair_id; "
                         "ALTER TABLE sources DROP COLUMN url; ALTER TABLE sources DROP COLUMN url2; "
                         "ALTER TABLE units DROP COLUMN reviewed; PRAGMA user_version = 2",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(tm.db());
}

TEST(TmStore, CreatesSchemaWithVersionWalAndForeignKeys) {
  TempDir d;
  Tm tm = Tm::open(d.file("a.db"), {.create = true});
  EXPECT_EQ(pragma(tm, "PRAGMA user_version"), kSchemaVersion);
  EXPECT_EQ(pragma(tm, "PRAGMA application_id"), kApplicationId);
  EXPECT_EQ(pragma(tm, "PRAGMA foreign_keys"), 1);
  Stmt s(tm.db(), tm.path(), "PRAGMA journal_mode");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.str(0), "wal");
  EXPECT_EQ(pragma(tm, "PRAGMA page_size"), 16384);
  EXPECT_EQ(tm.unit_count(), 0);
}

TEST(TmStore, AnExistingFileKeepsItsPageSize) {
  // A SQLite file that already has pages (4 KiB) but no tables yet: the TM
  // is created in it with its page size, and works.
  TempDir d;
  const std::string path = d.file("small.db");
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "PRAGMA page_size = 4096; CREATE TABLE t(x); DROP TABLE t;", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  {
    Tm tm = Tm::open(path, {.create = true});
    EXPECT_EQ(pragma(tm, "PRAGMA page_size"), 4096);
    WriteBatch b(tm, prov(), {});
    b.add(make_unit("مرحبا بالعالم", "Hello world"));
    b.commit();
  }
  Tm tm = Tm::open(path, {.read_only = true});
  EXPECT_EQ(tm.unit_count(), 1);
  EXPECT_EQ(pragma(tm, "PRAGMA page_size"), 4096);
}

ErrorKind open_error(const std::string& path, OpenOptions o) {
  try {
    Tm::open(path, o);
  } catch (const Error& e) {
    return e.kind();
  }
  return ErrorKind::kUsage;  // "no error": never a database kind
}

TEST(TmStore, RefusesMissingNonSqliteForeignAndNewerFiles) {
  TempDir d;
  EXPECT_EQ(open_error(d.file("missing.db"), {.read_only = true}), ErrorKind::kDatabase);
  testing::write_file(d.file("text.db"), std::string(4096, 'x'));
  EXPECT_EQ(open_error(d.file("text.db"), {.create = true}), ErrorKind::kDatabase);
  EXPECT_EQ(testing::read_file(d.file("text.db")), std::string(4096, 'x'));  // untouched
  // A SQLite file of another application.
  sqlite3* db = nullptr;
  sqlite3_open(d.file("other.db").c_str(), &db);
  sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_EQ(open_error(d.file("other.db"), {.create = true}), ErrorKind::kDatabase);
  // A TM from a newer schema.
  { Tm tm = Tm::open(d.file("new.db"), {.create = true}); }
  sqlite3_open(d.file("new.db").c_str(), &db);
  sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  try {
    Tm::open(d.file("new.db"), {.create = true});
    FAIL() << "newer schema accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kDatabase);
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
}

TEST(TmStore, ReadOnlyFileIsADatabaseErrorForWriters) {
  TempDir d;
  { Tm tm = Tm::open(d.file("ro.db"), {.create = true}); }
  ::chmod(d.file("ro.db").c_str(), 0444);
  EXPECT_EQ(open_error(d.file("ro.db"), {.create = true}), ErrorKind::kDatabase);
  Tm reader = Tm::open(d.file("ro.db"), {.read_only = true});
  EXPECT_EQ(reader.unit_count(), 0);
}

TEST(TmStore, SameSourceAndTargetIsNeverStoredTwice) {
  TempDir d;
  Tm tm = Tm::open(d.file("a.db"), {.create = true});
  {
    WriteBatch b(tm, prov(), {});
    b.add(make_unit("مرحبا", "Hello"));
    b.add(make_unit("مرحبا", "Hello"));
    WriteStats st = b.commit();
    EXPECT_EQ(st.added, 1);
    EXPECT_EQ(st.identical, 1);
  }
  WriteBatch b(tm, prov(), {});
  b.add(make_unit("مرحبا", "Hello", "AR", "EN"));  // tags compare case-insensitively
  EXPECT_EQ(b.commit().identical, 1);
  EXPECT_EQ(tm.unit_count(), 1);
}

TEST(TmStore, OnDuplicatePolicies) {
  TempDir d;
  Tm tm = Tm::open(d.file("a.db"), {.create = true});
  auto add = [&](const std::string& tgt, OnDuplicate p) {
    WriteOptions o;
    o.on_duplicate = p;
    WriteBatch b(tm, prov(), o);
    b.add(make_unit("مرحبا", tgt));
    return b.commit();
  };
  add("Hello", OnDuplicate::kAdd);
  EXPECT_EQ(add("Hi", OnDuplicate::kAdd).added, 1);  // default: keep both
  EXPECT_EQ(tm.unit_count(), 2);
  WriteStats k = add("Hey", OnDuplicate::kKeep);
  EXPECT_EQ(k.kept, 1);
  EXPECT_EQ(k.added, 0);
  EXPECT_EQ(tm.unit_count(), 2);
  WriteStats o = add("Greetings", OnDuplicate::kOverwrite);
  EXPECT_EQ(o.overwritten, 2);
  EXPECT_EQ(o.added, 1);
  ASSERT_EQ(tm.unit_count(), 1);
  tm.for_each_unit([](const StoredUnit& su) { EXPECT_EQ(su.unit.target.text, "Greetings"); });
  EXPECT_EQ(parse_on_duplicate("keep"), OnDuplicate::kKeep);
  EXPECT_THROW(parse_on_duplicate("replace"), Error);
}

TEST(TmStore, UncommittedOrFailedBatchLeavesTheTmUnchanged) {
  TempDir d;
  Tm tm = Tm::open(d.file("a.db"), {.create = true});
  {
    WriteBatch b(tm, prov(), {});
    b.add(make_unit("واحد", "one"));
    b.commit();
  }
  {
    WriteBatch b(tm, prov(), {});
    b.add(make_unit("اثنان", "two"));
    // destroyed without commit
  }
  EXPECT_EQ(tm.unit_count(), 1);
  {
    WriteBatch b(tm, prov(), {});
    b.add(make_unit("ثلاثة", "three"));
    EXPECT_THROW(b.add(make_unit("أربعة", "four", "ar", "klingon-xx")), Error);
  }
  EXPECT_EQ(tm.unit_count(), 1);
  EXPECT_EQ(tm_stats(tm).documents, 1);
}

TEST(TmStore, ReadersSeeTheCommittedStateDuringAWrite) {
  TempDir d;
  Tm writer = Tm::open(d.file("a.db"), {.create = true});
  {
    WriteBatch b(writer, prov(), {});
    b.add(make_unit("واحد", "one"));
    b.commit();
  }
  WriteBatch open_batch(writer, prov(), {});
  open_batch.add(make_unit("اثنان", "two"));
  // A second connection (another process in real life) reads without
  // waiting for the writer and sees only committed units.
  Tm reader = Tm::open(d.file("a.db"), {.read_only = true, .busy_timeout_ms = 100});
  EXPECT_EQ(reader.unit_count(), 1);
  open_batch.commit();
  EXPECT_EQ(reader.unit_count(), 2);
}

TEST(TmStore, ImportOfABrokenFileStoresNothingFromIt) {
  TempDir d;
  Tm tm = Tm::open(d.file("a.db"), {.create = true});
  ImportOptions o;
  o.src_lang = "ar";
  o.tgt_lang = "en";
  testing::write_file(d.file("good.tsv"), "واحد\tone\nاثنان\ttwo\n");
  EXPECT_EQ(import_file(tm, d.file("good.tsv"), o).write.added, 2);
  const std::int64_t postings_before = pragma(tm, "SELECT count(*) FROM postings");
  // 200 good lines, then one without a TAB: nothing of the file is kept.
  std::string bad;
  for (int i = 0; i < 200; ++i) bad += "جملة رقم " + std::to_string(i) + "\tsentence " + std::to_string(i) + "\n";
  bad += "no tab here\n";
  testing::write_file(d.file("bad.tsv"), bad);
  o.write.flush_every = 10;  // postings reach the database before the error
  try {
    import_file(tm, d.file("bad.tsv"), o);
    FAIL() << "bad TSV accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInput);
    EXPECT_NE(std::string(e.what()).find("bad.tsv:201:"), std::string::npos) << e.what();
  }
  EXPECT_EQ(tm.unit_count(), 2);
  EXPECT_EQ(tm_stats(tm).documents, 1);
  // The word index was rolled back too.
  EXPECT_EQ(pragma(tm, "SELECT count(*) FROM postings"), postings_before);
}

TEST(TmStore, DiskFullIsADatabaseErrorAndLeavesTheTmUnchanged) {
  TempDir d;
  Tm tm = Tm::open(d.file("a.db"), {.create = true});
  {
    WriteBatch b(tm, prov(), {});
    b.add(make_unit("واحد", "one"));
    b.commit();
  }
  // SQLite reports SQLITE_FULL when the file may not grow: the same path as
  // a full disk.
  std::int64_t pages = pragma(tm, "PRAGMA page_count");
  std::string limit = "PRAGMA max_page_count = " + std::to_string(pages + 20);
  exec_sql(tm.db(), tm.path(), limit.c_str());
  try {
    import_file(tm, testing::tmx_data("tico19-all.en-ar.tmx"), {});
    FAIL() << "import into a full database succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kDatabase);
    EXPECT_NE(std::string(e.what()).find("disk full"), std::string::npos) << e.what();
  }
  EXPECT_EQ(tm.unit_count(), 1);
  EXPECT_EQ(tm_stats(tm).documents, 1);
}

TEST(TmStore, ReimportingTheSameFileAddsNothingAndRecordsItOnce) {
  TempDir d;
  Tm tm = Tm::open(d.file("a.db"), {.create = true});
  ImportOptions o;
  ImportResult r1 = import_file(tm, testing::tmx_data("tico19-all.en-ar.tmx"), o);
  EXPECT_EQ(r1.records, 3071);
  EXPECT_GT(r1.write.added, 3000);
  ImportResult r2 = import_file(tm, testing::tmx_data("tico19-all.en-ar.tmx"), o);
  EXPECT_EQ(r2.write.added, 0);
  EXPECT_EQ(r2.write.identical, r1.units);
  TmStats st = tm_stats(tm);
  EXPECT_EQ(st.units, r1.write.added);
  EXPECT_EQ(st.documents, 1);
  ASSERT_EQ(st.pairs.size(), 1u);
  EXPECT_EQ(st.pairs[0].src_lang, "en");
  EXPECT_EQ(st.pairs[0].tgt_lang, "ar");
}

TEST(TmStore, ProvenanceAndMetadataAreKept) {
  TempDir d;
  Tm tm = Tm::open(d.file("a.db"), {.create = true});
  Provenance p = Provenance::file("docpair", "a.ar");
  p.sha256 = "aaaa";
  p.name2 = "a.en";
  p.sha256_2 = "bbbb";
  WriteOptions o;
  o.user = "samira";
  WriteBatch b(tm, p, o);
  Unit u = make_unit("جملة أولى. جملة ثانية.", "First and second sentence.", "ar-SA", "en");
  u.score = 0.87;
  u.bead = "2-1";
  u.src_sentences = "3,4";
  u.tgt_sentences = "3";
  u.position = 3;
  b.add(u);
  b.commit();
  StoredUnit su = tm.get_unit(1);
  EXPECT_EQ(su.unit.source.lang, "ar-SA");
  EXPECT_DOUBLE_EQ(su.unit.score, 0.87);
  EXPECT_EQ(su.unit.bead, "2-1");
  EXPECT_EQ(su.unit.src_sentences, "3,4");
  EXPECT_EQ(su.unit.position, 3);
  EXPECT_EQ(su.unit.created_by, "samira");
  EXPECT_EQ(su.unit.created_at.size(), 16u);  // YYYYMMDDThhmmssZ
  EXPECT_EQ(su.source_kind, "docpair");
  EXPECT_EQ(su.source_name, "a.ar");
}

// Units a person checked and saved (POST /api/units of muwazi serve).
TEST(TmStore, ReviewKindKeepsBothDocumentNames) {
  TempDir d;
  Tm tm = Tm::open(d.file("a.db"), {.create = true});
  Provenance p = Provenance::file("review", "talks.ar.txt");
  p.name2 = "talks.en.txt";
  WriteBatch b(tm, p, {});
  Unit u = make_unit("قال الوزير إن المحادثات ستستمر.", "The minister said the talks would continue.");
  u.reviewed = true;
  b.add(u);
  EXPECT_EQ(b.commit().added, 1);
  StoredUnit su = tm.get_unit(1);
  EXPECT_EQ(su.source_kind, "review");
  EXPECT_EQ(su.source_name, "talks.ar.txt");
  EXPECT_TRUE(su.unit.reviewed);
  Stmt s(tm.db(), tm.path(), "SELECT name2 FROM sources WHERE kind = 'review'");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.str(0), "talks.en.txt");
}

TEST(TmStore, ManyFlushesKeepTheWordIndexConsistent) {
  TempDir d;
  Tm tm = Tm::open(d.file("a.db"), {.create = true});
  WriteOptions o;
  o.flush_every = 7;  // force many segments and merges
  for (int batch = 0; batch < 5; ++batch) {
    WriteBatch b(tm, prov(), o);
    for (int i = 0; i < 40; ++i) {
      b.add(make_unit("كلمة مشتركة رقم " + std::to_string(batch * 100 + i), "common word " + std::to_string(i)));
    }
    b.commit();
  }
  // "مشتركة" is in every unit: its segments hold all 200 source docs once.
  Stmt s(tm.db(), tm.path(), "SELECT term, count(*), sum(n) FROM postings GROUP BY term ORDER BY sum(n) DESC LIMIT 1");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.int64(2), 200);
  EXPECT_LE(s.int64(1), 8);  // merged: O(log n) segments
}

// Schema version 1 files may hold postings as unit id * 2 + side, which
// version 2 reads as other units. The upgrade (a write command) rebuilds the
// word index; until then readers refuse the file instead of answering wrong.
TEST(TmStore, UpgradeFromVersion1RebuildsTheWordIndex) {
  TempDir d;
  const std::string path = d.file("old.db");
  {
    Tm tm = Tm::open(path, {.create = true});
    WriteBatch b(tm, prov(), {});
    b.add(make_unit("ذهب الولد إلى المدرسة صباحا", "The boy went to school in the morning"));
    b.add(make_unit("ذهبت البنت إلى السوق مساء", "The girl went to the market in the evening"));
    b.commit();
    // Rewrite the postings in version 1's encoding and mark the file so.
    std::vector<std::tuple<std::int64_t, std::int64_t, std::string>> rows;
    {
      Stmt s(tm.db(), tm.path(), "SELECT term, seg, ids FROM postings");
      while (s.step()) {
        std::vector<std::uint64_t> ids;
        decode_postings(s.blob(2), ids);
        for (auto& id : ids) id = posting_doc(id);  // = unit id * 2 + side
        std::string blob;
        encode_postings(ids, blob);
        rows.emplace_back(s.int64(0), s.int64(1), blob);
      }
    }
    ASSERT_FALSE(rows.empty());
    for (const auto& [term, seg, blob] : rows) {
      Stmt u(tm.db(), tm.path(), "UPDATE postings SET ids = ? WHERE term = ? AND seg = ?");
      u.bind_blob(1, blob.data(), blob.size()).bind(2, term).bind(3, seg);
      u.exec();
    }
    downgrade_to_version_2(tm);
    sqlite3_exec(tm.db(), "PRAGMA user_version = 1", nullptr, nullptr, nullptr);
  }
  EXPECT_THROW(Tm::open(path, {.read_only = true}), Error);
  {
    Tm tm = Tm::open(path, {});  // a writer upgrades
    EXPECT_EQ(pragma(tm, "PRAGMA user_version"), kSchemaVersion);
    // Every posting names a stored unit again, both sides of both units.
    std::set<std::uint64_t> docs;
    Stmt s(tm.db(), tm.path(), "SELECT ids FROM postings");
    while (s.step()) {
      std::vector<std::uint64_t> ids;
      decode_postings(s.blob(0), ids);
      for (auto id : ids) docs.insert(posting_doc(id));
    }
    EXPECT_EQ(docs, (std::set<std::uint64_t>{doc_id(1, 0), doc_id(1, 1), doc_id(2, 0), doc_id(2, 1)}));
  }
  Tm tm = Tm::open(path, {.read_only = true});
  Lookup lk(tm);
  LookupOptions o;
  o.src_lang = "ar";
  o.tgt_lang = "en";
  auto ms = lk.lookup("ذهب الولد إلى السوق صباحا", o);  // fuzzy: found through the index
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].id, 1);
  EXPECT_EQ(ms[0].score, 80.0);
  EXPECT_EQ(ms[0].target, "The boy went to school in the morning");
}

TEST(TmStore, UpgradeFromVersion2AddsBatchProvenanceAndReviewed) {
  TempDir d;
  const std::string path = d.file("v2.db");
  {
    Tm tm = Tm::open(path, {.create = true});
    WriteBatch b(tm, prov("old.tsv"), {});
    b.add(make_unit("مرحبا بالعالم", "Hello world"));
    b.commit();
    downgrade_to_version_2(tm);
  }
  EXPECT_THROW(Tm::open(path, {.read_only = true}), Error);  // readers wait for a writer to upgrade
  {
    Tm tm = Tm::open(path, {});
    EXPECT_EQ(pragma(tm, "PRAGMA user_version"), kSchemaVersion);
    EXPECT_FALSE(tm.get_unit(1).unit.reviewed);  // the old unit: not reviewed
    Provenance p = Provenance::file("docpair", "a.ar");
    p.sha256 = "aa";
    p.name2 = "a.en";
    p.sha256_2 = "bb";
    p.pair_id = "pair-7";
    p.url = "https://x/ar";
    p.url2 = "https://x/en";
    WriteBatch b(tm, p, {});
    Unit u = make_unit("صباح الخير", "Good morning");
    u.reviewed = true;
    b.add(u);
    b.commit();
  }
  Tm tm = Tm::open(path, {.read_only = true});
  EXPECT_EQ(tm.unit_count(), 2);
  EXPECT_TRUE(tm.get_unit(2).unit.reviewed);
  Stmt s(tm.db(), tm.path(), "SELECT pair_id, url, url2 FROM sources WHERE kind = 'docpair'");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.str(0), "pair-7");
  EXPECT_EQ(s.str(1), "https://x/ar");
  EXPECT_EQ(s.str(2), "https://x/en");
}

// Version 3 had no codes in a unit's identity: a TU that differed from a
// stored one only in its inline codes was dropped as "identical".
TEST(TmStore, UpgradeFromVersion3BackfillsCodesAndAddsContexts) {
  TempDir d;
  const std::string path = d.file("v3.db");
  const nlohmann::json bold = nlohmann::json::array(
      {"Elephants ", {{"e", "bpt"}, {"a", {{"i", "1"}}}, {"c", {"<b>"}}}, "cannot",
       {{"e", "ept"}, {"a", {{"i", "1"}}}, {"c", {"</b>"}}}, " fly."});
  const nlohmann::json gras = nlohmann::json::array(
      {"Les éléphants ", {{"e", "bpt"}, {"a", {{"i", "1"}}}, {"c", {"<b>"}}}, "ne peuvent pas",
       {{"e", "ept"}, {"a", {{"i", "1"}}}, {"c", {"</b>"}}}, " voler."});
  auto formatted = [&] {
    Unit u = make_unit("Elephants cannot fly.", "Les éléphants ne peuvent pas voler.", "en", "fr");
    u.source.markup = bold;
    u.target.markup = gras;
    return u;
  };
  {
    Tm tm = Tm::open(path, {.create = true});
    WriteBatch b(tm, prov("old.tmx"), {});
    b.add(formatted());
    b.commit();
    downgrade_to_version_3(tm);
  }
  {
    // A real version 3 file: its sources.kind has no 'review'.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    EXPECT_NE(sqlite3_exec(db, "INSERT INTO sources(kind, name, added_at) VALUES ('review', 'x', 'now')", nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  EXPECT_THROW(Tm::open(path, {.read_only = true}), Error);
  {
    Tm tm = Tm::open(path, {});
    EXPECT_EQ(pragma(tm, "PRAGMA user_version"), kSchemaVersion);
    EXPECT_EQ(pragma(tm, "PRAGMA foreign_keys"), 1);
    // sources was rebuilt: the old unit still points at its file.
    EXPECT_EQ(tm.get_unit(1).source_kind, "tsv");
    EXPECT_EQ(tm.get_unit(1).source_name, "old.tmx");
    Stmt fk(tm.db(), tm.path(), "SELECT count(*) FROM pragma_foreign_key_check");
    ASSERT_TRUE(fk.step());
    EXPECT_EQ(fk.int64(0), 0);
    WriteBatch r(tm, Provenance::file("review", "doc.en"), {});
    r.add(make_unit("Birds fly.", "Les oiseaux volent.", "en", "fr"));
    EXPECT_EQ(r.commit().added, 1);
    // The stored markup's codes are the unit's identity now.
    Stmt s(tm.db(), tm.path(), "SELECT count(*) FROM units WHERE src_codes IS NOT NULL AND tgt_codes IS NOT NULL");
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.int64(0), 1);
    WriteBatch b(tm, prov("new.tmx"), {});
    Unit same = formatted();
    same.contexts.push_back({context_hash("Birds fly."), context_hash("")});
    b.add(same);  // identical: stored once, its context added
    b.add(make_unit("Elephants cannot fly.", "Les éléphants ne peuvent pas voler.", "en", "fr"));  // plain
    WriteStats st = b.commit();
    EXPECT_EQ(st.identical, 1);
    EXPECT_EQ(st.added, 1);
  }
  Tm tm = Tm::open(path, {.read_only = true});
  EXPECT_EQ(tm.unit_count(), 3);
  const StoredUnit first = tm.get_unit(1);
  ASSERT_EQ(first.unit.contexts.size(), 1u);
  EXPECT_EQ(first.unit.contexts[0].prev, context_hash("Birds fly."));
  EXPECT_EQ(first.unit.contexts[0].next, context_hash(""));
  EXPECT_TRUE(tm.get_unit(2).unit.contexts.empty());
}

// The word index's segment list and document frequencies come from the
// covering index postings_segs, never from the blob rows (tm/tm.cc); a
// file without it (written by an older build) stays readable, and the
// first write open adds it.
TEST(TmStore, PostingListLengthsComeFromASmallCoveringIndex) {
  TempDir dir;
  const std::string path = dir.file("a.db");
  {
    Tm tm = Tm::open(path, {.create = true});
    WriteBatch b(tm, Provenance::file("tsv", "t"), {});
    b.add(make_unit("ذهب الولد إلى المدرسة", "The boy went to school"));
    b.commit();
    auto plan = [&](const char* sql) {
      Stmt s(tm.db(), tm.path(), std::string("EXPLAIN QUERY PLAN ") + sql);
      std::string out;
      while (s.step()) out += s.str(3) + "\n";
      return out;
    };
    EXPECT_NE(plan("SELECT sum(n) FROM postings WHERE term = 1").find("COVERING INDEX postings_segs"),
              std::string::npos);
    EXPECT_NE(plan("SELECT seg, n FROM postings WHERE term = 1 ORDER BY seg").find("COVERING INDEX postings_segs"),
              std::string::npos);
    exec_sql(tm.db(), tm.path(), "DROP INDEX postings_segs");
  }
  const char* has_index = "SELECT count(*) FROM sqlite_master WHERE name = 'postings_segs'";
  {
    Tm ro = Tm::open(path, {.read_only = true});
    EXPECT_EQ(pragma(ro, has_index), 0);
    Lookup lk(ro);
    LookupOptions o;
    o.min_score = 50;
    const auto ms = lk.lookup("ذهب الولد إلى السوق", o);
    ASSERT_EQ(ms.size(), 1u);
    EXPECT_EQ(ms[0].target, "The boy went to school");
  }
  Tm rw = Tm::open(path, {});
  EXPECT_EQ(pragma(rw, has_index), 1);
}

}  // namespace
}  // namespace muwazi::tm
