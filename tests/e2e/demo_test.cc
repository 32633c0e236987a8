// scripts/demo.sh, the README's first command, shows the whole job on the
// bundled sample: segment, align, tm add, tm lookup (fuzzy and nearly exact),
// tm export. The test runs the script with this build's muwazi (MUWAZI=, no
// build of its own) and checks what it prints against what muwazi itself says
// about the files the script wrote.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/cli_util.h"
#include "tests/e2e/reliability_util.h"

namespace muwazi::test {
namespace {

using nlohmann::json;

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b);
}

// One `tm lookup` answer as the demo prints it (text format, best match first).
struct PrintedMatch {
  std::string query;
  double score = -1;
  std::string source, target, why;
};

// The answer after the heading that starts with `heading`.
PrintedMatch printed_match(const std::vector<std::string>& lines, const std::string& heading) {
  PrintedMatch m;
  std::size_t i = 0;
  while (i < lines.size() && lines[i].rfind(heading, 0) != 0) ++i;
  if (i + 6 > lines.size() || lines[i + 1].rfind("query: ", 0) != 0) return m;
  m.query = lines[i + 1].substr(7);
  m.score = std::atof(trim(lines[i + 2]).c_str());
  m.source = trim(lines[i + 3]);
  m.target = trim(lines[i + 4]);
  m.why = trim(lines[i + 5]);
  return m;
}

TEST(DemoScript, RunsTheWholeJobOnTheSampleAndTheLookupFindsTheStoredUnit) {
  const std::string dir = temp_dir();
  SpawnOptions o;
  o.bin = "/bin/bash";
  o.env = {std::string("MUWAZI=") + MUWAZI_BIN, "DEMO_DIR=" + dir};
  o.stdout_path = dir + "/demo.out";
  o.stderr_path = dir + "/demo.err";
  ASSERT_EQ(wait_child(spawn_muwazi({std::string(MUWAZI_SOURCE_DIR) + "/scripts/demo.sh"}, o)), 0)
      << read_file(o.stderr_path);
  const std::string out = read_file(o.stdout_path);
  EXPECT_EQ(read_file(o.stderr_path), "");
  const std::vector<std::string> lines = lines_of(out);

  // A heading before each step, in order.
  std::size_t at = 0;
  for (const char* h : {"== 1. segment", "== 2. align", "== 3. tm add", "== 4. tm lookup", "== 5. tm lookup",
                        "== 6. tm export"}) {
    const std::size_t p = out.find(h, at);
    ASSERT_NE(p, std::string::npos) << h << " missing or out of order:\n" << out;
    at = p;
  }

  // Segment and align: the counts printed are those of the files written.
  const std::string ar = test_data("sample/article.ar.txt"), en = test_data("sample/article.en.txt");
  const RunResult seg_ar = run_muwazi({"segment", ar}), seg_en = run_muwazi({"segment", en});
  ASSERT_EQ(seg_ar.exit_code, 0);
  EXPECT_EQ(read_file(dir + "/article.ar.sentences"), seg_ar.out);
  EXPECT_EQ(read_file(dir + "/article.en.sentences"), seg_en.out);
  const std::string counts = std::to_string(lines_of(seg_ar.out).size()) + " Arabic and " +
                             std::to_string(lines_of(seg_en.out).size()) + " English sentences";
  EXPECT_NE(out.find(counts), std::string::npos) << out;
  const RunResult beads = run_muwazi({"align", ar, en});
  ASSERT_EQ(beads.exit_code, 0);
  EXPECT_EQ(read_file(dir + "/article.beads"), beads.out);

  // tm add stored the beads: the TM the demo left behind holds them.
  const std::string db = dir + "/tm.db";
  const RunResult stats = run_muwazi({"tm", "stats", "--db", db, "--json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const long long units = json::parse(stats.out)["units"].get<long long>();
  EXPECT_GT(units, 0);
  EXPECT_LE(units, static_cast<long long>(lines_of(beads.out).size()));
  const RunResult stored = run_muwazi({"tm", "export", "--db", db, "--format", "tsv"});
  ASSERT_EQ(stored.exit_code, 0) << stored.err;

  // The two lookups: each query differs from a stored source, and the match
  // printed is that stored unit, with its score and why it is not 100, as
  // `tm lookup --format jsonl` gives it.
  struct Expect {
    const char* heading;
    double lo, hi;
    const char* penalty;
  };
  for (const Expect& e : {Expect{"== 4. tm lookup", 70, 94, "edit"}, Expect{"== 5. tm lookup", 95, 99.5, "alef_hamza"}}) {
    SCOPED_TRACE(e.heading);
    const PrintedMatch m = printed_match(lines, e.heading);
    ASSERT_FALSE(m.query.empty()) << out;
    EXPECT_NE(m.query, m.source);
    EXPECT_GE(m.score, e.lo) << out;
    EXPECT_LE(m.score, e.hi) << out;
    EXPECT_NE(stored.out.find(m.source + "\t" + m.target + "\n"), std::string::npos)
        << "not a stored unit: " << m.source << " / " << m.target;
    EXPECT_EQ(m.why.rfind("why not 100: ", 0), 0u) << m.why;
    EXPECT_NE(m.why.find(e.penalty), std::string::npos) << m.why;
    const RunResult j = run_muwazi({"tm", "lookup", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", "--format",
                                    "jsonl", m.query});
    ASSERT_EQ(j.exit_code, 0) << j.err;
    const json best = json::parse(j.out)["matches"].at(0);
    EXPECT_EQ(best["source"], m.source);
    EXPECT_EQ(best["target"], m.target);
    EXPECT_NEAR(best["score"].get<double>(), m.score, 0.05);
    bool listed = false;
    for (const json& p : best["penalties"]) listed = listed || p["kind"] == e.penalty;
    EXPECT_TRUE(listed) << best.dump();
  }

  // The export: a well-formed TMX with one tu per unit.
  const std::string tmx = read_file(dir + "/tm.tmx");
  std::size_t tus = 0;
  for (std::size_t p = tmx.find("<tu "); p != std::string::npos; p = tmx.find("<tu ", p + 1)) ++tus;
  EXPECT_EQ(static_cast<long long>(tus), units);
  EXPECT_NE(out.find(std::to_string(units) + " translation units"), std::string::npos) << out;
  if (std::system("command -v xmllint >/dev/null 2>&1") == 0) {
    EXPECT_EQ(std::system(("xmllint --noout '" + dir + "/tm.tmx'").c_str()), 0);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace muwazi::test
