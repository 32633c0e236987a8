// TMX fidelity: every TMX file that imports round-trips every TU's text and
// inline codes (import -> export -> import gives the same units), and no TU
// that differs from another in its codes is lost.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "tests/unit/tm_test_util.h"
#include "text/error.h"
#include "tm/codes.h"
#include "tm/import.h"
#include "tm/lang.h"
#include "tm/tmx_reader.h"
#include "tm/tmx_writer.h"

namespace muwazi::tm {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::tmx_data;

// What must survive a round trip: languages, texts, codes, contexts.
using Key = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string,
                       std::vector<std::pair<std::uint64_t, std::uint64_t>>>;

Key key_of(const Unit& u) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> cs;
  for (const Context& c : u.contexts) cs.emplace_back(c.prev, c.next);
  std::sort(cs.begin(), cs.end());
  return {lower_tag(u.source.lang), lower_tag(u.target.lang), u.source.text, code_signature(u.source.markup),
          u.target.text, code_signature(u.target.markup), cs};
}

std::vector<Key> tm_keys(const Tm& tm) {
  std::vector<Key> out;
  tm.for_each_unit([&](const StoredUnit& su) { out.push_back(key_of(su.unit)); });
  return out;
}

// Every .tmx under the repository's test data and ../shared/data/tmx.
std::vector<std::string> tmx_files() {
  std::vector<std::string> out;
  for (const std::string& root :
       {std::string(MUWAZI_TEST_DATA) + "/tmx", std::string(MUWAZI_SHARED_DATA) + "/data/tmx"}) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root, ec)) {
      if (e.is_regular_file() && e.path().extension() == ".tmx") out.push_back(e.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Imports `path` into a new TM; false when the file does not import (a
// malformed test file: not this test's subject).
bool import_into(const std::string& db, const std::string& path) {
  Tm tm = Tm::open(db, {.create = true});
  try {
    ImportOptions o;
    o.format = ImportFormat::kTmx;
    import_file(tm, path, o);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::kInput) return false;
    throw;
  }
  return true;
}

TEST(TmxRoundTrip, EveryFileKeepsEveryTuTextAndCodes) {
  const std::vector<std::string> files = tmx_files();
  ASSERT_FALSE(files.empty());
  int imported = 0;
  for (const std::string& f : files) {
    SCOPED_TRACE(f);
    TempDir d;
    if (!import_into(d.file("a.db"), f)) continue;
    ++imported;
    // No TU lost: the TM holds one unit per distinct (languages, texts, codes).
    std::set<Key> read;
    read_tmx(f, {}, [&](Unit&& u) {
      Key k = key_of(u);
      std::get<6>(k).clear();  // contexts of one unit accumulate: not part of identity
      read.insert(k);
    });
    std::vector<Key> first;
    {
      Tm a = Tm::open(d.file("a.db"), {.read_only = true});
      first = tm_keys(a);
      EXPECT_EQ(first.size(), read.size());
      std::ofstream out(d.file("out.tmx"), std::ios::binary);
      write_tmx(a, out, {});
    }
    ASSERT_TRUE(import_into(d.file("b.db"), d.file("out.tmx")));
    Tm b = Tm::open(d.file("b.db"), {.read_only = true});
    EXPECT_EQ(tm_keys(b), first);
  }
  EXPECT_GE(imported, 10);
}

TEST(TmxRoundTrip, SameTextOtherCodesAreAllKept) {
  TempDir d;
  ASSERT_TRUE(import_into(d.file("a.db"), tmx_data("same_text_other_codes.tmx")));
  Tm tm = Tm::open(d.file("a.db"), {.read_only = true});
  // 9 TUs; tu 8 is tu 6 with renumbered ids: the same unit.
  EXPECT_EQ(tm.unit_count(), 8);
  int cats = 0;
  tm.for_each_unit([&](const StoredUnit& su) { cats += su.unit.source.text == "The big black cat sleeps."; });
  EXPECT_EQ(cats, 3);
}

TEST(TmxRoundTrip, OmegatPrevAndNextPropsAreContextsAndComeBack) {
  TempDir d;
  ASSERT_TRUE(import_into(d.file("a.db"), tmx_data("omegat_context.tmx")));
  std::vector<Key> first;
  {
    Tm a = Tm::open(d.file("a.db"), {.read_only = true});
    ASSERT_EQ(a.unit_count(), 2);
    const Unit u = a.get_unit(1).unit;
    ASSERT_EQ(u.contexts.size(), 1u);
    EXPECT_EQ(u.contexts[0].prev, context_hash("Open the settings."));
    EXPECT_EQ(u.contexts[0].next, context_hash("The changes are saved."));
    EXPECT_EQ(a.get_unit(2).unit.contexts.at(0).next, context_hash(""));
    first = tm_keys(a);
    std::ofstream out(d.file("out.tmx"), std::ios::binary);
    write_tmx(a, out, {});
  }
  const std::string xml = testing::read_file(d.file("out.tmx"));
  EXPECT_NE(xml.find("x-muwazi-context"), std::string::npos);
  ASSERT_TRUE(import_into(d.file("b.db"), d.file("out.tmx")));
  Tm b = Tm::open(d.file("b.db"), {.read_only = true});
  EXPECT_EQ(tm_keys(b), first);
  // Our own context prop is read back as the unit's context, not as a prop.
  const Unit u = b.get_unit(1).unit;
  bool prop = false;
  if (u.extra.is_object() && u.extra.contains("props")) {
    for (const auto& p : u.extra["props"]) prop = prop || p.value("type", "") == "x-muwazi-context";
  }
  EXPECT_FALSE(prop);
}

}  // namespace
}  // namespace muwazi::tm
