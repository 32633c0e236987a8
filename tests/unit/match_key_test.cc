#include "text/match_key.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace muwazi::text {
namespace {

TEST(MatchKey, RemovesHarakatAndTatweel) {
  EXPECT_EQ(match_key("مَدْرَسَةٌ"), match_key("مدرسة"));
  EXPECT_EQ(match_key("كـــتاب"), "كتاب");
  EXPECT_EQ(match_key("\u0670"), "");  // superscript alef alone
  EXPECT_EQ(match_key("قُرْآنٌ"), "قران");
}

TEST(MatchKey, FoldsAlefYehTehMarbutaAndPersianLetters) {
  EXPECT_EQ(match_key("أ إ آ ٱ ا"), "ا ا ا ا ا");
  EXPECT_EQ(match_key("على"), "علي");
  EXPECT_EQ(match_key("مدرسة"), "مدرسه");
  EXPECT_EQ(match_key("کتاب"), "كتاب");
  EXPECT_EQ(match_key("ایران"), "ايران");
  // Hamza on waw and yeh is kept: not in the list.
  EXPECT_EQ(match_key("مؤتمر"), "مؤتمر");
}

TEST(MatchKey, DigitsAndArabicPunctuationBecomeAscii) {
  EXPECT_EQ(match_key("٢٠٢٠"), "2020");
  EXPECT_EQ(match_key("۱۲۳"), "123");
  EXPECT_EQ(match_key("٣٫٥٪"), "3.5%");
  EXPECT_EQ(match_key("١٬٠٠٠"), "1,000");
  EXPECT_EQ(match_key("نعم، لا؛ لماذا؟"), "نعم, لا; لماذا?");
}

TEST(MatchKey, RemovesBidiAndFormatMarks) {
  std::string s = "\u200Fكتاب\u200E \u061Cجديد\u202B\u202C\u2066x\u2069\u200C\u200D\uFEFF";
  EXPECT_EQ(match_key(s), "كتاب جديدx");
}

TEST(MatchKey, FoldsSpacesAndCase) {
  EXPECT_EQ(match_key("  Hello\t\n  WORLD  "), "hello world");
  EXPECT_EQ(match_key("ΣΟΦΊΑ Straße"), match_key("σοφία straße"));
  EXPECT_EQ(match_key("a\u00A0b\u3000c"), "a b c");  // NBSP and ideographic space
}

TEST(MatchKey, NfkcUnifiesPresentationFormsAndDecomposedHamza) {
  // U+FEFB is the presentation form of lam-alef; U+0627 U+0654 composes to أ.
  EXPECT_EQ(match_key("\uFEFB"), "لا");
  EXPECT_EQ(match_key("\u0627\u0654حمد"), "احمد");
  EXPECT_EQ(match_key("ﬁne"), "fine");
}

TEST(MatchKey, StepsCanBeSwitchedOff) {
  MatchKeyOptions o;
  o.remove_harakat = false;
  EXPECT_EQ(match_key("كَتَبَ", o), "كَتَبَ");
  MatchKeyOptions p;
  p.fold_alef = false;
  EXPECT_EQ(match_key("أحمد", p), "أحمد");
  MatchKeyOptions loose;
  loose.drop_punct = true;
  loose.drop_space = true;
  EXPECT_EQ(match_key("نعم، هذا صحيح.", loose), "نعمهذاصحيح");
}

TEST(MatchKey, LooseKeyFromKeyEqualsTheLooseOptions) {
  MatchKeyOptions loose;
  loose.drop_punct = true;
  loose.drop_space = true;
  for (const char* s : {"نعم، هذا صحيح.", "3.5% of 1,000 (approx.)", "  «قال» — ١٢٫٥  ", "a\u00A0b!?", "؟؟؟", ""}) {
    EXPECT_EQ(loose_key_from_key(match_key(s)), match_key(s, loose)) << s;
  }
}

TEST(MatchKey, OffsetsMapKeyBytesBackToTheOriginal) {
  const std::string orig = "  الْمَدْرَسَةُ   الكبيرة";
  MatchKey mk = match_key_with_offsets(orig);
  EXPECT_EQ(mk.key, "المدرسه الكبيره");
  ASSERT_EQ(mk.offsets.size(), mk.key.size() + 1);
  EXPECT_EQ(mk.offsets.back(), orig.size());
  for (std::size_t i = 1; i < mk.offsets.size(); ++i) EXPECT_LE(mk.offsets[i - 1], mk.offsets[i]);
  // The first word of the key maps to the vocalized word, marks included.
  std::size_t end = mk.key.find(' ');
  auto [b, e] = mk.original_range(0, end);
  EXPECT_EQ(orig.substr(b, e - b), "الْمَدْرَسَةُ");
  auto [b2, e2] = mk.original_range(end + 1, mk.key.size());
  EXPECT_EQ(orig.substr(b2, e2 - b2), "الكبيرة");
}

TEST(MatchKey, OffsetsThroughNfkcChunks) {
  const std::string orig = "x\uFEFBy";  // presentation form expands to two letters
  MatchKey mk = match_key_with_offsets(orig);
  EXPECT_EQ(mk.key, "xلاy");
  std::size_t la = mk.key.find("لا");
  auto [b, e] = mk.original_range(la, la + std::string("لا").size());
  EXPECT_EQ(orig.substr(b, e - b), "\uFEFB");
}

TEST(MatchKey, EmptyAndMarkOnlyInput) {
  EXPECT_EQ(match_key(""), "");
  MatchKey mk = match_key_with_offsets("   ");
  EXPECT_EQ(mk.key, "");
  EXPECT_EQ(mk.offsets.size(), 1u);
}

TEST(MatchKey, PlainTextShortcutAgreesWithIcu) {
  // ASCII and plain Arabic skip ICU (tm import's hot path); the first
  // character that may need NFKC anywhere in the text sends the whole text
  // through ICU, after a plain prefix too.
  EXPECT_EQ(match_key("Hello \uFEFB world"), "hello لا world");
  EXPECT_EQ(match_key("ABC \u0627\u0654حمد"), "abc احمد");
  EXPECT_EQ(match_key("كَتَبَ Book"), "كتب book");  // harakat: NFKC already, but ICU checks
  EXPECT_EQ(match_key("x\u0301y"), "x\u0301y");
  EXPECT_EQ(match_key("a\u00A0B\u00ADc\vD"), "a bc d");  // NBSP, soft hyphen, vertical tab
  EXPECT_EQ(match_key(std::string("a\0b", 3)), "ab");     // NUL is dropped
  EXPECT_EQ(match_key("\u00C0\u00DF\u0130 \u0391\u03A3"), "\u00E0\u00DF\u0130 \u03B1\u03C3");
  EXPECT_EQ(match_key("  ١٢٫٥ ،؟  "), "12.5 ,?");
  // Three-byte characters in a text that is NFKC already.
  EXPECT_EQ(match_key("It\u2019s  \u4E2D\u6587\u3000\u2014 \u1E9E\u00C9"), "it\u2019s \u4E2D\u6587 \u2014 \u00DF\u00E9");
  // Marks in canonical order need no ICU; out of order, NFKC reorders them
  // (shadda, ccc 33, after fatha, ccc 30).
  MatchKeyOptions marks;
  marks.remove_harakat = false;
  EXPECT_EQ(match_key("Ab \u0628\u064E\u0651", marks), "ab \u0628\u064E\u0651");
  EXPECT_EQ(match_key("Ab \u0628\u0651\u064E", marks), "ab \u0628\u064E\u0651");
  const std::string orig = "Hello \uFEFB";
  MatchKey mk = match_key_with_offsets(orig);
  EXPECT_EQ(mk.key, "hello لا");
  ASSERT_EQ(mk.offsets.size(), mk.key.size() + 1);
  EXPECT_EQ(mk.offsets[0], 0u);
  EXPECT_EQ(mk.offsets[6], 6u);  // both letters map to the presentation form
  EXPECT_EQ(mk.offsets[9], 6u);
  EXPECT_EQ(mk.offsets.back(), orig.size());
}

// match_key() and match_key_with_offsets() take separate shortcuts past ICU
// (the first without offsets, in plain_key()): both must give the same key,
// whatever the options, and the offsets must keep their invariants.
TEST(MatchKey, KeyWithOffsetsEqualsKeyWithout) {
  MatchKeyOptions marks, loose, spaces, raw;
  marks.remove_harakat = false;
  loose.drop_punct = loose.drop_space = true;
  spaces.fold_space = false;
  raw.nfkc = false;
  for (const MatchKeyOptions& o : {MatchKeyOptions{}, marks, loose, spaces, raw}) {
    for (const std::string& s : std::vector<std::string>{
             "Hello \uFEFB world", "ABC \u0627\u0654حمد", "كَتَبَ Book", "x\u0301y", "a\u00A0B\u00ADc\vD",
             std::string("a\0b", 3), "\u00C0\u00DF\u0130 \u0391\u03A3", "  ١٢٫٥ ،؟  ", "Ab \u0628\u064E\u0651",
             "Ab \u0628\u0651\u064E", "\u4E2D\u6587 and \u0639\u0631\u0628\u064A  \U0001F600 end ", "\u2003x\u3000 y",
             "It\u2019s \u201CK\u212A\u201D \u2014 \u00C9T\u00C9\u2026 \u1E9E",
             "\U00010400\U0001F600 \U0001F600x\u2019 \U00010428 \U0001F44D\U0001F3FD"}) {
      MatchKey mk = match_key_with_offsets(s, o);
      EXPECT_EQ(mk.key, match_key(s, o)) << s;
      ASSERT_EQ(mk.offsets.size(), mk.key.size() + 1) << s;
      EXPECT_TRUE(std::is_sorted(mk.offsets.begin(), mk.offsets.end())) << s;
      EXPECT_EQ(mk.offsets.back(), s.size()) << s;
    }
  }
}

// Characters beyond the BMP in a text that is NFKC already (the fast path
// takes them without stopping): case-folded (Deseret) or kept (emoji), the
// white space between them folded as anywhere else.
TEST(MatchKey, FourByteCharacters) {
  EXPECT_EQ(match_key("A\U00010400  \U0001F600\u2019s \U0001F600"), "a\U00010428 \U0001F600\u2019s \U0001F600");
  std::string many;
  for (int k = 0; k < 500; ++k) many += "\U0001F600 B\U00010400 ";
  std::string want;
  for (int k = 0; k < 500; ++k) want += std::string(k ? " " : "") + "\U0001F600 b\U00010428";
  EXPECT_EQ(match_key(many), want);
}

TEST(MatchKeyTokens, WordsNumbersAndPunctuation) {
  std::string key = match_key("قال: إن ٣٫٥٪ من 1,000 شخص (تقريباً) مرضى.");
  auto toks = match_key_tokens(key);
  std::vector<std::string> words;
  std::vector<bool> numbers;
  for (const KeyToken& t : toks) {
    words.push_back(key.substr(t.begin, t.end - t.begin));
    numbers.push_back(t.number);
  }
  std::vector<std::string> want = {"قال", "ان", "3.5", "من", "1,000", "شخص", "تقريبا", "مرضي"};
  EXPECT_EQ(words, want);
  EXPECT_TRUE(numbers[2]);
  EXPECT_TRUE(numbers[4]);
  EXPECT_FALSE(numbers[0]);
}

}  // namespace
}  // namespace muwazi::text
