// `muwazi align` as a user runs it: the bundled sample in every output
// format, -o, --gold, the aligner flags, and the exit codes of wrong usage
// (2) and bad input (1) with a one-line message.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/cli_util.h"

namespace muwazi::test {
namespace {

struct OutBead {
  std::vector<int> src, tgt;
  double score = -1;
};

std::vector<int> ids_of(const std::string& list) {
  std::vector<int> ids;
  std::istringstream in(list);
  for (std::string tok; std::getline(in, tok, ',');) {
    if (tok.find_first_not_of(' ') == std::string::npos) continue;
    ids.push_back(std::stoi(tok));
  }
  return ids;
}

// Parses one "[ids]" list at `pos` (advanced past it); false if malformed.
bool parse_id_list(const std::string& line, std::size_t& pos, std::vector<int>& ids) {
  if (pos >= line.size() || line[pos] != '[') return false;
  std::size_t close = line.find(']', pos);
  if (close == std::string::npos) return false;
  std::string inner = line.substr(pos + 1, close - pos - 1);
  if (inner.find_first_not_of("0123456789, ") != std::string::npos) return false;
  ids = ids_of(inner);
  pos = close + 1;
  return true;
}

// Parses `muwazi align` bead output strictly: every line "[ids]:[ids]:score"
// with the score as digits '.' digits. Adds a test failure (and skips the
// line) on anything else.
std::vector<OutBead> parse_beads_output(const std::string& out) {
  std::vector<OutBead> beads;
  for (const auto& line : lines_of(out)) {
    OutBead b;
    std::size_t pos = 0;
    bool ok = parse_id_list(line, pos, b.src) && pos < line.size() && line[pos++] == ':' &&
              parse_id_list(line, pos, b.tgt) && pos < line.size() && line[pos++] == ':';
    std::string score = ok ? line.substr(pos) : "";
    std::size_t dot = score.find('.');
    ok = ok && dot != std::string::npos && dot > 0 && dot + 1 < score.size() &&
         score.find_first_not_of("0123456789.") == std::string::npos && score.find('.', dot + 1) == std::string::npos;
    if (!ok) {
      ADD_FAILURE() << "not a bead line: '" << line << "'";
      continue;
    }
    b.score = std::stod(score);
    beads.push_back(b);
  }
  return beads;
}

// The numbers of a row of the --gold table ("F1        0.9500    0.9750").
std::vector<double> table_row(const std::string& err, const std::string& label) {
  for (const auto& line : lines_of(err)) {
    std::istringstream in(line);
    std::string first;
    if (!(in >> first) || first != label) continue;
    std::vector<double> v;
    for (double x; in >> x;) v.push_back(x);
    return v;
  }
  return {};
}

// "" when the beads cover 0..n-1 and 0..m-1 exactly once, in order, with
// scores in [0,1]; else what is wrong.
std::string coverage(const std::vector<OutBead>& beads, int n, int m) {
  int i = 0, j = 0;
  for (std::size_t k = 0; k < beads.size(); ++k) {
    if (beads[k].src.empty() && beads[k].tgt.empty()) return "empty bead " + std::to_string(k);
    for (int x : beads[k].src) {
      if (x != i++) return "bead " + std::to_string(k) + ": source id " + std::to_string(x);
    }
    for (int y : beads[k].tgt) {
      if (y != j++) return "bead " + std::to_string(k) + ": target id " + std::to_string(y);
    }
    if (beads[k].score < 0 || beads[k].score > 1) return "bead " + std::to_string(k) + ": score out of [0,1]";
  }
  if (i != n || j != m) return "covers " + std::to_string(i) + "/" + std::to_string(n) + " and " +
                               std::to_string(j) + "/" + std::to_string(m);
  return "";
}

std::string sample(const std::string& name) { return test_data("sample/" + name); }

int count_lines(const std::string& path) {
  int n = 0;
  for (const auto& l : lines_of(read_file(path))) n += l.find_first_not_of(" \t") != std::string::npos;
  return n;
}

// Number of sentences `muwazi segment` finds (what align uses for raw text).
int segmented_sentences(const std::string& path, const std::string& lang) {
  RunResult r = run_muwazi({"segment", "--lang", lang, path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  int n = 0;
  for (const auto& l : lines_of(r.out)) n += !l.empty();
  return n;
}

// An error: the exit code, one line on stderr, nothing on stdout.
void expect_error(const RunResult& r, int code, const std::string& needle = "") {
  EXPECT_EQ(r.exit_code, code) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out.substr(0, 200);
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "not one line: " << r.err;
  if (!needle.empty()) {
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
  }
}

const int kSampleSentences = 25;

TEST(AlignCli, RawSampleBeadsCoverEverySentenceInOrder) {
  RunResult r = run_muwazi({"align", sample("article.ar.txt"), sample("article.en.txt")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto beads = parse_beads_output(r.out);
  int n = segmented_sentences(sample("article.ar.txt"), "ar");
  int m = segmented_sentences(sample("article.en.txt"), "en");
  ASSERT_GT(n, 10);
  ASSERT_GT(m, 10);
  EXPECT_EQ(coverage(beads, n, m), "");
  // A news translation: mostly 1-1, mostly confident.
  int one_one = 0, confident = 0;
  for (const auto& b : beads) {
    one_one += b.src.size() == 1 && b.tgt.size() == 1;
    confident += b.score >= 0.5;
  }
  EXPECT_GE(one_one * 10, static_cast<int>(beads.size()) * 8);
  EXPECT_GE(confident * 10, static_cast<int>(beads.size()) * 8);
}

TEST(AlignCli, PresplitSampleMatchesGold) {
  RunResult r = run_muwazi({"align", "--presplit", sample("sentences.ar"), sample("sentences.en"), "--gold",
                            sample("sentences.gold")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto beads = parse_beads_output(r.out);
  EXPECT_EQ(coverage(beads, kSampleSentences, count_lines(sample("sentences.en"))), "");
  // The P/R/F1 table on stderr, output untouched.
  EXPECT_NE(r.err.find("strict"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("lax"), std::string::npos) << r.err;
  std::vector<double> f1 = table_row(r.err, "F1");
  ASSERT_EQ(f1.size(), 2u) << r.err;
  EXPECT_GE(f1[0], 0.95) << r.err;  // strict F1 on the sample
  EXPECT_GE(f1[1], f1[0]);          // lax >= strict
  EXPECT_EQ(table_row(r.err, "P").size(), 2u) << r.err;
  // Cross-check the table: strict recall = share of gold beads (none empty
  // here) found verbatim in the output.
  auto gold = lines_of(read_file(sample("sentences.gold")));
  int found = 0;
  const std::string out = "\n" + r.out;
  for (const auto& g : gold) found += out.find("\n" + g + ":") != std::string::npos;
  std::vector<double> recall = table_row(r.err, "R");
  ASSERT_EQ(recall.size(), 2u) << r.err;
  EXPECT_NEAR(recall[0], static_cast<double>(found) / static_cast<double>(gold.size()), 1e-4);
}

TEST(AlignCli, TsvFormat) {
  RunResult r = run_muwazi({"align", "--presplit", "--format", "tsv", sample("sentences.ar"), sample("sentences.en")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  RunResult b = run_muwazi({"align", "--presplit", sample("sentences.ar"), sample("sentences.en")});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  auto beads = parse_beads_output(b.out);
  auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), beads.size());
  auto ar = lines_of(read_file(sample("sentences.ar")));
  for (std::size_t k = 0; k < lines.size(); ++k) {
    std::vector<std::string> fields;
    std::istringstream in(lines[k]);
    for (std::string f; std::getline(in, f, '\t');) fields.push_back(f);
    if (!lines[k].empty() && lines[k].back() == '\t') fields.push_back("");
    ASSERT_EQ(fields.size(), 3u) << lines[k];
    double score = std::stod(fields[2]);
    EXPECT_GE(score, 0.0);
    EXPECT_LE(score, 1.0);
    EXPECT_NEAR(score, beads[k].score, 0.006);
    // Source text = the bead's source sentences joined by a space.
    std::string joined;
    for (int i : beads[k].src) joined += (joined.empty() ? "" : " ") + ar[i];
    EXPECT_EQ(fields[0], joined) << k;
  }
}

TEST(AlignCli, JsonlFormat) {
  RunResult r = run_muwazi({"align", "--presplit", "--format", "jsonl", sample("sentences.ar"), sample("sentences.en")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto ar = lines_of(read_file(sample("sentences.ar")));
  auto en = lines_of(read_file(sample("sentences.en")));
  std::vector<OutBead> beads;
  for (const auto& line : lines_of(r.out)) {
    nlohmann::json j;
    ASSERT_NO_THROW(j = nlohmann::json::parse(line)) << line;
    ASSERT_TRUE(j.contains("src") && j.contains("tgt") && j.contains("src_text") && j.contains("tgt_text") &&
                j.contains("score"))
        << line;
    OutBead b{j["src"].get<std::vector<int>>(), j["tgt"].get<std::vector<int>>(), j["score"].get<double>()};
    std::string s, t;
    for (int i : b.src) s += (s.empty() ? "" : " ") + ar[i];
    for (int y : b.tgt) t += (t.empty() ? "" : " ") + en[y];
    EXPECT_EQ(j["src_text"].get<std::string>(), s);
    EXPECT_EQ(j["tgt_text"].get<std::string>(), t);
    beads.push_back(b);
  }
  EXPECT_EQ(coverage(beads, kSampleSentences, static_cast<int>(en.size())), "");
}

TEST(AlignCli, OutputFile) {
  std::string dir = temp_dir();
  std::string out = dir + "/out.beads";
  RunResult r = run_muwazi({"align", "--presplit", "-o", out, sample("sentences.ar"), sample("sentences.en")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  RunResult s = run_muwazi({"align", "--presplit", sample("sentences.ar"), sample("sentences.en")});
  EXPECT_EQ(read_file(out), s.out);  // same result, deterministic
  EXPECT_FALSE(read_file(out).empty());
  // Into a directory that does not exist: an I/O error, exit 1.
  expect_error(run_muwazi({"align", "--presplit", "-o", dir + "/no/such/dir/x", sample("sentences.ar"),
                           sample("sentences.en")}),
               1);
}

TEST(AlignCli, StandardInputOnOneSide) {
  RunResult r = run_muwazi({"align", "--presplit", "-", sample("sentences.en")}, read_file(sample("sentences.ar")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  RunResult f = run_muwazi({"align", "--presplit", sample("sentences.ar"), sample("sentences.en")});
  EXPECT_EQ(r.out, f.out);
}

TEST(AlignCli, AlignerFlagsKeepTheContract) {
  const std::vector<std::vector<std::string>> variants = {
      {"--no-anchors"}, {"--no-lexicon"}, {"--no-local"}, {"--no-ratio"}, {"--no-ratio", "--fixed-ratio", "0.93"},
      {"--max-bead", "1"}, {"--max-bead", "8"}, {"--model", "lexicon_weight=1.5,name_weight=0"},
      {"--src-lang", "AR", "--tgt-lang", "en-US"}};
  const int m = count_lines(sample("sentences.en"));
  for (const auto& v : variants) {
    std::vector<std::string> args = {"align", "--presplit"};
    args.insert(args.end(), v.begin(), v.end());
    args.push_back(sample("sentences.ar"));
    args.push_back(sample("sentences.en"));
    RunResult r = run_muwazi(args);
    ASSERT_EQ(r.exit_code, 0) << v[0] << ": " << r.err;
    auto beads = parse_beads_output(r.out);
    EXPECT_EQ(coverage(beads, kSampleSentences, m), "") << v[0];
    if (v[0] == "--max-bead" && v[1] == "1") {
      for (const auto& b : beads) EXPECT_LE(b.src.size() + b.tgt.size(), 2u);
    }
  }
}

TEST(AlignCli, DictionaryFlag) {
  std::string dir = temp_dir();
  write_file(dir + "/ok.dict", "# a comment\nروسيا\tRussia\nالرئيس\tpresident\n");
  RunResult r = run_muwazi({"align", "--presplit", "--dict", dir + "/ok.dict", sample("sentences.ar"),
                            sample("sentences.en")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(coverage(parse_beads_output(r.out), kSampleSentences, count_lines(sample("sentences.en"))), "");
  write_file(dir + "/bad.dict", "روسيا\tRussia\n\nno tab on this line\n");
  expect_error(run_muwazi({"align", "--presplit", "--dict", dir + "/bad.dict", sample("sentences.ar"),
                           sample("sentences.en")}),
               1, "bad.dict:3");
  expect_error(run_muwazi({"align", "--presplit", "--dict", dir + "/missing.dict", sample("sentences.ar"),
                           sample("sentences.en")}),
               1, "missing.dict");
}

TEST(AlignCli, WrongUsageIsExitCode2) {
  const std::string ar = sample("sentences.ar"), en = sample("sentences.en");
  const std::vector<std::vector<std::string>> cases = {
      {"align"},
      {"align", ar},
      {"align", ar, en, en},
      {"align", "--bogus", ar, en},
      {"align", "--format", "xml", ar, en},
      {"align", ar, en, "--format"},
      {"align", "--max-bead", "9", ar, en},
      {"align", "--max-bead", "-1", ar, en},
      {"align", "--max-bead", "two", ar, en},
      {"align", "--model", "no_such_param=1", ar, en},
      {"align", "--model", "lexicon_weight=abc", ar, en},
      {"align", "--model", "lexicon_weight", ar, en},
      {"align", "--model", "lexicon_weight=nan", ar, en},
      {"align", "--fixed-ratio", "2", ar, en},
      {"align", "--no-ratio", "--fixed-ratio", "0", ar, en},
      {"align", "--src-lang", "123", ar, en},
      {"align", "-", "-"},
  };
  for (const auto& c : cases) {
    std::string joined;
    for (const auto& a : c) joined += a + " ";
    SCOPED_TRACE(joined);
    expect_error(run_muwazi(c), 2);
  }
  // Help is not an error.
  RunResult h = run_muwazi({"align", "--help"});
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_NE(h.out.find("--max-bead"), std::string::npos);
}

// --model values outside a constant's domain: a temperature or width of 0
// made every score NaN (beads printed without a score), a variance of 0
// turned everything into omissions, negative costs break the search's
// invariant that every cost term is >= 0. They are usage errors.
TEST(AlignCli, ModelValuesOutsideTheirDomain) {
  const std::string ar = sample("sentences.ar"), en = sample("sentences.en");
  for (const char* bad : {"temperature=0", "temperature=-1", "tail_scale=0", "first_pass_variance=0",
                          "omission_cost=-1", "number_weight=-5", "tail_weight=1.5", "lexicon_min_dice=-0.1"}) {
    SCOPED_TRACE(bad);
    expect_error(run_muwazi({"align", "--presplit", "--model", bad, ar, en}), 2, bad);
  }
  // In-domain edge values work and keep the output contract (a score on
  // every bead, in [0,1]).
  for (const char* ok : {"temperature=0.5", "number_weight=0", "tail_weight=0", "omission_cost=0"}) {
    SCOPED_TRACE(ok);
    RunResult r = run_muwazi({"align", "--presplit", "--model", ok, ar, en});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(coverage(parse_beads_output(r.out), kSampleSentences, count_lines(en)), "");
  }
}

TEST(AlignCli, BadInputIsExitCode1) {
  std::string dir = temp_dir();
  const std::string ar = sample("sentences.ar"), en = sample("sentences.en");
  expect_error(run_muwazi({"align", "--presplit", dir + "/missing.ar", en}), 1, "missing.ar");
  expect_error(run_muwazi({"align", "--presplit", ar, dir}), 1);
  // Invalid UTF-8 on line 3: the message names the line and the byte.
  write_file(dir + "/bad.en", "Fine line.\nAnother.\nBroken \xC3\x28 here.\n");
  RunResult r = run_muwazi({"align", "--presplit", ar, dir + "/bad.en"});
  expect_error(r, 1, "bad.en:3");
  EXPECT_NE(r.err.find("byte"), std::string::npos) << r.err;
  // Binary data.
  static const char kPng[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
  std::string binary(kPng, sizeof kPng - 1);
  write_file(dir + "/image.en", binary);
  expect_error(run_muwazi({"align", "--presplit", ar, dir + "/image.en"}), 1, "image.en");
  // A gold file that does not cover the documents.
  write_file(dir + "/short.gold", "[0]:[0]\n[1]:[1]\n");
  expect_error(run_muwazi({"align", "--presplit", "--gold", dir + "/short.gold", ar, en}), 1, "short.gold");
  write_file(dir + "/far.gold", read_file(sample("sentences.gold")) + "[99]:[99]\n");
  expect_error(run_muwazi({"align", "--presplit", "--gold", dir + "/far.gold", ar, en}), 1, "far.gold");
  expect_error(run_muwazi({"align", "--presplit", "--gold", dir + "/none.gold", ar, en}), 1, "none.gold");
}

TEST(AlignCli, EmptySideGivesOmissions) {
  std::string dir = temp_dir();
  write_file(dir + "/empty", "");
  RunResult r = run_muwazi({"align", "--presplit", sample("sentences.ar"), dir + "/empty"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto beads = parse_beads_output(r.out);
  ASSERT_EQ(beads.size(), static_cast<std::size_t>(kSampleSentences));
  EXPECT_EQ(coverage(beads, kSampleSentences, 0), "");
  for (const auto& b : beads) EXPECT_TRUE(b.tgt.empty() && b.src.size() == 1);
  r = run_muwazi({"align", dir + "/empty", sample("article.en.txt")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  beads = parse_beads_output(r.out);
  EXPECT_EQ(coverage(beads, 0, segmented_sentences(sample("article.en.txt"), "en")), "");
  for (const auto& b : beads) EXPECT_TRUE(b.src.empty() && b.tgt.size() == 1);
  // Both empty: nothing to write, still fine.
  r = run_muwazi({"align", dir + "/empty", dir + "/empty"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
}

// One enormous line (5 MB, no newline): no crash, no hang.
TEST(AlignCli, EnormousLine) {
  std::string dir = temp_dir();
  std::string big;
  big.reserve(5u << 20);
  const std::string word = "كلمة ";  // 9 bytes
  while (big.size() < (5u << 20)) big += word;
  write_file(dir + "/big.ar", big);
  for (bool presplit : {true, false}) {
    auto start = std::chrono::steady_clock::now();
    std::vector<std::string> args = {"align"};
    if (presplit) args.push_back("--presplit");
    args.push_back(dir + "/big.ar");
    args.push_back(presplit ? sample("sentences.en") : sample("article.en.txt"));
    RunResult r = run_muwazi(args);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_EQ(r.exit_code, 0) << r.err.substr(0, 300);
    auto beads = parse_beads_output(r.out);
    ASSERT_FALSE(beads.empty());
    int m = presplit ? count_lines(sample("sentences.en")) : segmented_sentences(sample("article.en.txt"), "en");
    int n = 0;
    for (const auto& b : beads) n += static_cast<int>(b.src.size());
    EXPECT_EQ(coverage(beads, n, m), "");
    if (presplit) {
      EXPECT_EQ(n, 1);
    }
    EXPECT_LT(secs, 120) << "presplit=" << presplit;
  }
}

}  // namespace
}  // namespace muwazi::test
