// A unit's identity: plain text AND inline codes (tm/codes.h).
#include <gtest/gtest.h>

#include "tests/unit/tm_test_util.h"
#include "tm/codes.h"
#include "tm/tm.h"

namespace muwazi::tm {
namespace {

using nlohmann::json;
using testing::make_unit;
using testing::TempDir;

json code(const char* e, const char* i, const char* content) {
  json c = {{"e", e}, {"c", json::array({content})}};
  if (i) c["a"] = {{"i", i}};
  return c;
}

// "The big black cat sleeps." with <b>...</b> around `words` (the LISA
// kit's ExportTest2A pattern: the same sentence, bold in other places).
json bold(const std::string& before, const std::string& words, const std::string& after, const char* i = "1") {
  return json::array({before, code("bpt", i, "<b>"), words, code("ept", i, "</b>"), after});
}

TEST(CodeSignature, PlainTextHasNone) {
  EXPECT_EQ(code_signature(nullptr), "");
  EXPECT_EQ(code_signature(json::array({"just text"})), "");
}

TEST(CodeSignature, PositionsKindsAndContentCountIdsDoNot) {
  const std::string big = code_signature(bold("The ", "big", " black cat sleeps."));
  const std::string black = code_signature(bold("The big ", "black", " cat sleeps."));
  EXPECT_NE(big, "");
  EXPECT_NE(big, black);                                                    // other position
  EXPECT_EQ(big, code_signature(bold("The ", "big", " black cat sleeps.", "7")));  // other id
  json underline = json::array({"The ", code("bpt", "1", "<u>"), "big", code("ept", "1", "</u>"), " black cat sleeps."});
  EXPECT_NE(big, code_signature(underline));  // other native code
  json ph = json::array({"The ", code("ph", nullptr, "<b>"), "big", code("ph", nullptr, "</b>"), " black cat sleeps."});
  EXPECT_NE(big, code_signature(ph));  // other kind
  // x only relates source and target codes: renumbering it is no change.
  json x1 = json::array({"A", {{"e", "ph"}, {"a", {{"x", "1"}}}, {"c", {"{1}"}}}, "B"});
  json x5 = json::array({"A", {{"e", "ph"}, {"a", {{"x", "5"}}}, {"c", {"{1}"}}}, "B"});
  EXPECT_EQ(code_signature(x1), code_signature(x5));
  // The shape leaves positions out: the same codes elsewhere.
  EXPECT_EQ(code_shape(big), code_shape(black));
  EXPECT_NE(code_shape(big), code_shape(code_signature(underline)));
}

TEST(CodeSignature, HiIsTextBetweenTwoCodes) {
  json hi = json::array({"to ", {{"e", "hi"}, {"a", {{"type", "verb"}}}, {"c", {"start"}}}, "."});
  json plain_after = json::array({"to start", {{"e", "ph"}, {"c", {"x"}}}, "."});
  const std::string s = code_signature(hi);
  EXPECT_NE(s.find("3\x1fhi"), std::string::npos);
  EXPECT_NE(s.find("8\x1f/hi"), std::string::npos);  // "to start" is 8 bytes of text
  EXPECT_NE(s, code_signature(plain_after));
}

Unit cat(const json& src_markup, const json& tgt_markup) {
  Unit u = make_unit("The big black cat sleeps.", "Le gros chat noir dort.", "en", "fr");
  u.source.markup = src_markup;
  u.target.markup = tgt_markup;
  return u;
}

TEST(UnitIdentity, SameTextOtherCodesAreTwoUnits) {
  TempDir d;
  Tm tm = Tm::open(d.file("tm.db"), {.create = true});
  WriteBatch b(tm, Provenance::file("tmx", "kit.tmx"), {});
  b.add(cat(bold("The ", "big", " black cat sleeps."), bold("Le ", "gros", " chat noir dort.")));
  b.add(cat(bold("The big ", "black", " cat sleeps."), bold("Le gros chat ", "noir", " dort.")));
  b.add(cat(nullptr, nullptr));
  // The first again with renumbered ids: the same unit.
  b.add(cat(bold("The ", "big", " black cat sleeps.", "4"), bold("Le ", "gros", " chat noir dort.", "4")));
  WriteStats st = b.commit();
  EXPECT_EQ(st.added, 3);
  EXPECT_EQ(st.identical, 1);
  EXPECT_EQ(tm.unit_count(), 3);
}

TEST(UnitIdentity, OnlyTheTargetsCodesDifferIsAnotherUnitToo) {
  TempDir d;
  Tm tm = Tm::open(d.file("tm.db"), {.create = true});
  WriteBatch b(tm, Provenance::file("tmx", "a.tmx"), {});
  b.add(cat(bold("The ", "big", " black cat sleeps."), bold("Le ", "gros", " chat noir dort.")));
  b.add(cat(bold("The ", "big", " black cat sleeps."), bold("Le gros ", "chat", " noir dort.")));
  EXPECT_EQ(b.commit().added, 2);
}

TEST(UnitIdentity, KeepAndOverwriteActOnTheSameSourceWithItsCodes) {
  TempDir d;
  Tm tm = Tm::open(d.file("tm.db"), {.create = true});
  {
    WriteBatch b(tm, Provenance::file("tmx", "a.tmx"), {});
    b.add(cat(bold("The ", "big", " black cat sleeps."), nullptr));
    b.commit();
  }
  // A formatted source that differs from the stored one is no duplicate:
  // policy keep does not drop it.
  WriteOptions keep;
  keep.on_duplicate = OnDuplicate::kKeep;
  WriteBatch b(tm, Provenance::file("tmx", "b.tmx"), keep);
  Unit other = cat(bold("The big ", "black", " cat sleeps."), nullptr);
  b.add(other);
  Unit same_source = cat(bold("The ", "big", " black cat sleeps."), nullptr);
  same_source.target.text = "Le grand chat noir dort.";
  b.add(same_source);
  WriteStats st = b.commit();
  EXPECT_EQ(st.added, 1);
  EXPECT_EQ(st.kept, 1);
  {
    WriteOptions overwrite;
    overwrite.on_duplicate = OnDuplicate::kOverwrite;
    WriteBatch o(tm, Provenance::file("tmx", "c.tmx"), overwrite);
    o.add(same_source);
    WriteStats os = o.commit();
    EXPECT_EQ(os.overwritten, 1);  // only the unit with these source codes
  }
  EXPECT_EQ(tm.unit_count(), 2);
}

TEST(UnitIdentity, ContextsOfTheSameUnitAccumulate) {
  TempDir d;
  Tm tm = Tm::open(d.file("tm.db"), {.create = true});
  WriteBatch b(tm, Provenance::file("tsv", "a"), {});
  Unit u = make_unit("Click OK.", "انقر موافق.", "en", "ar");
  u.contexts = {{context_hash("Open the file."), context_hash("Close it.")}};
  b.add(u);
  b.add(u);  // the same place again: nothing new
  u.contexts = {{context_hash(""), context_hash("Save it.")}};
  b.add(u);
  b.commit();
  ASSERT_EQ(tm.unit_count(), 1);
  const std::vector<Context> cs = tm.get_unit(1).unit.contexts;
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_NE(context_hash(""), context_hash("Open the file."));
  // Context hashes are match-key hashes: harakat and case do not matter.
  EXPECT_EQ(context_hash("OPEN the file."), context_hash("Open the file."));
}

}  // namespace
}  // namespace muwazi::tm
