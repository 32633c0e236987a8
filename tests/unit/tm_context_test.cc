// Lookup with a query's context (101 matches) and inline codes (the
// formatting penalty).
#include <gtest/gtest.h>

#include "tests/unit/tm_test_util.h"
#include "text/error.h"
#include "tm/lookup.h"
#include "tm/tmx_reader.h"

namespace muwazi::tm {
namespace {

using nlohmann::json;
using testing::make_unit;
using testing::TempDir;

const Match* find_id(const std::vector<Match>& ms, std::int64_t id) {
  for (const Match& m : ms) {
    if (m.id == id && !m.reversed) return &m;
  }
  return nullptr;
}

bool has_penalty(const Match& m, const std::string& kind) {
  for (const Penalty& p : m.penalties) {
    if (p.kind == kind) return true;
  }
  return false;
}

class ContextLookup : public ::testing::Test {
 protected:
  void SetUp() override {
    tm_ = std::make_unique<Tm>(Tm::open(dir_.file("tm.db"), {.create = true}));
    WriteBatch b(*tm_, Provenance::file("docpair", "doc.ar"), {});
    // "انقر موافق." twice in a document, translated two ways; a third unit
    // with no context.
    Unit u1 = make_unit("انقر موافق.", "Click OK.");
    u1.contexts = {{context_hash("افتح الإعدادات."), context_hash("تم حفظ التغييرات.")}};
    b.add(u1);
    Unit u2 = make_unit("انقر موافق.", "Press OK to confirm.");
    u2.contexts = {{context_hash("هل تريد حذف الملف؟"), context_hash("")}};
    b.add(u2);
    b.add(make_unit("انقر موافق.", "OK."));
    b.commit();
    o_.src_lang = "ar";
  }
  std::vector<Match> look(std::optional<std::string> prev, std::optional<std::string> next) {
    Lookup lk(*tm_);
    Query q;
    q.text = "انقر موافق.";
    q.prev = std::move(prev);
    q.next = std::move(next);
    return lk.lookup(q, o_);
  }
  TempDir dir_;
  std::unique_ptr<Tm> tm_;
  LookupOptions o_;
};

TEST_F(ContextLookup, SameContextScores101AndSortsFirst) {
  std::vector<Match> ms = look("هل تريد حذف الملف؟", "");
  ASSERT_EQ(ms.size(), 3u);
  EXPECT_EQ(ms[0].id, 2);
  EXPECT_EQ(ms[0].score, kContextScore);
  EXPECT_EQ(ms[0].context, "both");
  EXPECT_TRUE(ms[0].penalties.empty());
  // Harakat do not make another context (context hashes are match keys).
  ms = look("افتَح الإعدادات.", "تم حفظ التغييرات.");
  EXPECT_EQ(ms[0].id, 1);
  EXPECT_EQ(ms[0].score, kContextScore);
}

TEST_F(ContextLookup, OneSideOnlyIsAListedContextPenaltyAt100) {
  std::vector<Match> ms = look("افتح الإعدادات.", "جملة أخرى.");
  const Match* m1 = find_id(ms, 1);
  ASSERT_NE(m1, nullptr);
  EXPECT_EQ(m1->score, 100);
  EXPECT_EQ(m1->context, "prev");
  EXPECT_TRUE(has_penalty(*m1, "context"));
  const Match* m2 = find_id(ms, 2);
  ASSERT_NE(m2, nullptr);
  EXPECT_EQ(m2->context, "none");
  const Match* m3 = find_id(ms, 3);
  ASSERT_NE(m3, nullptr);
  EXPECT_EQ(m3->context, "unknown");
  EXPECT_FALSE(has_penalty(*m3, "context"));
  // The next sentence alone.
  ms = look(std::nullopt, "تم حفظ التغييرات.");
  EXPECT_EQ(find_id(ms, 1)->context, "next");
  EXPECT_EQ(find_id(ms, 1)->score, 100);
}

TEST_F(ContextLookup, NoContextGivenNothingChanges) {
  std::vector<Match> ms = look(std::nullopt, std::nullopt);
  ASSERT_EQ(ms.size(), 3u);
  for (const Match& m : ms) {
    EXPECT_EQ(m.score, 100);
    EXPECT_EQ(m.context, "");
    EXPECT_TRUE(m.penalties.empty());
  }
  Lookup lk(*tm_);
  Query q;
  q.text = "انقر موافق.";
  q.prev = "هل تريد حذف الملف؟";
  q.next = "";
  // The exhaustive lookup (the recall reference) scores contexts the same way.
  std::vector<Match> a = lk.lookup(q, o_), b = lk.lookup_exhaustive(q, o_);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].score, b[i].score);
    EXPECT_EQ(a[i].context, b[i].context);
  }
}

