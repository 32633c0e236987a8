#include "tm/keys.h"

#include <gtest/gtest.h>

#include "text/match_key.h"
#include "tm/word_index.h"

namespace muwazi::tm {
namespace {

TEST(TmKeys, SideKeysAgreeWithTheDefinitions) {
  for (const char* s : {"نعم، هذا صحيح.", "3.5% of 1,000 (approx.) people", "  «قال» — ١٢٫٥  مَدْرَسَةٌ",
                        "a\u00A0b!? c-d", "؟؟؟", "", "x,y 1,2,3 .5 5.", "Hello   WORLD", "و26,494 حالة و٣١٫٧ كيلو", "a1.5b"}) {
    SideKeys k = side_keys(s);
    EXPECT_EQ(k.key, text::match_key(s)) << s;
    EXPECT_EQ(k.loose, loose_hash(s)) << s;  // loose_hash normalizes with drop_punct/drop_space
    EXPECT_EQ(k.tokens, key_token_hashes(k.key)) << s;
  }
  // Texts that differ only in punctuation and spacing share the loose hash.
  EXPECT_EQ(side_keys("نعم، هذا صحيح.").loose, side_keys("نعم هذا  صحيح").loose);
  EXPECT_NE(side_keys("نعم هذا صحيح").loose, side_keys("نعم ذلك صحيح").loose);
}

TEST(TmKeys, HashesAreStable) {
  // Stored in TMs: must never change between builds.
  EXPECT_EQ(hash64(""), 0xefd01f60ba992926ULL);
  EXPECT_EQ(hash64("مدرسه"), 0x430e83d29cd8fe5eULL);
  EXPECT_NE(hash64("abc"), hash64("abd"));
  EXPECT_NE(hash64("abc", 1), hash64("abc", 2));
  // The duplicate check's identity: language tags lowercased, 0x1F between.
  EXPECT_EQ(source_identity("AR", "en-US", "نص"), hash64("ar\x1f" "en-us\x1f" "نص", 0x737263));
}

TEST(TmKeys, PostingsPackUnitSideAndWordCount) {
  std::uint64_t p = make_posting(123456789, 1, 17);
  EXPECT_EQ(posting_unit(p), 123456789);
  EXPECT_EQ(posting_side(p), 1);
  EXPECT_EQ(posting_words(p), 17u);
  EXPECT_EQ(posting_doc(p), doc_id(123456789, 1));
  EXPECT_EQ(posting_words(make_posting(5, 0, 1000)), kMaxPostedWords);
  std::vector<std::uint64_t> ids = {make_posting(1, 0, 3), make_posting(1, 1, 4), make_posting(900, 0, 255)};
  std::string blob;
  encode_postings(ids, blob);
  std::vector<std::uint64_t> back;
  decode_postings(blob, back);
  EXPECT_EQ(back, ids);
}

}  // namespace
}  // namespace muwazi::tm
