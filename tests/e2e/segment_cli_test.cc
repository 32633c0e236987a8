// End-to-end tests of `muwazi segment`.
#include <gtest/gtest.h>

#include <string>

#include "tests/e2e/cli_util.h"

namespace muwazi::test {
namespace {

TEST(SegmentCli, HelpExitsZero) {
  RunResult r = run_muwazi({"segment", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("usage: muwazi segment"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--paragraphs"), std::string::npos);
}

TEST(SegmentCli, SampleArticleGivesTheReferenceSentences) {
  for (const std::string lang : {"en", "ar"}) {
    RunResult r = run_muwazi({"segment", "--lang", lang, test_data("sample/article." + lang + ".txt")});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, read_file(test_data("sample/sentences." + lang))) << lang;
    EXPECT_EQ(r.err, "");
  }
}

TEST(SegmentCli, AutoLanguageIsTheDefault) {
  RunResult r = run_muwazi({"segment", test_data("sample/article.ar.txt")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, read_file(test_data("sample/sentences.ar")));
}

TEST(SegmentCli, OneSentencePerLineFromStdin) {
  RunResult r = run_muwazi({"segment", "--lang", "en", "-"}, "Mr. Smith left. He said \"Why?\" and sat.\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Mr. Smith left.\nHe said \"Why?\" and sat.\n");
  // No FILE at all also reads standard input.
  RunResult r2 = run_muwazi({"segment"}, "قالت د. فورد إنها خائفة. وأضافت أنها ستشهد.");
  EXPECT_EQ(r2.exit_code, 0) << r2.err;
  EXPECT_EQ(r2.out, "قالت د. فورد إنها خائفة.\nوأضافت أنها ستشهد.\n");
}

TEST(SegmentCli, ParagraphsFlagPutsBlankLinesBetweenParagraphs) {
  const std::string text = "\xEF\xBB\xBFTitle\r\n\r\nOne. Two.\r\n\r\n\r\nThree.\r\n";
  RunResult plain = run_muwazi({"segment", "--lang", "en"}, text);
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out, "Title\nOne.\nTwo.\nThree.\n");
  RunResult para = run_muwazi({"segment", "--paragraphs", "--lang=en", "-"}, text);
  EXPECT_EQ(para.exit_code, 0) << para.err;
  EXPECT_EQ(para.out, "Title\n\nOne.\nTwo.\n\nThree.\n");
}

TEST(SegmentCli, EmptyInputGivesEmptyOutput) {
  RunResult r = run_muwazi({"segment"}, "");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(SegmentCli, WrongUsageExitsTwo) {
  RunResult bad_flag = run_muwazi({"segment", "--bogus", "x.txt"});
  EXPECT_EQ(bad_flag.exit_code, 2);
  EXPECT_NE(bad_flag.err.find("--bogus"), std::string::npos) << bad_flag.err;

  RunResult bad_lang = run_muwazi({"segment", "--lang", "Arabic!"}, "x");
  EXPECT_EQ(bad_lang.exit_code, 2);
  EXPECT_NE(bad_lang.err.find("--lang"), std::string::npos) << bad_lang.err;

  RunResult no_value = run_muwazi({"segment", "--lang"});
  EXPECT_EQ(no_value.exit_code, 2);

  RunResult two_files = run_muwazi({"segment", "a.txt", "b.txt"});
  EXPECT_EQ(two_files.exit_code, 2);
  EXPECT_EQ(two_files.out, "");
}

TEST(SegmentCli, MissingFileExitsOne) {
  std::string path = temp_dir() + "/does-not-exist.txt";
  RunResult r = run_muwazi({"segment", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(SegmentCli, DirectoryExitsOne) {
  std::string dir = temp_dir();
  RunResult r = run_muwazi({"segment", dir});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("directory"), std::string::npos) << r.err;
}

TEST(SegmentCli, InvalidUtf8NamesByteAndLine) {
  std::string path = temp_dir() + "/bad.txt";
  // Line 2, byte 13: a lone continuation byte.
  write_file(path, "First line.\nSecond \x80 line.\n");
  RunResult r = run_muwazi({"segment", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.txt:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("byte 19"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("UTF-8"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  // The same from standard input.
  RunResult s = run_muwazi({"segment", "-"}, "ok\n\xC3(\n");
  EXPECT_EQ(s.exit_code, 1);
  EXPECT_NE(s.err.find("byte 3"), std::string::npos) << s.err;
}

TEST(SegmentCli, BinaryDataExitsOne) {
  RunResult r = run_muwazi({"segment"}, std::string("PK\x03\x04\0\0\x10\0binary", 14));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
}

TEST(SegmentCli, OneLongLine) {
  // 8 MB on one line: many sentences, no crash, one sentence per output line.
  std::string unit = "The U.S. Navy said on Feb. 12 that 3.5 ships left. ";
  std::string text;
  std::size_t n = (8u << 20) / unit.size();
  text.reserve(n * unit.size());
  for (std::size_t i = 0; i < n; ++i) text += unit;
  std::string path = temp_dir() + "/long.txt";
  write_file(path, text);
  RunResult r = run_muwazi({"segment", "--lang", "en", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::size_t lines = 0;
  for (char c : r.out) lines += c == '\n';
  EXPECT_EQ(lines, n);
}

}  // namespace
}  // namespace muwazi::test
