#include <gtest/gtest.h>

#include <algorithm>

#include "tests/unit/tm_test_util.h"
#include "text/error.h"
#include "tm/concordance.h"
#include "tm/import.h"
#include "tm/lookup.h"
#include "tm/scoring.h"

namespace muwazi::tm {
namespace {

using testing::make_unit;
using testing::TempDir;

double score_of(const std::string& q, const std::string& c, std::vector<Penalty>* pens = nullptr) {
  std::vector<Penalty> p;
  double s = score_pair(score_text(q), score_text(c), 0, p);
  if (pens) *pens = p;
  return s;
}

std::vector<std::string> kinds(const std::vector<Penalty>& p) {
  std::vector<std::string> k;
  for (const Penalty& x : p) k.push_back(x.kind);
  return k;
}

TEST(TmScoring, IdenticalIs100) {
  EXPECT_EQ(score_of("الصحة العامة", "الصحة العامة"), 100.0);
  // Canonically equivalent (NFC) spellings are identical.
  EXPECT_EQ(score_of("\u0627\u0654حمد", "أحمد"), 100.0);
}

TEST(TmScoring, NearlyExactClassesEachCostTheirPenalty) {
  struct Case {
    const char* q;
    const char* c;
    const char* kind;
    double score;
  };
  const Case cases[] = {
      {"مَدْرَسَةٌ جديدة", "مدرسة جديدة", "diacritics", 99.0},
      {"الى المدرسة", "إلى المدرسة", "alef_hamza", 99.0},
      {"علي الطاولة", "على الطاولة", "letter_variants", 99.0},
      {"مدرسه جديده", "مدرسة جديدة", "letter_variants", 99.0},
      {"كـبير جداً", "كبير جداً", "tatweel", 99.5},
      {"في عام 2020", "في عام ٢٠٢٠", "digits", 99.5},
      {"نعم، لا", "نعم, لا", "punctuation", 99.0},
      {"هذا صحيح.", "هذا صحيح", "punctuation", 99.0},
      {"هذا  صحيح", "هذا صحيح", "spacing", 99.5},
      {"Hello world", "hello world", "case", 99.0},
      {"\u200Fكتاب", "كتاب", "compatibility", 99.5},
  };
  for (const Case& c : cases) {
    std::vector<Penalty> p;
    EXPECT_EQ(score_of(c.q, c.c, &p), c.score) << c.q;
    EXPECT_EQ(kinds(p), std::vector<std::string>{c.kind}) << c.q;
  }
  // Several classes add up; the class floor is 95.
  std::vector<Penalty> p;
  EXPECT_EQ(score_of("إلى المدرسةِ ٣", "الى المدرسه 3", &p), 96.5);
  EXPECT_EQ(kinds(p), (std::vector<std::string>{"diacritics", "alef_hamza", "letter_variants", "digits"}));
  EXPECT_EQ(score_of("إلَى المَدرسةِ، ٣ كـتب!", "الي  المدرسه 3 كتب", &p), kNearExactFloor);
}

TEST(TmScoring, FuzzyIsWordEditDistanceCappedBelowNearlyExact) {
  std::vector<Penalty> p;
  // 1 substitution over 4 words: 75.
  EXPECT_EQ(score_of("ذهب الولد إلى المدرسة", "ذهب البنت إلى المدرسة", &p), 75.0);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].kind, "edit");
  EXPECT_EQ(p[0].points, 25.0);
  // 1 edit over 20 words would be 95: capped at 94.
  std::string a, b;
  for (int i = 0; i < 20; ++i) a += "w" + std::string(1, static_cast<char>('a' + i)) + " ";
  b = a + "extra";
  EXPECT_EQ(score_of(a, b), kFuzzyCap);
  // Differing numbers cost extra: 1 edit over 4 words (75) - 2 numbers * 2.
  EXPECT_EQ(score_of("توفي 12 شخصا أمس", "توفي 15 شخصا أمس", &p), 71.0);
  EXPECT_EQ(kinds(p), (std::vector<std::string>{"edit", "numbers"}));
  // Below the threshold: -1.
  std::vector<Penalty> q;
  EXPECT_EQ(score_pair(score_text("a b c d"), score_text("a x y z"), 70, q), -1);
  EXPECT_TRUE(q.empty());
}

