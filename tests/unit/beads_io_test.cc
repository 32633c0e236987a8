#include "align/beads_io.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "text/error.h"

namespace muwazi::align {
namespace {

Bead B(std::vector<int> s, std::vector<int> t, double score = -1) {
  Bead b;
  b.src = std::move(s);
  b.tgt = std::move(t);
  b.score = score;
  return b;
}

std::string error_of(const std::function<void()>& fn, ErrorKind* kind = nullptr) {
  try {
    fn();
  } catch (const Error& e) {
    if (kind) *kind = e.kind();
    return e.what();
  }
  return "";
}

TEST(BeadsIo, ParsesBasicFormsWithAndWithoutScore) {
  Alignment a = parse_beads("[0]:[0]\n[1, 2]:[1]:0.84\n[]:[2]\n[3]:[]:1e-3\n");
  ASSERT_EQ(a.size(), 4u);
  EXPECT_EQ(a[0], B({0}, {0}));
  EXPECT_DOUBLE_EQ(a[0].score, -1);
  EXPECT_EQ(a[1], B({1, 2}, {1}));
  EXPECT_DOUBLE_EQ(a[1].score, 0.84);
  EXPECT_EQ(a[2], B({}, {2}));
  EXPECT_EQ(a[3], B({3}, {}));
  EXPECT_DOUBLE_EQ(a[3].score, 0.001);
}

TEST(BeadsIo, WhitespaceCommentsAndBlankLinesAsScorePy) {
  // score.py's own parser self-check.
  Alignment a = parse_beads(" [ 1 ,2 ] : [] \n\n# c\n");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0], B({1, 2}, {}));
  // CRLF, tabs, a no-break space (U+00A0) and a score with spaces around it.
  a = parse_beads("\t[0]\t:\t[0]\t:\t0.5\t\r\n#[x]\r\n\xC2\xA0[1]:[1]\xC2\xA0\r\n");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_DOUBLE_EQ(a[0].score, 0.5);
  EXPECT_EQ(a[1], B({1}, {1}));
  // Arabic-Indic digits are ids too (Python's int() accepts them).
  a = parse_beads("[\xD9\xA1\xD9\xA2]:[\xDB\xB3]\n");
  EXPECT_EQ(a[0], B({12}, {3}));
  // Score text that score.py's character class accepts but is not a number.
  a = parse_beads("[0]:[0]:nan\n[1]:[1]:inf\n[2]:[2]:-1\n");
  ASSERT_EQ(a.size(), 3u);
  EXPECT_LT(a[0].score, 0);
  EXPECT_LT(a[2].score, 0);
}

TEST(BeadsIo, RejectsWhatScorePyRejects) {
  ErrorKind kind = ErrorKind::kUsage;
  // score.py's parser self-check: "[1 2]" is not an id list.
  std::string e = error_of([] { parse_beads("[0]:[0]\n[1 2]:[1]\n", "x.gold"); }, &kind);
  EXPECT_EQ(kind, ErrorKind::kInput);
  EXPECT_NE(e.find("x.gold:2: bad sentence id '1 2'"), std::string::npos) << e;
  e = error_of([] { parse_beads("\n[0]-[0]\n", "y.align"); });
  EXPECT_NE(e.find("y.align:2: not a bead: '[0]-[0]'"), std::string::npos) << e;
  for (const char* bad : {"[0]:[0]:", "[0]:[0]:0.5 x", "[0]:[0] [1]:[1]", "0:0", "[0]:[0",
                          "[1,]:[1]", "[-1]:[0]", "[0]:[0]:0.5:0.5", "[[0]:[0]", "[0]::[0]",
                          "[\xC2\xB2]:[0]", "[99999999999]:[0]"}) {
    EXPECT_THROW(parse_beads(bad), Error) << bad;
  }
}

TEST(BeadsIo, LineNumbersCountPythonLineBreaks) {
  // Lone CR, form feed and U+2028 all end a line for str.splitlines().
  std::string e = error_of([] { parse_beads("[0]:[0]\r[1]:[1]\x0c[2]:[2]\xE2\x80\xA8oops\n", "f"); });
  EXPECT_NE(e.find("f:4: not a bead"), std::string::npos) << e;
}

