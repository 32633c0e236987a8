#include "evaluation/eval.h"

#include <gtest/gtest.h>

#include "align/beads_io.h"
#include "text/error.h"

namespace muwazi::evaluation {
namespace {

using namespace muwazi::align;  // Alignment, Document, parse_beads, ...

Alignment P(const char* text) { return parse_beads(text); }

struct Expected {
  long ps, pl, pn;  // precision strict TP, lax TP, n
  long rs, rl, rn;  // recall strict TP, lax TP, n
};

void expect_counts(const EvalResult& r, const Expected& e) {
  const auto& c = r.counts;
  EXPECT_EQ(c.precision.strict_tp, e.ps);
  EXPECT_EQ(c.precision.lax_tp, e.pl);
  EXPECT_EQ(c.precision.n, e.pn);
  EXPECT_EQ(c.recall.strict_tp, e.rs);
  EXPECT_EQ(c.recall.lax_tp, e.rl);
  EXPECT_EQ(c.recall.n, e.rn);
  auto div = [](long a, long b) { return b ? double(a) / double(b) : 0.0; };
  auto f1 = [](double p, double r) { return p + r ? 2 * p * r / (p + r) : 0.0; };
  EXPECT_NEAR(r.strict.p, div(e.ps, e.pn), 1e-12);
  EXPECT_NEAR(r.strict.r, div(e.rs, e.rn), 1e-12);
  EXPECT_NEAR(r.strict.f1, f1(div(e.ps, e.pn), div(e.rs, e.rn)), 1e-12);
  EXPECT_NEAR(r.lax.p, div(e.pl, e.pn), 1e-12);
  EXPECT_NEAR(r.lax.r, div(e.rl, e.rn), 1e-12);
  EXPECT_NEAR(r.lax.f1, f1(div(e.pl, e.pn), div(e.rl, e.rn)), 1e-12);
}

// The cases of score.py --selftest, with its hand-worked counts.

TEST(Eval, SelftestIdentical) {
  Alignment g = P("[0]:[0]\n[1, 2]:[1]\n[]:[2]\n[3]:[3]\n");
  expect_counts(score_documents({g}, {g}), {4, 4, 4, 3, 3, 3});
}

TEST(Eval, SelftestMerge) {
  Alignment g = P("[0]:[0]\n[1]:[1]\n[2]:[2]\n");
  Alignment t = P("[0]:[0]\n[1, 2]:[1, 2]\n");
  expect_counts(score_documents({g}, {t}), {1, 2, 2, 1, 3, 3});
}

TEST(Eval, SelftestInsertionsDeletionsAndEmptyBeads) {
  Alignment g = P("[0]:[0]\n[1]:[]\n[2]:[1]\n[]:[2]\n[3]:[3]\n");
  Alignment t = P("[0]:[0]\n[1]:[1]\n[2]:[]\n[]:[2]\n[3]:[3]\n[]:[]\n");
  EvalResult r = score_documents({g}, {t});
  expect_counts(r, {3, 3, 5, 2, 2, 3});
  EXPECT_EQ(r.counts.gold_beads, 5);
  EXPECT_EQ(r.counts.test_beads, 5);  // []:[] is not counted
}

TEST(Eval, SelftestShiftNeedsTheSameGoldBead) {
  Alignment g = P("[0]:[0]\n[1]:[1]\n[2]:[2]\n");
  Alignment t = P("[0]:[1]\n[1]:[2]\n[2]:[0]\n");
  expect_counts(score_documents({g}, {t}), {0, 0, 3, 0, 0, 3});
}

TEST(Eval, SelftestTwoDocumentsSumCountsBeforeDividing) {
  Alignment ga = P("[0]:[0]\n[1]:[1]\n[2]:[2]\n");
  Alignment ta = P("[0]:[0]\n[1, 2]:[1, 2]\n");
  Alignment gb = P("[0, 1]:[0]\n[2]:[1, 2]\n");
  Alignment tb = P("[0]:[0]\n[1]:[]\n[2]:[1]\n[]:[2]\n");
  EvalResult r = score_documents({ga, gb}, {ta, tb});
  expect_counts(r, {1, 4, 6, 1, 5, 5});
  // score.py's spot check of the printed numbers.
  EXPECT_NEAR(r.strict.p, 1.0 / 6, 1e-9);
  EXPECT_NEAR(r.strict.r, 0.2, 1e-9);
  EXPECT_NEAR(r.strict.f1, 0.181818181818, 1e-9);
  EXPECT_NEAR(r.lax.p, 4.0 / 6, 1e-9);
  EXPECT_NEAR(r.lax.r, 1.0, 1e-9);
  EXPECT_NEAR(r.lax.f1, 0.8, 1e-9);
  EXPECT_EQ(r.counts.docs, 2);
  // Not the mean of per-document scores.
  double mean_p = (score_documents({ga}, {ta}).strict.p + score_documents({gb}, {tb}).strict.p) / 2;
  EXPECT_NE(r.strict.p, mean_p);
}

TEST(Eval, SelftestEmptyTestIsZeroNotNan) {
  Alignment g = P("[0]:[0]\n[1]:[1]\n[2]:[2]\n");
  EvalResult r = score_documents({g}, {Alignment{}});
  expect_counts(r, {0, 0, 0, 0, 0, 3});
  EXPECT_EQ(r.strict.f1, 0.0);
  EXPECT_EQ(r.lax.p, 0.0);
}

TEST(Eval, DuplicatesAreDroppedForMatchingButCountedInBeadTotals) {
  Alignment g = P("[0]:[0]\n[1]:[1]\n");
  Alignment t = P("[0]:[0]\n[0]:[0]\n[1]:[1]\n[]:[]\n");
  EvalResult r = score_documents({g}, {t});
  expect_counts(r, {2, 2, 2, 2, 2, 2});
  EXPECT_EQ(r.counts.test_beads, 3);  // as score.py: duplicates counted, []:[] not
}

TEST(Eval, MismatchedDocumentCountsIsAnError) {
  EXPECT_THROW(score_documents({P("[0]:[0]")}, {}), Error);
}

TEST(Eval, TableAndJsonLookLikeScorePy) {
  Alignment ga = P("[0]:[0]\n[1]:[1]\n[2]:[2]\n");
  Alignment ta = P("[0]:[0]\n[1, 2]:[1, 2]\n");
  EvalResult r = score_documents({ga}, {ta});
  EXPECT_EQ(format_table(r),
            "docs=1 gold_beads=3 test_beads=2\n"
            "          strict    lax\n"
            "P         0.5000    1.0000\n"
            "R         0.3333    1.0000\n"
            "F1        0.4000    1.0000");
  nlohmann::json j = to_json(r);
  EXPECT_EQ(j["docs"], 1);
  EXPECT_EQ(j["gold_beads"], 3);
  EXPECT_DOUBLE_EQ(j["strict"]["p"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(j["strict"]["f1"].get<double>(), 0.4);
  EXPECT_DOUBLE_EQ(j["lax"]["r"].get<double>(), 1.0);
  EXPECT_EQ(j["counts"]["recall"]["n"], 3);
}

// Diagnostics

TEST(EvalDiagnostics, RecallPerShape) {
  Alignment g = P("[0]:[0]\n[1]:[1, 2]\n[2, 3]:[3]\n[4]:[]\n[]:[4]\n[5]:[5]\n");
  Alignment t = P("[0]:[0]\n[1]:[1]\n[]:[2]\n[2, 3]:[3]\n[4]:[]\n[5]:[4, 5]\n");
  Diagnostics d = diagnose_document(g, t);
  ASSERT_EQ(d.by_shape.size(), 5u);
  EXPECT_EQ(d.by_shape[BeadShape(1, 1)].gold, 2);
  EXPECT_EQ(d.by_shape[BeadShape(1, 1)].strict, 1);
  // [5]:[5] is laxly found in [5]:[4, 5].
  EXPECT_EQ(d.by_shape[BeadShape(1, 1)].lax, 2);
  EXPECT_EQ(d.by_shape[BeadShape(1, 2)].strict, 0);
  EXPECT_EQ(d.by_shape[BeadShape(1, 2)].lax, 1);
  EXPECT_EQ(d.by_shape[BeadShape(2, 1)].strict, 1);
  EXPECT_EQ(d.by_shape[BeadShape(1, 0)].strict, 1);
  EXPECT_EQ(d.by_shape[BeadShape(0, 1)].strict, 0);
  EXPECT_EQ(d.by_shape[BeadShape(0, 1)].lax, 0);
  std::vector<BeadShape> order = ordered_shapes(d);
  ASSERT_EQ(order.size(), 5u);
  EXPECT_EQ(shape_name(order[0]), "1-1");
  EXPECT_EQ(shape_name(order[1]), "0-1");
  EXPECT_EQ(shape_name(order[2]), "1-0");
}

TEST(EvalDiagnostics, ErrorKinds) {
  // gold [0]:[0, 1] split by test into [0]:[0] + []:[1]: a false omission;
  // gold [1, 2]:[2, 3] split into [1]:[2] + [2]:[3]: a split;
  // gold [3]:[4] + [4]:[5] merged by test into [3, 4]:[4, 5]: two merges;
  // gold [5]:[] aligned by test in [5]:[6]: a missed omission... and gold
  // []:[6] with it (also a missed omission);
  // gold [6]:[7] [7]:[8] vs test [6]:[7, 8] [7]:[]: false omission for
  // [7]:[8], shifted?  No: [6]:[7] sees only [6]:[7, 8] which contains it -> merge.
  // gold [8, 9]:[9] [10]:[10, 11] vs test [8]:[9] [9, 10]:[10] [11 ...]:
  //   [8, 9]:[9] sees [8]:[9] and [9, 10]:[10] -> shifted.
  Alignment g = P(
      "[0]:[0, 1]\n[1, 2]:[2, 3]\n[3]:[4]\n[4]:[5]\n[5]:[]\n[]:[6]\n[6]:[7]\n[7]:[8]\n"
      "[8, 9]:[9]\n[10]:[10, 11]\n");
  Alignment t = P(
      "[0]:[0]\n[]:[1]\n[1]:[2]\n[2]:[3]\n[3, 4]:[4, 5]\n[5]:[6]\n[6]:[7, 8]\n[7]:[]\n"
      "[8]:[9]\n[9, 10]:[10]\n[]:[11]\n");
  Diagnostics d = diagnose_document(g, t);
  EXPECT_EQ(d.errors[BeadErrorKind::kFalseOmission], 3);  // [0]:[0,1], [7]:[8], [10]:[10,11]
  EXPECT_EQ(d.errors[BeadErrorKind::kSplit], 1);
  EXPECT_EQ(d.errors[BeadErrorKind::kMerge], 3);  // [3]:[4], [4]:[5], [6]:[7]
  EXPECT_EQ(d.errors[BeadErrorKind::kMissedOmission], 2);
  EXPECT_EQ(d.errors[BeadErrorKind::kShifted], 1);
  EXPECT_EQ(d.total_errors(), 10);
  EXPECT_EQ(d.error_details["split: gold 2-2 -> test 1-1 + 1-1"], 1);
  EXPECT_EQ(d.error_details["merge: gold 1-1 -> test 2-2"], 2);
  EXPECT_EQ(d.error_details["shifted: gold 2-1 -> test 1-1 + 2-1"], 1);
  auto top = top_error_details(d, 1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].second, 2);

  // Perfect test: no errors, recall 1 for every shape.
  Diagnostics ok = diagnose_document(g, g);
  EXPECT_EQ(ok.total_errors(), 0);
  for (const auto& [shape, s] : ok.by_shape) EXPECT_EQ(s.strict, s.gold) << shape_name(shape);

  // A test that stops early leaves gold beads uncovered.
  Diagnostics part = diagnose_document(P("[0]:[0]\n[1]:[1]\n"), P("[0]:[0]\n"));
  EXPECT_EQ(part.errors[BeadErrorKind::kUnaligned], 1);
}

TEST(EvalDiagnostics, AddAndJson) {
  Alignment g = P("[0]:[0]\n[1]:[1]\n");
  Alignment t = P("[0, 1]:[0, 1]\n");
  Diagnostics d = diagnose_document(g, t);
  d.add(diagnose_document(g, g));
  EXPECT_EQ(d.by_shape[BeadShape(1, 1)].gold, 4);
  EXPECT_EQ(d.by_shape[BeadShape(1, 1)].strict, 2);
  nlohmann::json j = to_json(d);
  EXPECT_EQ(j["shapes"]["1-1"]["gold"], 4);
  EXPECT_DOUBLE_EQ(j["shapes"]["1-1"]["recall_strict"].get<double>(), 0.5);
  EXPECT_EQ(j["errors"]["merge"], 2);
  EXPECT_EQ(j["error_details"][0]["kind"], "merge: gold 1-1 -> test 2-2");
  std::string text = format_diagnostics(d);
  EXPECT_NE(text.find("1-1           4   0.5000   1.0000"), std::string::npos) << text;
  EXPECT_NE(text.find("2  merge where gold splits"), std::string::npos) << text;
}

// Omission locality on a hand-made pair: two gold omissions (beads 1 and 4),
// the test keeps the first and merges the second into its neighbour. The
// logic of scripts/omission_locality.py on the same beads gives the same
// counts (2 omissions, 1 left unaligned; 4 beads at distance 1, 1 missed).
TEST(EvalDiagnostics, OmissionLocality) {
  Alignment gold = P("[0]:[0]\n[1]:[]\n[2]:[1]\n[3]:[2]\n[]:[3]\n[4]:[4]\n");
  Alignment test = P("[0]:[0]\n[1]:[]\n[2]:[1]\n[3]:[2,3]\n[4]:[4]\n");
  Diagnostics d = diagnose_document(gold, test);
  EXPECT_EQ(d.omissions.omissions, 2);
  EXPECT_EQ(d.omissions.omissions_found, 1);
  EXPECT_EQ(d.omissions.neighbours, 4);  // gold beads 0, 2, 3, 5
  EXPECT_EQ(d.omissions.neighbours_found, 3);  // all but [3]:[2]
  d.add(diagnose_document(gold, gold));
  EXPECT_EQ(d.omissions.omissions, 4);
  EXPECT_EQ(d.omissions.omissions_found, 3);
  EXPECT_EQ(d.omissions.neighbours, 8);
  EXPECT_EQ(d.omissions.neighbours_found, 7);
  // No omission in the gold: nothing counted.
  Diagnostics none = diagnose_document(P("[0]:[0]\n[1]:[1]\n"), P("[0,1]:[0,1]\n"));
  EXPECT_EQ(none.omissions.omissions, 0);
  EXPECT_EQ(none.omissions.neighbours, 0);
}

}  // namespace
}  // namespace muwazi::evaluation
