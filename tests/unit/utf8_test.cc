#include "text/utf8.h"

#include <gtest/gtest.h>

#include "text/error.h"
#include "text/input.h"

namespace muwazi::text {
namespace {

TEST(Utf8, FindsInvalidSequences) {
  EXPECT_EQ(find_invalid_utf8("abc"), kNpos);
  EXPECT_EQ(find_invalid_utf8("مرحبا"), kNpos);
  EXPECT_EQ(find_invalid_utf8("ab\xC3"), 2u);          // truncated
  EXPECT_EQ(find_invalid_utf8("a\xC0\xAF"), 1u);       // overlong
  EXPECT_EQ(find_invalid_utf8("\xED\xA0\x80"), 0u);    // surrogate
  EXPECT_EQ(find_invalid_utf8("x\xF4\x90\x80\x80"), 1u);  // > U+10FFFF
  EXPECT_EQ(find_invalid_utf8("\x80"), 0u);
}

TEST(Utf8, DecodeEncodeRoundTrip) {
  std::string s = "a\u00e9\u0627\U0001F600";
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) append_utf8(out, next_cp(s, i));
  EXPECT_EQ(out, s);
  EXPECT_EQ(cp_count(s), 4u);
}

TEST(Input, CleansBomCrlfAndNormalizes) {
  std::string raw = "\xEF\xBB\xBF" "a\r\nb\rc\ne\xCC\x81";
  EXPECT_EQ(clean_text(raw, "x"), "a\nb\nc\n\u00e9");
}

TEST(Input, RejectsInvalidUtf8WithLineAndByte) {
  try {
    clean_text("ok\nbad \xFF here", "f.txt");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInput);
    EXPECT_STREQ(e.what(), "f.txt:2: byte 7: invalid UTF-8 (0xFF)");
  }
}

TEST(Input, RejectsUtf16AndBinary) {
  EXPECT_THROW(clean_text(std::string("\xFF\xFE" "a\0", 4), "u"), Error);
  EXPECT_THROW(clean_text(std::string("a\0b\0c\0", 6), "u"), Error);
  try {
    clean_text(std::string("text\n\x01\x02\0zz", 10), "bin");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("NUL byte"), std::string::npos);
  }
}

TEST(Input, MissingFileAndDirectoryAreIoErrors) {
  try {
    read_text_file("/nonexistent/file.txt");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kIo);
  }
  try {
    read_text_file("/");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kIo);
    EXPECT_NE(std::string(e.what()).find("directory"), std::string::npos);
  }
}

}  // namespace
}  // namespace muwazi::text
