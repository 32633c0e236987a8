// Accuracy of the whole aligner on real document pairs with gold alignments:
// strict F1 (Sennrich & Volk, as ../shared/tools/score.py computes it) over
// whole sets, with a margin below what the aligner measures today, so that a
// regression in any part of the model (length, anchors, omissions, lexicon,
// search) shows up here. Thresholds are over sets, never single files: the
// aligner is not tuned to files.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "align/aligner.h"
#include "evaluation/bench_corpus.h"
#include "evaluation/eval.h"

namespace muwazi::align {
namespace {

namespace fs = std::filesystem;
using evaluation::BenchDocument;
using evaluation::BenchSubset;
using evaluation::EvalResult;
using evaluation::find_subsets;
using evaluation::load_subset;
using evaluation::score_documents;

struct SetScore {
  EvalResult clean;  // subsets whose label does not end in "hard"
  EvalResult hard;   // .../dev/hard
  int clean_docs = 0, hard_docs = 0;
  std::map<std::string, EvalResult> by_dir;  // per subset directory
};

bool is_hard(const std::string& label) {
  return label == "hard" || (label.size() >= 5 && label.compare(label.size() - 5, 5, "/hard") == 0);
}

// Aligns every document of the subsets under `dirs` with default options and
// scores clean and hard subsets separately (counts summed over documents).
SetScore align_and_score(const std::vector<std::string>& dirs) {
  std::vector<BenchSubset> subsets = find_subsets(dirs, {});
  std::vector<Alignment> gold_clean, test_clean, gold_hard, test_hard;
  SetScore s;
  for (auto& subset : subsets) {
    load_subset(subset);
    const bool hard = is_hard(subset.label) || fs::path(subset.dir).filename() == "hard";
    std::vector<Alignment> golds, tests;
    for (const auto& doc : subset.docs) {
      Alignment test = align_documents(doc.src, doc.tgt, AlignOptions{});
      golds.push_back(doc.gold);
      tests.push_back(test);
      (hard ? gold_hard : gold_clean).push_back(doc.gold);
      (hard ? test_hard : test_clean).push_back(std::move(test));
    }
    s.by_dir[fs::weakly_canonical(subset.dir).string()] = score_documents(golds, tests);
  }
  s.clean_docs = static_cast<int>(gold_clean.size());
  s.hard_docs = static_cast<int>(gold_hard.size());
  s.clean = score_documents(gold_clean, test_clean);
  s.hard = score_documents(gold_hard, test_hard);
  return s;
}

std::string shared_dir(const std::string& rel) {
  const std::string root = MUWAZI_SHARED_DATA;
  if (root.empty()) return "";
  fs::path p = fs::path(root) / rel;
  return fs::is_directory(p) ? p.string() : "";
}

// The clean documents (not those of a dev/hard subset) under `dir`, loaded.
std::vector<BenchDocument> clean_documents(const std::string& dir) {
  std::vector<BenchDocument> docs;
  for (auto& subset : find_subsets({dir}, {})) {
    if (fs::path(subset.dir).filename() == "hard") continue;
    load_subset(subset);
    for (auto& doc : subset.docs) docs.push_back(std::move(doc));
  }
  return docs;
}

// The bundled NTREX news documents (tests/data/ntrex_dev): run everywhere,
// also in a clone without the shared data.
TEST(AlignAccuracy, BundledNtrexDev) {
  SetScore s = align_and_score({std::string(MUWAZI_TEST_DATA) + "/ntrex_dev"});
  ASSERT_EQ(s.clean_docs, 37);
  ASSERT_EQ(s.hard_docs, 18);
  std::printf("bundled ntrex dev: strict F1 %.4f (%d docs), hard %.4f (%d docs)\n", s.clean.strict.f1,
              s.clean_docs, s.hard.strict.f1, s.hard_docs);
  // Measured 0.9975 and 0.932.
  EXPECT_GE(s.clean.strict.f1, 0.99);
  EXPECT_GE(s.hard.strict.f1, 0.90);
  // Omissions are part of the metric's precision only when predicted; the
  // hard set must not be "solved" by predicting none: recall and precision
  // both stay high.
  EXPECT_GE(s.hard.strict.p, 0.85);
  EXPECT_GE(s.hard.strict.r, 0.85);
}

// All five ar-en sources of ../shared/data together (news, TED, law, Quran,
// literature): the targets.
TEST(AlignAccuracy, SharedArEnDevAllSources) {
  const char* sources[] = {"news_ntrex", "ted_iwslt17", "law_alignar", "literature_alignar", "quran_tanzil"};
  std::vector<std::string> dirs;
  for (const char* src : sources) {
    std::string d = shared_dir(std::string("ar-en/") + src + "/dev");
    if (d.empty()) GTEST_SKIP() << "shared data not found (MUWAZI_SHARED_DATA='" << MUWAZI_SHARED_DATA
                                << "', ar-en/" << src << "/dev)";
    dirs.push_back(d);
  }
  SetScore s = align_and_score(dirs);
  ASSERT_GT(s.clean_docs, 50);
  ASSERT_GT(s.hard_docs, 20);
  std::printf("shared ar-en dev: strict F1 %.4f (%d docs), hard %.4f (%d docs)\n", s.clean.strict.f1,
              s.clean_docs, s.hard.strict.f1, s.hard_docs);
  // Measured 0.970 and 0.896 (2026-11-29); targets 0.96 / 0.88.
  EXPECT_GE(s.clean.strict.f1, 0.96);
  EXPECT_GE(s.hard.strict.f1, 0.88);
  // The per-source targets (dev, clean), so that a regression in one
  // genre is not hidden by the others. Measured: news 0.9975, law 1.0,
  // Quran 0.976, literature 0.705. TED (target 0.975, measured 0.9675) is
  // out of reach for a sentence aligner: see SharedTedDevAtItsCeiling.
  const std::pair<const char*, double> targets[] = {
      {"news_ntrex", 0.995}, {"law_alignar", 0.98}, {"quran_tanzil", 0.96}, {"literature_alignar", 0.50}};
  for (const auto& [src, target] : targets) {
    const std::string dir = fs::weakly_canonical(shared_dir(std::string("ar-en/") + src + "/dev")).string();
    ASSERT_TRUE(s.by_dir.count(dir)) << dir << " (have " << s.by_dir.begin()->first << ", ...)";
    std::printf("  %s dev: strict F1 %.4f (target %.3f)\n", src, s.by_dir[dir].strict.f1, target);
    EXPECT_GE(s.by_dir[dir].strict.f1, target) << src;
  }
}

// The TED target is strict F1 >= 0.975 on ted_iwslt17/dev; the
// aligner measures 0.9675. The gold cannot be reached by pairing sentences:
// TED gold units are subtitle segments, and 14 of them hold two short
// sentences on each side that are each a correct 1-1 pair (read one by one,
// e.g. "LN: What?" / "Rabbit-sized camels?"; "He paused." after a quote), so
// gold records a 2-2 where a sentence aligner (and a TM user) wants two 1-1s.
// On the TED dev gold 12 of those 14 have under 60 characters of English, and
// so do 14 pairs of consecutive 1-1 units: no text tells them apart. This test
// computes the ceiling: the gold itself with each k-k unit (k >= 2) written as
// k 1-1 pairs scores 0.9697 against the gold, below the target, and the
// aligner must stay within 0.005 of that ceiling.
TEST(AlignAccuracy, SharedTedDevAtItsCeiling) {
  std::string d = shared_dir("ar-en/ted_iwslt17/dev");
  if (d.empty()) GTEST_SKIP() << "shared data not found";
  std::vector<Alignment> golds, ceiling_tests, tests;
  int split_units = 0;
  for (const auto& doc : clean_documents(d)) {
    Alignment split;
    for (const Bead& b : doc.gold) {
      if (b.src.size() >= 2 && b.src.size() == b.tgt.size()) {
        ++split_units;
        for (std::size_t k = 0; k < b.src.size(); ++k) split.push_back(Bead{{b.src[k]}, {b.tgt[k]}, 1.0});
      } else {
        split.push_back(b);
      }
    }
    golds.push_back(doc.gold);
    ceiling_tests.push_back(std::move(split));
    tests.push_back(align_documents(doc.src, doc.tgt, AlignOptions{}));
  }
  ASSERT_EQ(golds.size(), 8u);
  EXPECT_EQ(split_units, 14);
  const double ceiling = score_documents(golds, ceiling_tests).strict.f1;
  const double f1 = score_documents(golds, tests).strict.f1;
  std::printf("  ted dev: strict F1 %.4f, ceiling for 1-1 pairs %.4f (issue target 0.975)\n", f1, ceiling);
  EXPECT_LT(ceiling, 0.975);
  EXPECT_GE(f1, ceiling - 0.005);
}

// One long document made of genres that need different models: the clean
// dev documents of news, then Quran, then TED, concatenated (1,906 x 2,116
// sentences, searched by band; strict F1 0.981, 0.712 without re-alignment).
// One document-wide ratio and one set of bead priors fit the Quran verses
// badly (English about twice as long, many 1-2 and 1-3 beads): its part
// drifts beyond the band's reach. The weak stretch re-aligned with a model of
// its own recovers it.
TEST(AlignAccuracy, SharedMixedGenresInOneDocument) {
  std::vector<BenchDocument> docs;
  for (const char* src : {"news_ntrex", "quran_tanzil", "ted_iwslt17"}) {
    std::string d = shared_dir(std::string("ar-en/") + src + "/dev");
    if (d.empty()) GTEST_SKIP() << "shared data not found (ar-en/" << src << "/dev)";
    for (auto& doc : clean_documents(d)) docs.push_back(std::move(doc));
  }
  Document src, tgt;
  src.lang = "ar";
  tgt.lang = "en";
  Alignment gold;
  for (const auto& doc : docs) {
    const int i0 = static_cast<int>(src.sentences.size()), j0 = static_cast<int>(tgt.sentences.size());
    src.sentences.insert(src.sentences.end(), doc.src.sentences.begin(), doc.src.sentences.end());
    tgt.sentences.insert(tgt.sentences.end(), doc.tgt.sentences.begin(), doc.tgt.sentences.end());
    for (Bead b : doc.gold) {
      for (int& i : b.src) i += i0;
      for (int& j : b.tgt) j += j0;
      gold.push_back(std::move(b));
    }
  }
  ASSERT_GT(src.sentences.size(), 1500u);
  AlignOptions global_only;
  global_only.realign_weak_stretches = false;
  double f_global = score_documents({gold}, {align_documents(src, tgt, global_only)}).strict.f1;
  double f_local = score_documents({gold}, {align_documents(src, tgt, AlignOptions{})}).strict.f1;
  std::printf("news+Quran+TED in one document (%zu x %zu): strict F1 %.4f (document-wide model only %.4f)\n",
              src.sentences.size(), tgt.sentences.size(), f_local, f_global);
  EXPECT_GE(f_local, 0.96);
  EXPECT_GE(f_local, f_global + 0.05);
}

// The Text+Berg German–French document: length evidence plus same-script
// cognates, no Arabic-specific anchors.
TEST(AlignAccuracy, SharedDeFrDev) {
  std::string d = shared_dir("de-fr");
  if (d.empty()) GTEST_SKIP() << "shared data not found (MUWAZI_SHARED_DATA='" << MUWAZI_SHARED_DATA << "', de-fr)";
  SetScore s = align_and_score({d});
  ASSERT_EQ(s.clean_docs, 1);
  std::printf("shared de-fr dev: strict F1 %.4f\n", s.clean.strict.f1);
  // Measured 0.877; target 0.76.
  EXPECT_GE(s.clean.strict.f1, 0.76);
}

}  // namespace
}  // namespace muwazi::align