TEST(FormattingPenalty, CodesThatDifferFromTheQuerysCostAPointAndRankLower) {
  TempDir d;
  Tm tm = Tm::open(d.file("tm.db"), {.create = true});
  const Segment bold = parse_seg("Elephants <bpt i=\"1\">&lt;b></bpt>cannot<ept i=\"1\">&lt;/b></ept> fly.", "t");
  ASSERT_EQ(bold.text, "Elephants cannot fly.");
  {
    WriteBatch b(tm, Provenance::file("tmx", "t.tmx"), {});
    Unit formatted = make_unit(bold.text, "Les éléphants ne peuvent pas voler.", "en", "fr");
    formatted.source.markup = bold.markup;
    b.add(formatted);  // id 1
    b.add(make_unit(bold.text, "Les éléphants ne peuvent pas voler.", "en", "fr"));  // id 2, plain
    b.add(make_unit("Elephants cannot really fly.", "Les éléphants ne volent pas vraiment.", "en", "fr"));
    b.commit();
  }
  Lookup lk(tm);
  LookupOptions o;
  o.src_lang = "en";
  o.min_score = 50;
  // The query with the same codes (ids renumbered): the formatted unit wins.
  Query q;
  const Segment same = parse_seg("Elephants <bpt i=\"4\">&lt;b></bpt>cannot<ept i=\"4\">&lt;/b></ept> fly.", "q");
  q.text = same.text;
  q.markup = same.markup;
  std::vector<Match> ms = lk.lookup(q, o);
  ASSERT_GE(ms.size(), 2u);
  EXPECT_EQ(ms[0].id, 1);
  EXPECT_EQ(ms[0].score, 100);
  EXPECT_EQ(ms[1].id, 2);
  EXPECT_EQ(ms[1].score, 100 - kFormattingPenalty);
  EXPECT_TRUE(has_penalty(ms[1], "formatting"));
  // A plain query with codes known (none): the plain unit wins.
  q.markup = json();
  ms = lk.lookup(q, o);
  EXPECT_EQ(ms[0].id, 2);
  EXPECT_TRUE(has_penalty(*find_id(ms, 1), "formatting"));
  // Codes unknown: no penalty, but the plain unit still ranks first.
  q.markup.reset();
  ms = lk.lookup(q, o);
  EXPECT_EQ(ms[0].id, 2);
  EXPECT_EQ(ms[1].id, 1);
  EXPECT_EQ(ms[1].score, 100);
  EXPECT_FALSE(has_penalty(ms[1], "formatting"));
  // A fuzzy match compares the codes' shape: the plain fuzzy unit differs
  // from the bold query.
  q.markup = same.markup;
  ms = lk.lookup(q, o);
  const Match* fuzzy = find_id(ms, 3);
  ASSERT_NE(fuzzy, nullptr);
  EXPECT_TRUE(has_penalty(*fuzzy, "formatting"));
}

TEST(FormattingPenalty, AContextMatchWithOtherCodesScores100) {
  TempDir d;
  Tm tm = Tm::open(d.file("tm.db"), {.create = true});
  {
    WriteBatch b(tm, Provenance::file("tmx", "t.tmx"), {});
    Unit u = make_unit("Click OK.", "انقر موافق.", "en", "ar");
    u.contexts = {{context_hash("Open the settings."), context_hash("Done.")}};
    b.add(u);
    b.commit();
  }
  Lookup lk(tm);
  Query q;
  const Segment coded = parse_seg("Click <ph>&lt;b/></ph>OK.", "q");
  q.text = coded.text;
  q.markup = coded.markup;
  q.prev = "Open the settings.";
  q.next = "Done.";
  std::vector<Match> ms = lk.lookup(q, LookupOptions{});
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].context, "both");
  EXPECT_EQ(ms[0].score, kContextScore - kFormattingPenalty);
  EXPECT_TRUE(has_penalty(ms[0], "formatting"));
}

TEST(ParseSeg, PlainTextAndCodesAndErrors) {
  const Segment s = parse_seg("Press <ph x=\"1\">&lt;br/></ph> <hi>now</hi>", "q");
  EXPECT_EQ(s.text, "Press  now");
  ASSERT_TRUE(s.markup.is_array());
  EXPECT_TRUE(parse_seg("plain", "q").markup.is_null());
  EXPECT_THROW(parse_seg("a <b>x", "q"), Error);
  EXPECT_THROW(parse_seg("a <div/>", "q"), Error);
}

}  // namespace
}  // namespace muwazi::tm