TEST(TmScoring, BoundedEditDistance) {
  std::vector<std::uint64_t> a = {1, 2, 3, 4, 5}, b = {1, 3, 4, 6, 5, 7};
  EXPECT_EQ(bounded_edit_distance(a, b, 10), 3);
  EXPECT_EQ(bounded_edit_distance(a, b, 2), 3);  // bound + 1
  EXPECT_EQ(bounded_edit_distance(a, {}, 9), 5);
  EXPECT_EQ(bounded_edit_distance(a, a, 0), 0);
}

class LookupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tm_ = std::make_unique<Tm>(Tm::open(dir_.file("a.db"), {.create = true}));
    WriteBatch b(*tm_, Provenance::file("tsv", "t"), {});
    b.add(make_unit("ذهب الولد إلى المدرسة صباحا", "The boy went to school in the morning"));
    b.add(make_unit("ذهبت البنت إلى السوق مساء", "The girl went to the market in the evening"));
    b.add(make_unit("توفي 12 شخصا في الحادث", "12 people died in the accident"));
    b.add(make_unit("The boy went to school", "Le garçon est allé à l'école", "en", "fr"));
    b.add(make_unit("ذهب الولد إلى المدرسة صباحا", "Le garçon est allé à l'école le matin", "ar", "fr"));
    b.commit();
  }
  TempDir dir_;
  std::unique_ptr<Tm> tm_;
};

TEST_F(LookupTest, FindsExactNearlyExactAndFuzzyBestFirst) {
  Lookup lk(*tm_);
  LookupOptions o;
  o.src_lang = "ar";
  o.tgt_lang = "en";
  auto ms = lk.lookup("ذَهَبَ الوَلَدُ إلى المدرسةِ صباحاً", o);
  ASSERT_FALSE(ms.empty());
  EXPECT_EQ(ms[0].id, 1);
  EXPECT_EQ(ms[0].score, 99.0);
  EXPECT_EQ(ms[0].target, "The boy went to school in the morning");
  EXPECT_EQ(ms.size(), 1u);  // the ar-fr unit is filtered out by --tgt-lang
  ms = lk.lookup("ذهب الولد إلى السوق صباحا", o);
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].score, 80.0);
  o.min_score = 40;  // 3 word edits over 5 words: exactly 40
  ms = lk.lookup("ذهب الولد إلى السوق صباحا", o);
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].id, 1);
  EXPECT_EQ(ms[1].id, 2);
  EXPECT_EQ(ms[1].score, 40.0);
  o.limit = 1;
  EXPECT_EQ(lk.lookup("ذهب الولد إلى السوق صباحا", o).size(), 1u);
}

TEST_F(LookupTest, EitherDirectionAndLanguageFilters) {
  Lookup lk(*tm_);
  LookupOptions o;
  o.src_lang = "en";
  o.tgt_lang = "ar";
  auto ms = lk.lookup("12 people died in the accident", o);
  ASSERT_FALSE(ms.empty());
  EXPECT_TRUE(ms[0].reversed);
  EXPECT_EQ(ms[0].score, 100.0);
  EXPECT_EQ(ms[0].target, "توفي 12 شخصا في الحادث");
  EXPECT_EQ(ms[0].src_lang, "en");
  // Without languages, every side in any language is compared.
  LookupOptions any;
  any.min_score = 50;
  ms = lk.lookup("The boy went to school", any);
  ASSERT_GE(ms.size(), 2u);
  EXPECT_EQ(ms[0].id, 4);
  EXPECT_EQ(ms[0].tgt_lang, "fr");
  // "ar" matches "ar-SA" but "ar-SA" does not match plain "ar".
  LookupOptions sa;
  sa.src_lang = "ar-SA";
  EXPECT_TRUE(lk.lookup("ذهب الولد إلى المدرسة صباحا", sa).empty());
}

TEST_F(LookupTest, EmptyQueryIsAUsageError) {
  Lookup lk(*tm_);
  try {
    lk.lookup(" ،؟ . ", {});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
  }
}