TEST(BeadsIo, SurvivesArbitraryBytes) {
  std::string junk;
  for (int i = 0; i < 256; ++i) junk += static_cast<char>(i);
  EXPECT_THROW(parse_beads(junk), Error);
  EXPECT_THROW(parse_beads("[0]:[0]\xE2"), Error);
  EXPECT_THROW(parse_beads("[\xD9]:[0]"), Error);
  EXPECT_TRUE(parse_beads("").empty());
  EXPECT_TRUE(parse_beads("\xE2\x80\x80").empty());  // a lone U+2000 is whitespace
}

TEST(BeadsIo, FormatBead) {
  EXPECT_EQ(format_bead(B({0, 1}, {2}, 0.8412)), "[0, 1]:[2]:0.84");
  EXPECT_EQ(format_bead(B({}, {5})), "[]:[5]");
  EXPECT_EQ(format_bead(B({3}, {}, 1.0)), "[3]:[]:1.00");
  EXPECT_EQ(format_bead(B({3}, {3}, 0.0)), "[3]:[3]:0.00");
  // Round trip.
  Alignment a = {B({0, 1}, {0}, 0.5), B({}, {1}), B({2}, {2, 3}, 0.25)};
  std::string text;
  for (const Bead& b : a) text += format_bead(b) + "\n";
  Alignment back = parse_beads(text);
  EXPECT_EQ(back, a);
  EXPECT_DOUBLE_EQ(back[2].score, 0.25);
}

