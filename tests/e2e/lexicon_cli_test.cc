// End-to-end: `muwazi tm lexicon` learns a dictionary from a TM, and
// `align` / `tm add` use it with --lexicon FILE.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/cli_util.h"

namespace muwazi::test {
namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> f;
  std::size_t pos = 0;
  while (true) {
    std::size_t t = line.find('\t', pos);
    f.push_back(line.substr(pos, t == std::string::npos ? std::string::npos : t - pos));
    if (t == std::string::npos) return f;
    pos = t + 1;
  }
}

// The strict F1 of `align --gold` (first number of the F1 row on stderr).
double strict_f1(const std::string& err) {
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);) {
    std::istringstream l(line);
    std::string first;
    double x = -1;
    if (l >> first && first == "F1" && l >> x) return x;
  }
  return -1;
}

class LexiconCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir();
    db_ = dir_ + "/tm.db";
    lex_ = dir_ + "/lexicon.tsv";
    RunResult r = run_muwazi({"tm", "import", "--db", db_, test_data("tmx/tico19-all.en-ar.tmx")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string dir_, db_, lex_;
};

TEST_F(LexiconCli, LearnsFromTheTmAndAlignUsesIt) {
  RunResult r = run_muwazi({"tm", "lexicon", "--db", db_, "-o", lex_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("ar-en units"), std::string::npos) << r.err;
  const std::string text = read_file(lex_);
  std::istringstream in(text);
  int lines = 0;
  bool symptom = false, vaccine = false;
  for (std::string line; std::getline(in, line);) {
    ++lines;
    auto f = split_tabs(line);
    ASSERT_EQ(f.size(), 3u) << line;
    const double score = std::stod(f[2]);
    EXPECT_GT(score, 0.0);
    EXPECT_LE(score, 1.0);
    // The TMX is English -> Arabic: the file is turned round (ar first).
    EXPECT_EQ(f[1].find_first_of("\xd8\xd9"), std::string::npos) << line;
    symptom |= f[1] == "symptom" && f[0].find("اعراض") != std::string::npos;
    vaccine |= f[1].rfind("vaccin", 0) == 0 && f[0].find("لقاح") != std::string::npos;
  }
  EXPECT_GT(lines, 300) << text.substr(0, 2000);
  EXPECT_TRUE(symptom) << text.substr(0, 2000);
  EXPECT_TRUE(vaccine) << text.substr(0, 2000);

  // align reads it (alone and with --dict), and still aligns the sample.
  const std::string ar = test_data("sample/sentences.ar"), en = test_data("sample/sentences.en"),
                    gold = test_data("sample/sentences.gold");
  RunResult a = run_muwazi({"align", "--presplit", ar, en, "--gold", gold, "--lexicon", lex_});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_GE(strict_f1(a.err), 0.95) << a.err;
  write_file(dir_ + "/dict.tsv", "حكومة\tgovernment\n");
  RunResult b = run_muwazi({"align", "--presplit", ar, en, "--lexicon", lex_, "--dict", dir_ + "/dict.tsv"});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(b.out, run_muwazi({"align", "--presplit", ar, en, "--lexicon", lex_, "--dict", dir_ + "/dict.tsv"}).out);

  // tm add takes it too.
  RunResult t = run_muwazi({"tm", "add", "--db", dir_ + "/add.db", "--lexicon", lex_, test_data("sample/article.ar.txt"),
                            test_data("sample/article.en.txt")});
  EXPECT_EQ(t.exit_code, 0) << t.err;
}

TEST_F(LexiconCli, TheOtherDirectionAndStdout) {
  RunResult r = run_muwazi({"tm", "lexicon", "--db", db_, "--src-lang", "en", "--tgt-lang", "ar", "-o", "-", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::istringstream in(r.out);
  std::string line;
  ASSERT_TRUE(std::getline(in, line)) << r.out;
  auto f = split_tabs(line);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].find_first_of("\xd8\xd9"), std::string::npos) << line;  // English first
}

TEST_F(LexiconCli, UsageAndBadFiles) {
  RunResult r = run_muwazi({"tm", "lexicon", "--db", db_});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("-o FILE"), std::string::npos) << r.err;
  RunResult m = run_muwazi({"tm", "lexicon", "--db", dir_ + "/missing.db", "-o", lex_});
  EXPECT_EQ(m.exit_code, 3) << m.err;
  // A lexicon line without a tab, or with a score that is not a number.
  const std::string ar = test_data("sample/sentences.ar"), en = test_data("sample/sentences.en");
  write_file(dir_ + "/bad.tsv", "كتاب\tbook\t0.5\nنهر river\n");
  RunResult b = run_muwazi({"align", "--presplit", ar, en, "--lexicon", dir_ + "/bad.tsv"});
  EXPECT_EQ(b.exit_code, 1) << b.err;
  EXPECT_NE(b.err.find("bad.tsv:2:"), std::string::npos) << b.err;
  write_file(dir_ + "/bad2.tsv", "كتاب\tbook\tx\n");
  RunResult c = run_muwazi({"align", "--presplit", ar, en, "--lexicon", dir_ + "/bad2.tsv"});
  EXPECT_EQ(c.exit_code, 1) << c.err;
  EXPECT_NE(c.err.find("bad2.tsv:1:"), std::string::npos) << c.err;
  write_file(dir_ + "/bad3.tsv", std::string("\xff\xfe\x00\x01", 4));
  RunResult d = run_muwazi({"align", "--presplit", ar, en, "--lexicon", dir_ + "/bad3.tsv"});
  EXPECT_EQ(d.exit_code, 1) << d.err;
  EXPECT_NE(d.err.find("bad3.tsv"), std::string::npos) << d.err;
}

}  // namespace
}  // namespace muwazi::test