TEST_F(LookupTest, OverwrittenUnitsLeaveNoGhostMatches) {
  {
    WriteOptions wo;
    wo.on_duplicate = OnDuplicate::kOverwrite;
    WriteBatch b(*tm_, Provenance::file("tsv", "t2"), wo);
    b.add(make_unit("توفي 12 شخصا في الحادث", "Twelve people were killed in the crash"));
    b.commit();
  }
  Lookup lk(*tm_);
  LookupOptions o;
  o.src_lang = "ar";
  o.min_score = 50;
  auto ms = lk.lookup("توفي 12 شخصا في حادث", o);
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].target, "Twelve people were killed in the crash");
}

TEST_F(LookupTest, ConcordanceByMatchKeyWithHighlights) {
  ConcordanceOptions o;
  auto hits = concordance(*tm_, "المدرسه", o);
  ASSERT_EQ(hits.size(), 2u);
  const ConcordanceHit& h = hits.back();  // newest first: id 5, then 1
  EXPECT_EQ(h.id, 1);
  ASSERT_EQ(h.source_hits.size(), 1u);
  auto [b, e] = h.source_hits[0];
  EXPECT_EQ(h.source.substr(b, e - b), "المدرسة");
  // Interior-word search (through the word index) and language filter.
  o.lang = "en";
  auto en = concordance(*tm_, "went to the market", o);
  ASSERT_EQ(en.size(), 1u);
  EXPECT_EQ(en[0].id, 2);
  EXPECT_TRUE(en[0].source_hits.empty());
  ASSERT_EQ(en[0].target_hits.size(), 1u);
  EXPECT_THROW(concordance(*tm_, "...", {}), Error);
}

// Prefix filtering reads the lists of the rarest query words whose
// occurrences add up to dmax + 1 (tm/lookup.cc): a segment that lacks the
// rarest words but has the next ones, or lacks a repeated rare word, must
// still be found when nothing beyond the prefix is read.
TEST(LookupPrefix, ASegmentWithoutTheRarestWordsIsStillFound) {
  TempDir dir;
  Tm tm = Tm::open(dir.file("p.db"), {.create = true});
  const std::vector<std::string> w = {"alpha", "bravo",  "charlie", "delta", "echo",
                                      "foxtrot", "golf", "hotel",  "india", "juliet"};
  {
    WriteBatch b(tm, Provenance::file("tsv", "t"), {});
    // Word k is in 4 (k + 1) short filler segments: alpha is the rarest.
    for (std::size_t k = 0; k < w.size(); ++k) {
      for (std::size_t r = 0; r < 4 * (k + 1); ++r) {
        b.add(make_unit(w[k] + " filler" + std::to_string(r) + " more" + std::to_string(k), "x", "en", "fr"));
      }
    }
    // The rarest three words replaced: 3 edits over 10 words, 70.
    b.add(make_unit("xray yankee zulu delta echo foxtrot golf hotel india juliet", "one", "en", "fr"));
    // Alpha, repeated three times in the second query, missing: 70 too.
    b.add(make_unit("xray yankee zulu bravo charlie delta echo foxtrot golf hotel", "two", "en", "fr"));
    b.commit();
  }
  Lookup lk(tm);
  LookupOptions o;
  o.src_lang = "en";
  o.min_score = 70;
  o.limit = 10;
  o.max_candidates = 1 << 30;
  o.extra_postings = 0;  // nothing beyond the prefix
  const std::string distinct = "alpha bravo charlie delta echo foxtrot golf hotel india juliet";
  const std::string repeated = "alpha alpha alpha bravo charlie delta echo foxtrot golf hotel";
  for (const auto& [query, target] : {std::pair{distinct, "one"}, std::pair{repeated, "two"}}) {
    const auto fast = lk.lookup(query, o);
    const auto slow = lk.lookup_exhaustive(query, o);
    ASSERT_EQ(fast.size(), slow.size()) << query;
    ASSERT_FALSE(fast.empty()) << query;
    EXPECT_EQ(fast[0].target, target) << query;
    EXPECT_EQ(fast[0].score, 70.0) << query;
    for (std::size_t i = 0; i < fast.size(); ++i) EXPECT_EQ(fast[i].id, slow[i].id) << query;
  }
}

}  // namespace
}  // namespace muwazi::tm