TEST(BeadsIo, ReadBeadsNamesTheFile) {
  auto dir = std::filesystem::temp_directory_path() / "muwazi_beads_io_test";
  std::filesystem::create_directories(dir);
  auto path = (dir / "a.gold").string();
  {
    std::ofstream f(path, std::ios::binary);
    f << "\xEF\xBB\xBF[0]:[0]\n[1]:[1, 2]\n";
  }
  Alignment a = read_beads(path);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[1], B({1}, {1, 2}));
  {
    std::ofstream f(path, std::ios::binary);
    f << "[0]:[0]\nbroken\n";
  }
  std::string e = error_of([&] { read_beads(path); });
  EXPECT_NE(e.find(path + ":2: not a bead"), std::string::npos) << e;
  ErrorKind kind = ErrorKind::kUsage;
  e = error_of([&] { read_beads((dir / "missing.gold").string()); }, &kind);
  EXPECT_EQ(kind, ErrorKind::kIo);
  EXPECT_NE(e.find("missing.gold"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(BeadsIo, CheckCoverage) {
  Alignment ok = {B({0}, {0}), B({1, 2}, {}), B({}, {1}), B({}, {}), B({3}, {2, 3})};
  EXPECT_NO_THROW(check_coverage(ok, 4, 4, "g"));
  EXPECT_NO_THROW(check_coverage({}, 0, 0, "g"));

  std::string e = error_of([&] { check_coverage(ok, 5, 4, "d.gold"); });
  EXPECT_NE(e.find("d.gold: does not cover the documents"), std::string::npos) << e;
  EXPECT_NE(e.find("source id 4 is missing"), std::string::npos) << e;

  e = error_of([&] { check_coverage(ok, 3, 4, "d.gold"); });
  EXPECT_NE(e.find("source id 3 is beyond the document"), std::string::npos) << e;

  Alignment gap = {B({0}, {0}), B({2}, {1})};
  e = error_of([&] { check_coverage(gap, 3, 2, "g"); });
  EXPECT_NE(e.find("source id 1 is missing"), std::string::npos) << e;

  Alignment twice = {B({0}, {0}), B({1}, {0})};
  e = error_of([&] { check_coverage(twice, 2, 1, "g"); });
  EXPECT_NE(e.find("target id 0 appears twice"), std::string::npos) << e;

  Alignment backwards = {B({1}, {0}), B({0}, {1})};
  e = error_of([&] { check_coverage(backwards, 2, 2, "g"); });
  EXPECT_NE(e.find("source id 0 is missing"), std::string::npos) << e;
}

Document doc(std::vector<std::string> s, const char* lang) {
  Document d;
  d.lang = lang;
  d.sentences = std::move(s);
  return d;
}

TEST(BeadsIo, WriteAlignmentFormats) {
  Document src = doc({"جملة أولى.", "ثانية\tمع تاب.", "ثالثة."}, "ar");
  Document tgt = doc({"First.", "Second \"quoted\".", "Third."}, "en");
  Alignment a = {B({0, 1}, {0}, 0.8412), B({}, {1}), B({2}, {2}, 1.0)};

  std::ostringstream beads;
  write_alignment(beads, a, src, tgt, BeadFormat::kBeads);
  EXPECT_EQ(beads.str(), "[0, 1]:[0]:0.84\n[]:[1]\n[2]:[2]:1.00\n");

  std::ostringstream tsv;
  write_alignment(tsv, a, src, tgt, BeadFormat::kTsv);
  EXPECT_EQ(tsv.str(),
            "جملة أولى. ثانية مع تاب.\tFirst.\t0.84\n"
            "\tSecond \"quoted\".\t\n"
            "ثالثة.\tThird.\t1.00\n");

  std::ostringstream jsonl;
  write_alignment(jsonl, a, src, tgt, BeadFormat::kJsonl);
  std::istringstream lines(jsonl.str());
  std::string line;
  std::vector<nlohmann::json> objs;
  while (std::getline(lines, line)) objs.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(objs.size(), 3u);
  EXPECT_EQ(objs[0]["src"], nlohmann::json({0, 1}));
  EXPECT_EQ(objs[0]["tgt"], nlohmann::json::array({0}));
  EXPECT_EQ(objs[0]["src_text"], "جملة أولى. ثانية\tمع تاب.");
  EXPECT_EQ(objs[0]["tgt_text"], "First.");
  EXPECT_DOUBLE_EQ(objs[0]["score"].get<double>(), 0.84);
  EXPECT_EQ(objs[1]["src"], nlohmann::json::array());
  EXPECT_EQ(objs[1]["src_text"], "");
  EXPECT_TRUE(objs[1]["score"].is_null());
  EXPECT_EQ(objs[1]["tgt_text"], "Second \"quoted\".");
  // Field order as documented: src, tgt, src_text, tgt_text, score.
  EXPECT_EQ(jsonl.str().rfind("{\"src\":[0,1],\"tgt\":[0],\"src_text\":", 0), 0u) << jsonl.str();

  EXPECT_EQ(parse_bead_format("tsv"), BeadFormat::kTsv);
  EXPECT_THROW(parse_bead_format("tmx"), Error);
  std::ostringstream sink;
  for (BeadFormat f : {BeadFormat::kBeads, BeadFormat::kTsv, BeadFormat::kJsonl}) {
    EXPECT_THROW(write_alignment(sink, {B({3}, {0})}, src, tgt, f), Error);
  }
}

}  // namespace
}  // namespace muwazi::align

namespace muwazi::align {
namespace {

TEST(BeadsIo, CoverageProblemAndRangeCheck) {
  Alignment gap = {B({0}, {0}), B({1}, {2})};
  EXPECT_EQ(coverage_problem(gap, 2, 3), "target id 1 is missing (bead 2: [1]:[2])");
  EXPECT_EQ(coverage_problem(gap, 2, 2), "target id 2 is beyond the document (bead 2: [1]:[2])");
  EXPECT_EQ(coverage_problem({B({0}, {0})}, 1, 1), "");
  // Gaps are fine for the range check, ids beyond the document are not.
  EXPECT_NO_THROW(check_ids_in_range(gap, 2, 3, "g"));
  std::string e = error_of([&] { check_ids_in_range(gap, 2, 2, "x.gold"); });
  EXPECT_EQ(e, "x.gold: target id 2 is beyond the document (2 sentences) in bead [1]:[2]");
  EXPECT_THROW(check_ids_in_range({B({-1}, {})}, 2, 2, "g"), Error);
}

}  // namespace
}  // namespace muwazi::align
