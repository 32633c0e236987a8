// The aligner's model on built cases: anchors that override a misleading
// length, the length model and bead priors, feature extraction, lexicon
// learning, document and dictionary reading, model parameters.
#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>
#include <unistd.h>
#include "align/aligner.h"
#include "align/band.h"
#include "align/cost.h"
#include "align/document_io.h"
#include "align/features.h"
#include "align/lexicon.h"
#include "align/search.h"
#include "evaluation/eval.h"
#include "text/error.h"
#include "text/tokenize.h"
#include "tests/unit/align_test_util.h"

namespace muwazi::align {
namespace {

using namespace muwazi::align::testing;

// Gold of that shape with s9 holding the anchors: build_case puts a unit's
// anchors in its first sentence. Beads are limited to 2 sentences a side:
// the question is which split, not whether one 3-2 bead swallows both.
void expect_anchor_fixes(const Case& c, AlignOptions with, AlignOptions without) {
  with.max_bead_side = without.max_bead_side = 2;
  const Bead right{{9, 10}, {9}}, wrong{{8, 9}, {8}};
  ASSERT_TRUE(contains_bead(c.gold, right));
  Alignment plain = align_documents(c.src, c.tgt, without);
  EXPECT_TRUE(contains_bead(plain, wrong)) << "length alone was expected to be misled: " << show(plain);
  EXPECT_FALSE(contains_bead(plain, right)) << show(plain);
  Alignment anchored = align_documents(c.src, c.tgt, with);
  EXPECT_TRUE(same_beads(anchored, c.gold)) << "gold: " << show(c.gold) << "\ngot:  " << show(anchored);
}

// With the model weight of one anchor kind at 0, the right bead of an
// uneven_split_case is no longer found: that weight is what does it.
void expect_weight_matters(const Case& c, double ModelParams::*weight) {
  AlignOptions without_kind;
  without_kind.max_bead_side = 2;
  without_kind.model.*weight = 0;
  Alignment a = align_documents(c.src, c.tgt, without_kind);
  EXPECT_FALSE(contains_bead(a, Bead{{9, 10}, {9}})) << show(a);
}

TEST(AlignAnchors, NumbersFixWhatLengthGetsWrong) {
  // Arabic-Indic digits with the Arabic separators against Western ones.
  Case c = uneven_split_case({"١٩٩٧", "٣٫٥", "٢٤٠"}, {"1997", "3.5", "240"}, 21);
  expect_anchor_fixes(c, AlignOptions{}, length_only());
  expect_weight_matters(c, &ModelParams::number_weight);
}

TEST(AlignAnchors, NamesByTransliteration) {
  Case c = uneven_split_case({"موسكو", "روسيا", "حماس"}, {"Moscow", "Russia", "Hamas"}, 22);
  expect_anchor_fixes(c, AlignOptions{}, length_only());
  expect_weight_matters(c, &ModelParams::name_weight);
}

TEST(AlignAnchors, LatinTokensVerbatim) {
  Case c = uneven_split_case({"NATO", "UNESCO"}, {"NATO", "UNESCO"}, 23);
  expect_anchor_fixes(c, AlignOptions{}, length_only());
}

TEST(AlignAnchors, DictionaryMakesTheDifference) {
  Case c = uneven_split_case({"كتاب", "مدرسة", "قمر"}, {"book", "school", "moon"}, 24);
  Dictionary dict = {{"كتاب", "book"}, {"مدرسة", "school"}, {"قمر", "moon"}, {"شمس", "sun"}};
  AlignOptions with;
  with.dictionary = &dict;
  // Without the dictionary nothing links those words (each occurs once, so
  // the learned lexicon cannot either): same options otherwise.
  expect_anchor_fixes(c, with, AlignOptions{});
  // A dictionary is anchor evidence: off with the anchors.
  AlignOptions off = length_only();
  off.max_bead_side = 2;
  off.dictionary = &dict;
  EXPECT_FALSE(contains_bead(align_documents(c.src, c.tgt, off), Bead{{9, 10}, {9}}));
}

TEST(AlignAnchors, ParagraphBoundariesAreSoftAnchors) {
  // No anchor tokens; both sides start a paragraph at the gold bead s9+s10-t9.
  Case c = uneven_split_case({}, {}, 25);
  c.src.paragraph_start.assign(c.src.sentences.size(), false);
  c.tgt.paragraph_start.assign(c.tgt.sentences.size(), false);
  c.src.paragraph_start[0] = c.tgt.paragraph_start[0] = true;
  c.src.paragraph_start[9] = c.tgt.paragraph_start[9] = true;
  expect_anchor_fixes(c, AlignOptions{}, length_only());
  // Without the paragraph information the full model is misled like length.
  Case bare = c;
  bare.src.paragraph_start.clear();
  bare.tgt.paragraph_start.clear();
  AlignOptions o;
  o.max_bead_side = 2;
  EXPECT_FALSE(contains_bead(align_documents(bare.src, bare.tgt, o), Bead{{9, 10}, {9}}));
}

TEST(AlignAnchors, PunctuationSignature) {
  Document ar{"ar", {"هل هذا صحيح؟ قال: «نعم» (ربما)!"}, {}};
  Document en{"en", {"Is that right? He said: \u201cyes\u201d (perhaps)!"}, {}};
  DocumentFeatures f = FeatureExtractor(ar, en, AlignOptions{}).build(nullptr);
  for (int p = 0; p < kNumPunct; ++p) {
    EXPECT_EQ(f.src[0].punct[p], 1) << "class " << p;
    EXPECT_EQ(f.src[0].punct[p], f.tgt[0].punct[p]) << "class " << p;
  }
}

// ---------------------------------------------------------------------------
// The length model.

TEST(AlignLength, EstimatedRatioHandlesUniformlyLongerTarget) {
  std::mt19937 rng(31);
  Case c = build_case(one_to_one(rng, 30), 2.0, 0.05, 31);
  AlignOptions est = length_only();
  Alignment a = align_documents(c.src, c.tgt, est);
  EXPECT_TRUE(same_beads(a, c.gold)) << show(a);

  AlignOptions fixed = length_only();
  fixed.estimate_ratio = false;
  fixed.fixed_ratio = 1.0;
  Alignment b = align_documents(c.src, c.tgt, fixed);
  EXPECT_EQ(check_alignment(b, 30, 30), "");
  double f_fixed = strict_f1(c.gold, b);
  EXPECT_LT(f_fixed, 0.7) << show(b);  // classic Gale–Church collapses
  // ... and it is the ratio: fixed at the right value it works again.
  fixed.fixed_ratio = 2.0;
  EXPECT_GE(strict_f1(c.gold, align_documents(c.src, c.tgt, fixed)), 0.95);
  // Same for a target half as long (the Quran's 0.48).
  Case h = build_case(one_to_one(rng, 30), 0.48, 0.05, 32);
  EXPECT_TRUE(same_beads(align_documents(h.src, h.tgt, length_only()), h.gold));
  fixed.fixed_ratio = 1.0;
  EXPECT_LT(strict_f1(h.gold, align_documents(h.src, h.tgt, fixed)), 0.7);
}

TEST(AlignLength, CostGrowsWithLengthMismatch) {
  const std::vector<float> tgt = {100, 105, 115, 130, 160, 200, 300, 95, 85, 70, 50, 20};
  DocumentFeatures f = features_of_lengths({100}, tgt);
  auto types = bead_types(1);
  for (double tail : {0.0, 0.2}) {
    CostParams p = plain_params(types);
    p.tail_weight = tail;
    p.tail_scale = 4;
    CostModel model(f, types, p);
    model.prepare(full_band(1, static_cast<int>(tgt.size())));
    // Equal lengths: only the prior of a 1-1 bead.
    EXPECT_NEAR(model.cost(0, 0, 0), p.type_cost[0], 1e-6);
    for (std::size_t j = 1; j < 7; ++j) EXPECT_GT(model.cost(0, 0, j), model.cost(0, 0, j - 1)) << "longer " << j;
    EXPECT_GT(model.cost(0, 0, 7), model.cost(0, 0, 0));
    for (std::size_t j = 8; j < tgt.size(); ++j) EXPECT_GT(model.cost(0, 0, j), model.cost(0, 0, j - 1)) << "shorter " << j;
  }
  // The heavy tail: a large mismatch costs less than under the Gaussian alone.
  CostParams g = plain_params(types), h = plain_params(types);
  h.tail_weight = 0.2;
  h.tail_scale = 4;
  CostModel mg(f, types, g), mh(f, types, h);
  mg.prepare(full_band(1, static_cast<int>(tgt.size())));
  mh.prepare(full_band(1, static_cast<int>(tgt.size())));
  EXPECT_LT(mh.cost(0, 0, 6), mg.cost(0, 0, 6));
  // Gale–Church: 1-1 of lengths 100/200 at variance 6.8: d^2 = 100^2/(6.8*151).
  EXPECT_NEAR(mg.cost(0, 0, 5) - g.type_cost[0], 0.5 * 100.0 * 100.0 / (6.8 * 151.0), 1e-6);
  // With the ratio at 2, the 200-character target is the cheapest.
  CostModel m2(f, types, plain_params(types, 2.0));
  m2.prepare(full_band(1, static_cast<int>(tgt.size())));
  for (std::size_t j = 0; j < tgt.size(); ++j) {
    if (j != 5) { EXPECT_GT(m2.cost(0, 0, j), m2.cost(0, 0, 5)) << j; }
  }
}

TEST(AlignLength, BeadTypesAndPriors) {
  for (int max_side = 1; max_side <= 8; ++max_side) {
    auto types = bead_types(max_side);
    ASSERT_GE(types.size(), 3u);
    EXPECT_EQ(types[0].a, 1); EXPECT_EQ(types[0].b, 1);
    EXPECT_EQ(types[1].a, 1); EXPECT_EQ(types[1].b, 0);
    EXPECT_EQ(types[2].a, 0); EXPECT_EQ(types[2].b, 1);
    std::set<std::pair<int, int>> seen;
    for (const auto& t : types) {
      EXPECT_TRUE(seen.emplace(t.a, t.b).second) << t.a << "-" << t.b << " twice";
      EXPECT_LE(std::max(t.a, t.b), max_side);
      EXPECT_GE(t.a + t.b, 1);
    }
    for (int k = 1; k <= max_side; ++k) {
      EXPECT_TRUE(seen.count({1, k}) && seen.count({k, 1})) << "1-" << k;
      if (k >= 2) { EXPECT_TRUE(seen.count({0, k}) && seen.count({k, 0})) << "0-" << k; }
    }
    if (max_side >= 2) { EXPECT_TRUE(seen.count({2, 2})); }
    if (max_side >= 3) { EXPECT_TRUE(seen.count({2, 3}) && seen.count({3, 2})); }
    auto costs = default_type_costs(types);
    ASSERT_EQ(costs.size(), types.size());
    for (std::size_t t = 1; t < costs.size(); ++t) EXPECT_GT(costs[t], costs[0]);  // 1-1 is the most likely
    for (double c : costs) EXPECT_GT(c, 0);
  }
  EXPECT_EQ(bead_types(1).size(), 3u);
}

TEST(AlignLength, OmissionRunsAreAffine) {
  auto types = bead_types(4);
  DocumentFeatures f = features_of_lengths({50, 60, 70, 80}, {55});
  CostParams p = plain_params(types);
  p.omission_cost = 2.0;
  p.omission_extend_cost = 1.5;
  CostModel model(f, types, p);
  model.prepare(full_band(4, 1));
  auto index = [&](int a, int b) {
    for (std::size_t t = 0; t < types.size(); ++t) {
      if (types[t].a == a && types[t].b == b) return static_cast<int>(t);
    }
    return -1;
  };
  EXPECT_NEAR(model.cost(1, 0, 0), p.type_cost[1] + 2.0, 1e-9);
  for (int k = 2; k <= 4; ++k) {
    int t = index(k, 0);
    ASSERT_GE(t, 0);
    EXPECT_NEAR(model.cost(t, 0, 0), p.type_cost[1] + 2.0 + 1.5 * (k - 1), 1e-9) << k;
  }
  // Omitting is independent of length.
  EXPECT_NEAR(model.cost(1, 3, 0), model.cost(1, 0, 0), 1e-9);
}

TEST(AlignLength, MatchedAnchorsLowerTheCost) {
  auto types = bead_types(2);
  DocumentFeatures f = features_of_lengths({100}, {100, 100});
  const std::uint32_t num = (static_cast<std::uint32_t>(kNumber) << kKindShift) | 5u;
  f.src[0].items = {num};
  f.tgt[0].items = {num};
  for (auto& s : f.src) finish_items(s);
  for (auto& t : f.tgt) finish_items(t);
  CostParams p = plain_params(types);
  p.anchor_weight[kNumber] = 2.0;
  p.omission_anchor_factor = 0.25;
  CostModel model(f, types, p);
  model.prepare(full_band(1, 2));
  EXPECT_NEAR(model.cost(0, 0, 0), p.type_cost[0], 1e-9);        // matched: no anchor cost
  EXPECT_NEAR(model.cost(0, 0, 1), p.type_cost[0] + 2.0, 1e-9);  // the source's item unmatched
  EXPECT_NEAR(model.cost(1, 0, 0), p.type_cost[1] + 0.25 * 2.0, 1e-9);  // omitted: cheaper
}

// The anchor part of every bead's cost, where anchors repeat inside a bead
// (the case the model merges sorted unions for), equals the multiset
// intersection counted by brute force: what the two sides hold minus the
// credit of what they share.
TEST(AlignLength, AnchorCostIsTheMultisetIntersection) {
  const auto types = bead_types(4);
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> count(0, 5), value(0, 6);
  DocumentFeatures f = features_of_lengths(std::vector<float>(12, 50), std::vector<float>(14, 50));
  auto fill = [&](std::vector<SentenceFeatures>& side) {
    for (auto& s : side) {
      for (int k = count(rng); k > 0; --k) {
        s.items.push_back((static_cast<std::uint32_t>(kNumber) << kKindShift) | static_cast<std::uint32_t>(value(rng)));
      }
      finish_items(s);
    }
  };
  fill(f.src);
  fill(f.tgt);
  CostParams with = plain_params(types);
  with.anchor_weight[kNumber] = 1.5;
  const CostParams without = plain_params(types);
  CostModel anchored(f, types, with), plain(f, types, without);
  const Band band = full_band(12, 14);
  anchored.prepare(band);
  plain.prepare(band);
  int checked = 0, repeating = 0;
  for (std::size_t t = 0; t < types.size(); ++t) {
    const int a = types[t].a, b = types[t].b;
    if (a == 0 || b == 0) continue;
    for (int i = 0; i + a <= 12; ++i) {
      for (int j = 0; j + b <= 14; ++j) {
        std::multiset<std::uint32_t> src, tgt;
        for (int x = i; x < i + a; ++x) src.insert(f.src[x].items.begin(), f.src[x].items.end());
        for (int y = j; y < j + b; ++y) tgt.insert(f.tgt[y].items.begin(), f.tgt[y].items.end());
        std::size_t shared = 0;
        for (auto it = src.begin(); it != src.end(); it = src.upper_bound(*it)) {
          shared += std::min(src.count(*it), tgt.count(*it));
        }
        bool repeats = false;
        for (int x = i; x < i + a; ++x) {
          for (auto v : f.src[x].items) repeats |= src.count(v) > static_cast<std::size_t>(std::count(f.src[x].items.begin(), f.src[x].items.end(), v));
        }
        repeating += repeats ? 1 : 0;
        const double expected = 1.5 * static_cast<double>(src.size() + tgt.size() - 2 * shared);
        const double got = anchored.cost(static_cast<int>(t), i, j) - plain.cost(static_cast<int>(t), i, j);
        EXPECT_NEAR(got, expected, 1e-9) << a << "-" << b << " bead at (" << i << ", " << j << ")";
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 1000);
  EXPECT_GT(repeating, 100);  // the merged unions were exercised, not only the pairwise sum
}

// ---------------------------------------------------------------------------
// Features, lexicon, reading documents and dictionaries.

bool share_item_of_kind(const SentenceFeatures& a, const SentenceFeatures& b, AnchorKind kind) {
  for (auto x : a.items) {
    if (kind_of(x) == kind && std::find(b.items.begin(), b.items.end(), x) != b.items.end()) return true;
  }
  return false;
}

TEST(AlignFeatures, AnchorItemsOfEachKind) {
  Document ar{"ar", {"قال إن ١٥ شخصا و(٢) في موسكو مع حلف NATO.", "لا شيء هنا بعد الكتاب."}, {}};
  Document en{"en", {"He said 15 people and (2) in Moscow with NATO.", "Nothing here after the book."}, {}};
  Dictionary dict = {{"الكتاب", "book"}};
  AlignOptions o;
  o.dictionary = &dict;
  FeatureExtractor fx(ar, en, o);
  DocumentFeatures f = fx.build(nullptr);
  ASSERT_EQ(f.src.size(), 2u);
  EXPECT_TRUE(share_item_of_kind(f.src[0], f.tgt[0], kNumber));
  EXPECT_TRUE(share_item_of_kind(f.src[0], f.tgt[0], kName));
  EXPECT_TRUE(share_item_of_kind(f.src[0], f.tgt[0], kVerbatim));
  EXPECT_TRUE(share_item_of_kind(f.src[1], f.tgt[1], kLexicon));
  EXPECT_FALSE(share_item_of_kind(f.src[0], f.tgt[1], kNumber));
  EXPECT_TRUE(f.src_names_are_keys);
  EXPECT_TRUE(f.tgt_verbatim_are_keys);
  EXPECT_GT(f.src[0].punct[kBracket], 0);
  EXPECT_EQ(f.src[0].punct[kBracket], f.tgt[0].punct[kBracket]);
  // Lengths in code points.
  EXPECT_EQ(f.tgt[1].len, static_cast<float>(text::length_units(en.sentences[1])));
  // Anchors off: lengths only.
  FeatureExtractor plain(ar, en, length_only());
  DocumentFeatures g = plain.build(nullptr);
  for (const auto& s : g.src) EXPECT_TRUE(s.items.empty());
  for (const auto& t : g.tgt) EXPECT_TRUE(t.items.empty());
  EXPECT_EQ(g.src[0].len, f.src[0].len);
  // Items that cannot match the other side are dropped.
  Document en2{"en", {"Nothing in common at all here.", "x"}, {}};
  DocumentFeatures h = FeatureExtractor(ar, en2, AlignOptions{}).build(nullptr);
  for (const auto& s : h.src) EXPECT_TRUE(s.items.empty());
}

// A part of an extractor (what a re-aligned stretch uses) gives the features
// that extracting the part's sentences anew gives: the same lengths,
// punctuation, paragraph starts and anchor matches between its sentences,
// items matching outside the part dropped, and the word ids of the whole.
TEST(AlignFeatures, PartOfAnExtractorEqualsExtractingThePart) {
  Document ar{"ar",
              {"بدأ الاجتماع.", "قال إن ١٥ شخصا في موسكو.", "وصل حلف NATO (أمس).", "زار روسيا ٣ مرات؟", "انتهى."},
              {false, true, false, true, false}};
  Document en{"en",
              {"The meeting began.", "He said 15 people in Moscow.", "NATO arrived (yesterday).", "Visited Russia 3 times?",
               "Moscow ended."},
              {false, true, false, true, false}};
  FeatureExtractor whole(ar, en, AlignOptions{});
  FeatureExtractor part(whole, 1, 4, 1, 4);
  Document ar_part{"ar", {ar.sentences.begin() + 1, ar.sentences.begin() + 4}, {true, false, true}};
  Document en_part{"en", {en.sentences.begin() + 1, en.sentences.begin() + 4}, {true, false, true}};
  DocumentFeatures p = part.build(nullptr), q = FeatureExtractor(ar_part, en_part, AlignOptions{}).build(nullptr);
  ASSERT_EQ(p.src.size(), 3u);
  ASSERT_EQ(p.tgt.size(), 3u);
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(p.src[k].len, q.src[k].len);
    EXPECT_EQ(p.tgt[k].len, q.tgt[k].len);
    EXPECT_EQ(p.src[k].punct, q.src[k].punct);
    EXPECT_EQ(p.src[k].para_start, q.src[k].para_start);
    EXPECT_EQ(p.src[k].items.size(), q.src[k].items.size()) << k;
    EXPECT_EQ(p.tgt[k].items.size(), q.tgt[k].items.size()) << k;
    for (int l = 0; l < 3; ++l) {
      for (AnchorKind kind : {kNumber, kName, kVerbatim}) {
        EXPECT_EQ(share_item_of_kind(p.src[k], p.tgt[l], kind), share_item_of_kind(q.src[k], q.tgt[l], kind))
            << k << " " << l << " kind " << kind;
      }
    }
  }
  // (The comparison above is not vacuous: the part has anchors of each kind.)
  EXPECT_TRUE(share_item_of_kind(p.src[0], p.tgt[0], kNumber));
  EXPECT_TRUE(share_item_of_kind(p.src[0], p.tgt[0], kName));
  EXPECT_TRUE(share_item_of_kind(p.src[1], p.tgt[1], kVerbatim));
  EXPECT_TRUE(share_item_of_kind(p.src[2], p.tgt[2], kNumber));
  EXPECT_EQ(p.src_names_are_keys, q.src_names_are_keys);
  EXPECT_EQ(p.tgt_verbatim_are_keys, q.tgt_verbatim_are_keys);
  // Word ids stay the whole's: the part's sentences keep their ids.
  EXPECT_EQ(part.words().src[0], whole.words().src[1]);
  EXPECT_EQ(part.words().tgt[2], whole.words().tgt[3]);
  EXPECT_EQ(part.words().src_vocab_size, whole.words().src_vocab_size);
}

TEST(AlignFeatures, CognatesBetweenLatinLanguages) {
  Document de{"de", {"Die Regierung beschloss die Reformen im Parlament."}, {}};
  Document fr{"fr", {"Le gouvernement a décidé les réformes au Parlement."}, {}};
  DocumentFeatures f = FeatureExtractor(de, fr, AlignOptions{}).build(nullptr);
  EXPECT_TRUE(share_item_of_kind(f.src[0], f.tgt[0], kCognate));  // "parl"
  EXPECT_FALSE(share_item_of_kind(f.src[0], f.tgt[0], kName));
}

TEST(AlignFeatures, LexiconKeys) {
  EXPECT_EQ(lexicon_key_of("والمدرسة"), lexicon_key_of("مدرسة"));
  EXPECT_EQ(lexicon_key_of("المدرسة"), lexicon_key_of("مدرسة"));
  EXPECT_EQ(lexicon_key_of("governments"), lexicon_key_of("government"));
  EXPECT_EQ(lexicon_key_of("Book"), lexicon_key_of("book"));
  EXPECT_NE(lexicon_key_of("book"), lexicon_key_of("school"));
  EXPECT_EQ(lexicon_key_of(""), "");
}

// A dictionary lists bare forms (كتاب); news text has them with the article
// and a conjunction (الكتاب, والكتاب). All must share one key, also for
// words whose first letter is one of the proclitics و ف ب ل ك.
TEST(AlignFeatures, DictionaryMatchesDefiniteArabicForms) {
  for (const std::string bare : {"كتاب", "فيلم", "بلد", "مدرسة"}) {
    SCOPED_TRACE(bare);
    EXPECT_EQ(lexicon_key_of("ال" + bare), lexicon_key_of(bare));
    EXPECT_EQ(lexicon_key_of("وال" + bare), lexicon_key_of(bare));
    EXPECT_EQ(lexicon_key_of("بال" + bare), lexicon_key_of(bare));
  }
  Document ar{"ar", {"قرأ الطالب الكتاب في الصباح.", "شاهد فيلما."}, {}};
  Document en{"en", {"The student read the book in the morning.", "He watched a film."}, {}};
  Dictionary dict = {{"كتاب", "book"}};
  AlignOptions o;
  o.dictionary = &dict;
  DocumentFeatures f = FeatureExtractor(ar, en, o).build(nullptr);
  EXPECT_TRUE(share_item_of_kind(f.src[0], f.tgt[0], kLexicon));
}

TEST(AlignLexicon, LearnsWordsThatCooccurInBeads) {
  // 20 one-to-one beads, every sentence with its own filler word; word 100
  // (source) and 200 (target) together in beads 0, 5, 10; 101/201 in one
  // bead only; 102/202 in every bead (function words).
  SentenceWords w;
  Alignment beads;
  for (int k = 0; k < 20; ++k) {
    std::vector<std::uint32_t> s = {static_cast<std::uint32_t>(k), 102}, t = {static_cast<std::uint32_t>(k), 202};
    if (k % 5 == 0 && k <= 10) s.push_back(100), t.push_back(200);
    if (k == 3) s.push_back(101), t.push_back(201);
    w.src.push_back(s);
    w.tgt.push_back(t);
    beads.push_back(Bead{{k}, {k}});
  }
  w.src_vocab_size = 203;
  w.tgt_vocab_size = 203;
  WordPairs pairs = learn_lexicon(w, beads, LexiconOptions{});
  auto has = [&](std::uint32_t a, std::uint32_t b) {
    return std::find(pairs.begin(), pairs.end(), std::make_pair(a, b)) != pairs.end();
  };
  EXPECT_TRUE(has(100, 200));
  EXPECT_FALSE(has(101, 201));  // one co-occurrence is not enough
  EXPECT_FALSE(has(102, 202));  // in every bead: a function word
  std::set<std::uint32_t> src_seen, tgt_seen;
  for (auto [a, b] : pairs) {
    EXPECT_TRUE(src_seen.insert(a).second) << "source word " << a << " linked twice";
    EXPECT_TRUE(tgt_seen.insert(b).second) << "target word " << b << " linked twice";
  }
  // Omission beads teach nothing.
  Alignment omitted;
  for (int k = 0; k < 20; ++k) omitted.push_back(Bead{{k}, {}}), omitted.push_back(Bead{{}, {k}});
  EXPECT_TRUE(learn_lexicon(w, omitted, LexiconOptions{}).empty());
}

TEST(AlignDocumentIo, PresplitLinesAndParagraphs) {
  Document d = make_document("  first line \n\nsecond\nthird\t\n \n\nfourth", "en", true);
  ASSERT_EQ(d.sentences, (std::vector<std::string>{"first line", "second", "third", "fourth"}));
  EXPECT_EQ(d.paragraph_start, (std::vector<bool>{true, true, false, true}));
  EXPECT_EQ(d.lang, "en");
  EXPECT_TRUE(make_document("", "en", true).sentences.empty());
  EXPECT_TRUE(make_document("\n\n  \n", "en", true).sentences.empty());
}

TEST(AlignDocumentIo, RawTextIsSegmented) {
  Document d = make_document("Mr. Smith went to Moscow. He stayed 3.5 days!\n\nA new paragraph? Yes.", "en", false);
  ASSERT_EQ(d.sentences.size(), 4u) << ::testing::PrintToString(d.sentences);
  EXPECT_EQ(d.sentences[0], "Mr. Smith went to Moscow.");
  EXPECT_EQ(d.paragraph_start, (std::vector<bool>{true, false, true, false}));
  Document a = make_document("قال الرئيس إن النمو بلغ ٣٫٥ في المئة. هل هذا كاف؟ نعم.", "ar", false);
  EXPECT_EQ(a.sentences.size(), 3u) << ::testing::PrintToString(a.sentences);
}

std::string write_temp(const std::string& name, const std::string& content) {
  auto dir = std::filesystem::temp_directory_path() / ("muwazi_align_search_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

TEST(AlignDocumentIo, Dictionary) {
  Dictionary d = read_dictionary(write_temp("ok.dict", "# comment\nكتاب\tbook\n\nكتاب\tvolume\n مدرسة \t school\n"));
  EXPECT_EQ(d.size(), 3u);
  EXPECT_EQ(d.count("كتاب"), 2u);
  ASSERT_EQ(d.count("مدرسة"), 1u);
  EXPECT_EQ(d.find("مدرسة")->second, "school");
  for (const std::string bad : {"كتاب\tbook\nno tab here\n", "كتاب\tbook\n\tbook\n", "كتاب\tbook\nكتاب\t\n"}) {
    std::string path = write_temp("bad.dict", bad);
    try {
      read_dictionary(path);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kInput);
      EXPECT_NE(std::string(e.what()).find(path + ":2"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(read_dictionary(write_temp("missing", "") + ".nope"), Error);
  // Windows files: BOM and CRLF do not end up in the words.
  Dictionary w = read_dictionary(write_temp("crlf.dict", "\xEF\xBB\xBFكتاب\tbook\r\nمدرسة\tschool\r\n"));
  ASSERT_EQ(w.count("كتاب"), 1u);
  EXPECT_EQ(w.find("كتاب")->second, "book");
  EXPECT_EQ(w.find("مدرسة")->second, "school");
}

TEST(AlignOptionsTest, SetModelParam) {
  ModelParams p;
  EXPECT_TRUE(set_model_param(p, "lexicon_weight", 1.5));
  EXPECT_EQ(p.lexicon_weight, 1.5);
  EXPECT_TRUE(set_model_param(p, "number_weight", 0));
  EXPECT_EQ(p.number_weight, 0);
  EXPECT_TRUE(set_model_param(p, "lexicon_min_count", 3));
  EXPECT_EQ(p.lexicon_min_count, 3);
  EXPECT_EQ(p.prior_discount, 0);  // off by default (leave-one-out priors are an experiment)
  EXPECT_TRUE(set_model_param(p, "prior_discount", 1));
  EXPECT_EQ(p.prior_discount, 1);
  EXPECT_FALSE(set_model_param(p, "no_such_param", 1));
  EXPECT_FALSE(set_model_param(p, "", 1));
  EXPECT_EQ(ModelParams{}.first_pass_variance, p.first_pass_variance);
}

}  // namespace
}  // namespace muwazi::align
