// The bad input catalogue (docs/BAD_INPUT.md): every kind of bad input we
// tried, with what muwazi must do — one line on stderr naming the problem,
// exit 1 (input/io), 2 (usage) or 3 (database), never a crash or a hang, and
// the TM unchanged. Also the regression tests for what the fuzzers found.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/e2e/cli_util.h"
#include "tests/e2e/reliability_util.h"

namespace muwazi::test {
namespace {

using nlohmann::json;

// stderr is one line (ends in a newline, none before).
bool one_line(const std::string& err) {
  return !err.empty() && err.back() == '\n' && std::count(err.begin(), err.end(), '\n') == 1;
}

long long unit_count(const std::string& db) {
  RunResult r = run_muwazi({"tm", "stats", "--db", db, "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? json::parse(r.out)["units"].get<long long>() : -1;
}

// A TM holding one unit, for "the TM is unchanged" checks.
std::string one_unit_tm(const std::string& dir) {
  const std::string db = dir + "/tm.db";
  write_file(dir + "/seed.tsv", "مرحبا بالعالم\tHello world\n");
  RunResult r = run_muwazi({"tm", "import", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", dir + "/seed.tsv"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return db;
}

// --- Regressions found by the fuzzers (tests/fuzz) ---------------------------

// jsonl_fuzz: a number too large for a double ("2e308") made nlohmann::json
// throw out_of_range, which nobody caught: muwazi died with terminate().
TEST(BadInputFuzzRegression, JsonlNumberOverflowIsAnInputError) {
  const std::string dir = temp_dir();
  const std::string db = one_unit_tm(dir);
  write_file(dir + "/big.jsonl",
             "{\"src\":[0],\"tgt\":[0],\"src_text\":\"نص\",\"tgt_text\":\"text\",\"score\":0.9}\n"
             "{\"src\":[1],\"tgt\":[1],\"src_text\":\"a b\",\"tgt_text\":\"c\",\"score\":2e308}\n");
  RunResult r = run_muwazi({"tm", "import", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", dir + "/big.jsonl"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("big.jsonl:2: invalid JSON"), std::string::npos) << r.err;
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_EQ(unit_count(db), 1);
}

// Scores are confidences in [0,1] (tm/unit.h); a TSV or JSONL score outside
// that range (or nan/inf) used to be stored as given.
TEST(BadInputFuzzRegression, ScoreOutsideZeroOneIsAnInputError) {
  const std::string dir = temp_dir();
  const std::string db = one_unit_tm(dir);
  for (const char* score : {"5", "-0.5", "nan", "inf"}) {
    write_file(dir + "/s.tsv", std::string("أ\tA\t0.5\nب\tB\t") + score + "\n");
    RunResult r = run_muwazi({"tm", "import", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", dir + "/s.tsv"});
    EXPECT_EQ(r.exit_code, 1) << score << ": " << r.err;
    EXPECT_NE(r.err.find("s.tsv:2: third column is not a score"), std::string::npos) << r.err;
  }
  write_file(dir + "/s.jsonl", "{\"src_text\":\"أ\",\"tgt_text\":\"A\",\"score\":1.5}\n");
  RunResult r = run_muwazi({"tm", "import", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", dir + "/s.jsonl"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("s.jsonl:1: \"score\" must lie between 0 and 1"), std::string::npos) << r.err;
  EXPECT_EQ(unit_count(db), 1);
}

// --- Output that cannot be written -------------------------------------------

// `tm export -o PATH` wrote PATH.tmp and renamed it over PATH, so with PATH
// a device (/dev/full, /dev/stdout, a FIFO) root replaced the device node by
// a regular file and reported success. The link below points at /dev/full
// so a regression replaces only the link, not the device.
TEST(BadInputOutput, ExportToAFullDeviceFailsAndKeepsTheDevice) {
  const std::string dir = temp_dir();
  const std::string db = one_unit_tm(dir);
  const std::string link = dir + "/full";
  std::filesystem::create_symlink("/dev/full", link);
  for (const char* format : {"tmx", "tsv"}) {
    RunResult r = run_muwazi({"tm", "export", "--db", db, "--format", format, "-o", link});
    EXPECT_EQ(r.exit_code, 1) << format << ": " << r.err;
    // "PATH: write error" (caught at the flush) or "error writing TMX output".
    EXPECT_TRUE(r.err.find("write error") != std::string::npos || r.err.find("error writing") != std::string::npos)
        << r.err;
    EXPECT_TRUE(one_line(r.err)) << r.err;  // and no libxml2 "I/O error" line
    EXPECT_TRUE(std::filesystem::is_symlink(link));
    EXPECT_FALSE(std::filesystem::exists(link + ".tmp"));
  }
  RunResult r = run_muwazi({"tm", "export", "--db", db, "-o", dir});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("is a directory"), std::string::npos) << r.err;
}

// Every command that prints results reports a full standard output (exit 1)
// instead of losing its output silently.
TEST(BadInputOutput, FullStdoutIsAnIoError) {
  const std::string dir = temp_dir();
  const std::string db = one_unit_tm(dir);
  const std::string ar = test_data("sample/sentences.ar"), en = test_data("sample/sentences.en");
  const std::string gold = test_data("sample/sentences.gold");
  const std::vector<std::vector<std::string>> commands = {
      {"segment", test_data("sample/article.en.txt")},
      {"align", "--presplit", ar, en},
      {"eval", gold, gold},
      {"tm", "export", "--db", db},
      {"tm", "export", "--db", db, "--format", "tsv"},
      {"tm", "lookup", "--db", db, "مرحبا بالعالم"},
      {"tm", "concordance", "--db", db, "مرحبا"},
      {"tm", "stats", "--db", db},
  };
  for (const auto& args : commands) {
    std::string err;
    const int rc = run_with(args, {.stdout_path = "/dev/full"}, &err);
    EXPECT_EQ(rc, 1) << args[0] << " " << args[1] << ": " << err;
    EXPECT_NE(err.find("error writing"), std::string::npos) << err;
    EXPECT_TRUE(one_line(err)) << err;
  }
}

}  // namespace
}  // namespace muwazi::test
