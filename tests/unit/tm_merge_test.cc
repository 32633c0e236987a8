// tm/merge.cc: merge_tm copies a TM's units with the keys it stored (no
// second normalization) and rebuilds the loose-key indexes after a bulk copy;
// what it writes must be what importing the same units writes.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "tests/unit/tm_test_util.h"
#include "tm/keys.h"
#include "tm/lookup.h"
#include "tm/merge.h"
#include "tm/sqlite_util.h"
#include "tm/tm.h"

namespace muwazi::tm {
namespace {

using testing::make_unit;
using testing::TempDir;

// Units with Arabic that NFKC and the match key change (presentation forms,
// harakat, tatweel, Arabic-Indic digits), inline codes and a context.
std::vector<Unit> units(int n, const std::string& tag) {
  std::vector<Unit> out;
  for (int i = 0; i < n; ++i) {
    const std::string head = "ﻛﺘﺎب الطّالـــب رقم ٣" + std::to_string(i) + " " + tag + "، ";
    Unit u = make_unit(head + "جديد.", "The student's Book No. 3" + std::to_string(i) + " " + tag + ", new.");
    u.contexts.push_back(Context{static_cast<std::uint64_t>(i) * 7 + 1, static_cast<std::uint64_t>(i) * 11 + 2});
    if (i % 5 == 0) {
      using nlohmann::json;
      u.source.markup = json::array({head, json{{"e", "bpt"}, {"a", {{"i", "1"}}}, {"c", {"<b>"}}}, "جديد",
                                     json{{"e", "ept"}, {"a", {{"i", "1"}}}, {"c", {"</b>"}}}, "."});
    }
    out.push_back(std::move(u));
  }
  return out;
}

void store(const std::string& path, const std::vector<Unit>& us) {
  Tm tm = Tm::open(path, {.create = true});
  WriteBatch b(tm, Provenance::file("tsv", path), {});
  for (const Unit& u : us) b.add(u);
  b.commit();
}

// Every derived column of every unit, in id order.
std::vector<std::string> derived(const std::string& path) {
  Tm tm = Tm::open(path, {.read_only = true});
  Stmt s(tm.db(), tm.path(),
         "SELECT src_text, src_key, tgt_key, src_loose, tgt_loose, src_hash, ifnull(src_codes, ''), "
         "ifnull(tgt_codes, ''), ifnull(src_markup, ''), (SELECT group_concat(prev || ' ' || next) FROM contexts "
         "WHERE unit = units.id) FROM units ORDER BY id");
  std::vector<std::string> rows;
  while (s.step()) {
    std::string r;
    for (int c = 0; c < 10; ++c) r += s.str(c) + "|";
    rows.push_back(r);
  }
  return rows;
}

std::string integrity(const std::string& path) {
  Tm tm = Tm::open(path, {.read_only = true});
  Stmt s(tm.db(), tm.path(), "PRAGMA integrity_check");
  return s.step() ? s.str(0) : "";
}

std::int64_t scalar(const std::string& path, const std::string& sql) {
  Tm tm = Tm::open(path, {.read_only = true});
  Stmt s(tm.db(), tm.path(), sql);
  return s.step() ? s.int64(0) : -1;
}

void expect_searchable(const std::string& path, int n) {
  Tm tm = Tm::open(path, {.read_only = true});
  Lookup look(tm);
  LookupOptions o;
  o.src_lang = "ar";
  for (int i : {0, n / 2, n - 1}) {
    const std::string q = "ﻛﺘﺎب الطّالـــب رقم ٣" + std::to_string(i) + " a، جديد.";
    std::vector<Match> m = look.lookup(q, o);
    ASSERT_FALSE(m.empty()) << q;
    EXPECT_EQ(m[0].score, 100) << q;
    // The reverse direction goes through the target's loose key and words.
    LookupOptions r;
    r.src_lang = "en";
    const std::string en = "The student's Book No. 3" + std::to_string(i) + " a, new.";
    std::vector<Match> back = look.lookup(en, r);
    ASSERT_FALSE(back.empty()) << en;
    EXPECT_EQ(back[0].score, 100) << en;
    EXPECT_TRUE(back[0].reversed);
    EXPECT_EQ(back[0].source, en);
    EXPECT_EQ(back[0].target, m[0].source);
  }
  EXPECT_EQ(scalar(path, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                         "('units_src_loose', 'units_tgt_loose')"),
            2);
  EXPECT_EQ(scalar(path, "SELECT count(*) FROM units INDEXED BY units_src_loose WHERE src_loose = src_loose"),
            scalar(path, "SELECT count(*) FROM units"));
}

TEST(TmMerge, CopiesStoredKeysAsAnImportWritesThem) {
  TempDir d;
  const std::vector<Unit> a = units(40, "a");
  store(d.file("a.db"), a);
  store(d.file("direct.db"), a);
  {
    Tm out = Tm::open(d.file("out.db"), {.create = true});
    MergeStats st = merge_tm(out, d.file("a.db"), {});
    EXPECT_EQ(st.units, 40);
    EXPECT_EQ(st.write.added, 40);
  }
  EXPECT_EQ(integrity(d.file("out.db")), "ok");
  EXPECT_EQ(derived(d.file("out.db")), derived(d.file("direct.db")));
  expect_searchable(d.file("out.db"), 40);
}

TEST(TmMerge, IntoALargerTmKeepsItsIndexesAsTheyAre) {
  // 400 units in the output, 40 from the input: no index rebuild; the
  // result is the same as one file holding both.
  TempDir d;
  store(d.file("big.db"), units(400, "b"));
  store(d.file("a.db"), units(40, "a"));
  {
    Tm out = Tm::open(d.file("big.db"));
    MergeStats st = merge_tm(out, d.file("a.db"), {});
    EXPECT_EQ(st.write.added, 40);
  }
  EXPECT_EQ(integrity(d.file("big.db")), "ok");
  expect_searchable(d.file("big.db"), 40);
  EXPECT_EQ(scalar(d.file("big.db"), "SELECT count(*) FROM units"), 440);
}

TEST(TmMerge, KeysThatThisVersionDoesNotDeriveAreDerivedAgain) {
  // An input whose stored keys are not what this code computes (written by
  // other code): merge derives them from the texts instead of copying.
  TempDir d;
  const std::vector<Unit> a = units(40, "a");
  store(d.file("a.db"), a);
  store(d.file("direct.db"), a);
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(d.file("a.db").c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "UPDATE units SET src_key = 'stale ' || id, src_loose = 7", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  {
    Tm out = Tm::open(d.file("out.db"), {.create = true});
    merge_tm(out, d.file("a.db"), {});
  }
  EXPECT_EQ(derived(d.file("out.db")), derived(d.file("direct.db")));
  expect_searchable(d.file("out.db"), 40);
}

TEST(TmMerge, AFailedMergeLeavesTheOutputAsItWas) {
  // The index rebuild is inside the merge's transaction: a failure rolls
  // the drop back too.
  TempDir d;
  store(d.file("a.db"), units(40, "a"));
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(d.file("a.db").c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "UPDATE units SET src_lang = 'not a tag!' WHERE id = 30", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  store(d.file("out.db"), units(3, "o"));
  {
    Tm out = Tm::open(d.file("out.db"));
    EXPECT_ANY_THROW(merge_tm(out, d.file("a.db"), {}));
  }
  EXPECT_EQ(integrity(d.file("out.db")), "ok");
  EXPECT_EQ(scalar(d.file("out.db"), "SELECT count(*) FROM units"), 3);
  EXPECT_EQ(scalar(d.file("out.db"), "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                                     "('units_src_loose', 'units_tgt_loose')"),
            2);
}

}  // namespace
}  // namespace muwazi::tm
