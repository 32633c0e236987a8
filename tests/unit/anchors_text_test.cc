#include <gtest/gtest.h>

#include "text/numbers.h"
#include "text/tokenize.h"
#include "text/translit.h"

namespace muwazi::text {
namespace {

std::vector<std::string> nums(const std::string& s, const std::string& lang) {
  return extract_numbers(s, tokenize(s), lang);
}

TEST(Numbers, DigitSystemsAndSeparators) {
  EXPECT_EQ(nums("in 2019 and ٢٠١٩ and ۲۰۱۹", "ar"), (std::vector<std::string>{"2019", "2019", "2019"}));
  EXPECT_EQ(nums("1,000 people", "en"), std::vector<std::string>{"1000"});
  EXPECT_EQ(nums("٣٫٥ ٪", "ar"), std::vector<std::string>{"3.5"});
  EXPECT_EQ(nums("١٬٠٠٠", "ar"), std::vector<std::string>{"1000"});
  EXPECT_EQ(nums("3.50%", "en"), std::vector<std::string>{"3.5"});
  EXPECT_EQ(nums("1.000 Leute", "de"), std::vector<std::string>{"1000"});
  EXPECT_EQ(nums("3,5 Prozent", "de"), std::vector<std::string>{"3.5"});
  EXPECT_EQ(nums("(١)", "ar"), nums("(1)", "en"));
  EXPECT_EQ(nums("end of sentence 5.", "en"), std::vector<std::string>{"5"});
}

TEST(Numbers, NumberWords) {
  EXPECT_EQ(nums("fifteen people", "en"), std::vector<std::string>{"15"});
  EXPECT_EQ(nums("خمسة عشر شخصا", "ar"), std::vector<std::string>{"15"});
  EXPECT_EQ(nums("twenty-five years", "en"), std::vector<std::string>{"25"});
  EXPECT_EQ(nums("خمسة وعشرون عاما", "ar"), std::vector<std::string>{"25"});
  EXPECT_EQ(nums("two hundred", "en"), std::vector<std::string>{"200"});
  EXPECT_EQ(nums("ثلاثة آلاف", "ar"), std::vector<std::string>{"3000"});
  EXPECT_TRUE(nums("one of them", "en").empty());
}

// مئة / مائة (100) and مئتان / مئتين (200) are written with ئ, which
// tokenization folds to ي: the word table must be looked up in folded form.
TEST(Numbers, HundredsWrittenWithHamza) {
  EXPECT_EQ(nums("مئة شخص", "ar"), nums("a hundred people", "en"));
  EXPECT_EQ(nums("مائة شخص", "ar"), std::vector<std::string>{"100"});
  EXPECT_EQ(nums("قتل مئتان", "ar"), std::vector<std::string>{"200"});
  EXPECT_EQ(nums("نحو مئتين", "ar"), nums("about two hundred", "en"));
  EXPECT_EQ(nums("ثلاث مئة", "ar"), std::vector<std::string>{"300"});
  // ... but "في المئة" / "بالمئة" is "per cent": no 100 beside the 20; and
  // "العشرين بعد المائتين" is the ordinal 220, not 20 and 200.
  EXPECT_EQ(nums("ارتفع ٢٠ في المئة", "ar"), nums("rose 20 percent", "en"));
  EXPECT_EQ(nums("ارتفع ٢٠ بالمئة", "ar"), std::vector<std::string>{"20"});
  for (const auto& n : nums("المادة (العشرين بعد المائتين)", "ar")) EXPECT_NE(n, "200");
}

TEST(Tokenize, ScriptsCaseAndFolding) {
  auto t = tokenize("قالت وكالة NATO إنّ Moscow");
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(t[0].script, Script::kArabic);
  EXPECT_EQ(t[2].script, Script::kLatin);
  EXPECT_TRUE(t[2].all_caps);
  EXPECT_EQ(t[2].text, "nato");
  EXPECT_EQ(t[3].text, "ان");  // shadda removed, hamza-alef folded
  EXPECT_TRUE(t[4].capitalized);
  EXPECT_EQ(fold_arabic("مكتبةٌ ـ أولى"), "مكتبه  اولي");
}

TEST(Tokenize, LengthUnitsIgnoreHarakatTatweelAndBidi) {
  EXPECT_EQ(length_units("كَتَبَ"), 3u);
  EXPECT_EQ(length_units("كـتـب"), 3u);
  EXPECT_EQ(length_units("a\u200Fb  c "), 4u);
  EXPECT_EQ(length_units("  "), 0u);
}

TEST(Translit, NamesShareSkeletons) {
  ArabicNameSkeletons ar;
  auto has = [&](const std::string& arabic, const std::string& latin) {
    const auto& sk = ar.skeletons(fold_arabic(arabic));
    std::string target = latin_skeleton(fold_latin(latin));
    for (const auto& s : sk) {
      if (s == target) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("موسكو", "Moscow"));
  EXPECT_TRUE(has("حماس", "Hamas"));
  EXPECT_TRUE(has("روسيا", "Russia"));
  EXPECT_TRUE(has("واشنطن", "Washington"));
  EXPECT_TRUE(has("الكرملين", "Kremlin"));
  EXPECT_TRUE(has("وبوتين", "Putin"));
  EXPECT_TRUE(has("ترامب", "Trump"));
  EXPECT_TRUE(has("فيسبوك", "Facebook"));
  EXPECT_FALSE(has("موسكو", "Hamas"));
}

}  // namespace
}  // namespace muwazi::text
