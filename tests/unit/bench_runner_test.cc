#include "evaluation/bench_runner.h"

#include <gtest/gtest.h>

#include "align/beads_io.h"

namespace muwazi::evaluation {
namespace {

using namespace muwazi::align;  // Alignment, Document, parse_beads, ...

Document doc(std::vector<std::string> sentences, const char* lang) {
  Document d;
  d.lang = lang;
  d.sentences = std::move(sentences);
  return d;
}

// Two tiny subsets; gold alignments 1-1 throughout.
std::vector<BenchSubset> subsets() {
  std::vector<BenchSubset> out(2);
  out[0].label = "a";
  out[1].label = "a/hard";
  for (int s = 0; s < 2; ++s) {
    for (int k = 0; k < 2 - s; ++k) {
      BenchDocument d;
      d.name = "d" + std::to_string(k);
      d.src = doc({"واحد.", "اثنان وثلاثة وأربعة وخمسة.", "ستة."}, "ar");
      d.tgt = doc({"One.", "Two and three and four and five.", "Six."}, "en");
      d.gold = parse_beads("[0]:[0]\n[1]:[1]\n[2]:[2]\n");
      out[s].docs.push_back(std::move(d));
    }
  }
  return out;
}

TEST(BenchRunner, RunsEveryDocumentAndAggregates) {
  auto subs = subsets();
  BenchConfig config;
  config.name = "default";
  int calls = 0;
  ConfigRun run = run_config(subs, config, [&](const BenchProgress& p) {
    ++calls;
    EXPECT_EQ(p.total, 6u);
    EXPECT_EQ(p.config, "default");
  }, 3, 6);
  EXPECT_EQ(calls, 3);
  ASSERT_EQ(run.docs.size(), 3u);
  EXPECT_FALSE(run.external);
  for (const DocRun& d : run.docs) {
    EXPECT_EQ(d.n_src, 3);
    EXPECT_GE(d.seconds, 0);
    EXPECT_GE(d.cpu_seconds, 0);
    EXPECT_GT(d.peak_rss_kib, 0);
    EXPECT_EQ(d.counts.gold_beads, 3);
  }
  BenchAggregate all = aggregate(run);
  EXPECT_EQ(all.docs, 3);
  EXPECT_EQ(all.sentences, 18);
  EXPECT_TRUE(all.timed);
  EXPECT_EQ(all.eval.counts.gold_beads, 9);
  BenchAggregate hard = aggregate(run, {1});
  EXPECT_EQ(hard.docs, 1);
  EXPECT_EQ(hard.eval.counts.docs, 1);
  EXPECT_EQ(aggregate(run, {}).docs, 0);
  EXPECT_FALSE(aggregate(run, {}).timed);
}

TEST(BenchRunner, ExternalAlignmentsAreScoredNotTimed) {
  auto subs = subsets();
  std::vector<std::vector<Alignment>> ext = {
      {parse_beads("[0]:[0]\n[1]:[1]\n[2]:[2]\n"), parse_beads("[0, 1]:[0, 1]\n[2]:[2]\n")},
      {parse_beads("[0]:[0]\n[1]:[1]\n[2]:[2]\n")}};
  ConfigRun run = score_external(subs, "hunalign", "/x", ext);
  EXPECT_TRUE(run.external);
  BenchAggregate a = aggregate(run);
  EXPECT_FALSE(a.timed);
  EXPECT_EQ(a.sentences_per_second(), 0);
  // 9 gold beads; the merged 2-2 bead costs two strict recall hits.
  EXPECT_EQ(a.eval.counts.recall.strict_tp, 7);
  EXPECT_EQ(a.eval.counts.recall.n, 9);
  EXPECT_EQ(a.diagnostics.errors[BeadErrorKind::kMerge], 2);
  EXPECT_DOUBLE_EQ(aggregate(run, {1}).eval.strict.f1, 1.0);
}

TEST(BenchRunner, DefaultConfigsAndMachine) {
  const auto& configs = default_bench_configs();
  ASSERT_EQ(configs.size(), 4u);
  EXPECT_EQ(configs.front().first, "gale-church");
  EXPECT_EQ(configs.back().first, "default");
  EXPECT_EQ(configs.back().second, "");
  MachineInfo m = machine_info();
  EXPECT_FALSE(m.cpu.empty());
  EXPECT_FALSE(m.compiler.empty());
}

}  // namespace
}  // namespace muwazi::evaluation
