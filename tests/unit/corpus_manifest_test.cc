// corpus/manifest.h: the three manifest layouts, bad records, shards.
#include "corpus/manifest.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/unit/tm_test_util.h"
#include "text/error.h"

namespace muwazi::corpus {
namespace {

using tm::testing::TempDir;
using tm::testing::write_file;

std::vector<PairSpec> read_all(const std::vector<std::string>& paths, const ManifestOptions& o = {}) {
  ManifestReader r(paths, o);
  std::vector<PairSpec> out;
  while (auto p = r.next()) out.push_back(*p);
  return out;
}

TEST(CorpusManifest, TsvResolvesRelativePathsAndDefaultsTheId) {
  TempDir d;
  std::filesystem::create_directories(d.file("m"));
  write_file(d.file("m/pairs.tsv"),
             "# comment\n"
             "a/news-1.ar\ta/news-1.en\n"
             "\n"
             "/abs/x.ar\t/abs/x.en\tmy-id\r\n"
             "only-one-field\n"
             "a.ar\tb.en\tc\td\n");
  const auto ps = read_all({d.file("m/pairs.tsv")});
  ASSERT_EQ(ps.size(), 4u);
  EXPECT_EQ(ps[0].src_path, d.file("m/a/news-1.ar"));
  EXPECT_EQ(ps[0].tgt_path, d.file("m/a/news-1.en"));
  EXPECT_EQ(ps[0].id, "news-1");
  EXPECT_EQ(ps[0].where, d.file("m/pairs.tsv") + ":2");
  EXPECT_EQ(ps[0].error, "");
  EXPECT_EQ(ps[1].src_path, "/abs/x.ar");
  EXPECT_EQ(ps[1].id, "my-id");  // CRLF stripped
  EXPECT_EQ(ps[1].where, d.file("m/pairs.tsv") + ":4");
  EXPECT_NE(ps[2].error.find("expected SRC_PATH<TAB>TGT_PATH"), std::string::npos);
  EXPECT_NE(ps[3].error.find("4 fields"), std::string::npos);
  for (std::size_t i = 0; i < ps.size(); ++i) EXPECT_EQ(ps[i].index, static_cast<std::int64_t>(i));
}

TEST(CorpusManifest, JsonlRecordsAndTheirErrors) {
  TempDir d;
  write_file(d.file("p.jsonl"),
             R"({"id": "a", "src": "نص", "tgt": "text", "src_url": "http://x/ar", "presplit": true})" "\n"
             R"({"id": 17, "src": "s", "tgt": "t", "src_lang": "ar-EG", "tgt_lang": "fr"})" "\n"
             R"({"src": "s", "tgt": "t"})" "\n"
             R"({"id": "b", "src": "s"})" "\n"
             R"({"id": "c", "src": 5, "tgt": "t"})" "\n"
             R"({"id": "d", "src": "s", "tgt": "t", "presplit": "yes"})" "\n"
             R"({"id": "e", "src": "s", )" "\n"
             R"(["not", "an", "object"])" "\n");
  const auto ps = read_all({d.file("p.jsonl")});
  ASSERT_EQ(ps.size(), 8u);
  EXPECT_TRUE(ps[0].inline_text);
  EXPECT_EQ(ps[0].id, "a");
  EXPECT_EQ(ps[0].src_text, "نص");
  EXPECT_EQ(ps[0].src_url, "http://x/ar");
  EXPECT_EQ(ps[0].presplit, std::optional<bool>(true));
  EXPECT_EQ(ps[0].error, "");
  EXPECT_EQ(ps[1].id, "17");
  EXPECT_EQ(ps[1].src_lang, "ar-EG");
  EXPECT_EQ(ps[1].tgt_lang, "fr");
  EXPECT_FALSE(ps[1].presplit.has_value());
  EXPECT_EQ(ps[2].id, "3");  // the line number
  EXPECT_EQ(ps[2].error, "");
  EXPECT_EQ(ps[3].error, "no \"tgt\" field");
  EXPECT_EQ(ps[4].error, "\"src\" is not a string");
  EXPECT_EQ(ps[5].error, "\"presplit\" is not true or false");
  EXPECT_NE(ps[6].error.find("not a JSON object"), std::string::npos) << ps[6].error;
  EXPECT_EQ(ps[6].where, d.file("p.jsonl") + ":7");
  EXPECT_EQ(ps[7].error, "not a JSON object");
}

TEST(CorpusManifest, FolderPairsInNameOrder) {
  TempDir d;
  std::filesystem::create_directories(d.file("c"));
  for (const char* f : {"b.ar", "b.en", "a.ar", "a.en", "a.gold", "lonely.ar", "orphan.en", "z.de"}) {
    write_file(d.file(std::string("c/") + f), "x\n");
  }
  const auto ps = read_all({d.file("c")});
  ASSERT_EQ(ps.size(), 4u);
  EXPECT_EQ(ps[0].id, "a");
  EXPECT_EQ(ps[0].src_path, d.file("c/a.ar"));
  EXPECT_EQ(ps[0].tgt_path, d.file("c/a.en"));
  EXPECT_EQ(ps[1].id, "b");
  EXPECT_EQ(ps[2].id, "lonely");
  EXPECT_EQ(ps[2].error, "no lonely.en beside it");
  EXPECT_EQ(ps[3].error, "no orphan.ar beside it");
  // Other extensions pick other files.
  ManifestOptions o;
  o.src_lang = "de";
  o.tgt_lang = "en";
  const auto de = read_all({d.file("c")}, o);
  ASSERT_EQ(de.size(), 4u);  // a, b, orphan: .en without .de; z: .de without .en
  EXPECT_EQ(de[0].error, "no a.de beside it");
  EXPECT_EQ(de[3].id, "z");
  EXPECT_EQ(de[3].error, "no z.en beside it");
}

TEST(CorpusManifest, FormatIsPickedFromTheContentAndIndexesRunOverAllManifests) {
  TempDir d;
  write_file(d.file("p1"), "\n\n  {\"id\": \"j\", \"src\": \"s\", \"tgt\": \"t\"}\n");
  write_file(d.file("p2"), "x.ar\tx.en\n");
  const auto ps = read_all({d.file("p1"), d.file("p2")});
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_TRUE(ps[0].inline_text);
  EXPECT_FALSE(ps[1].inline_text);
  EXPECT_EQ(ps[1].index, 1);
  EXPECT_EQ(count_records({d.file("p1"), d.file("p2")}, {}), 2);
  // --input forces a layout: the JSON line as TSV is one bad field.
  ManifestOptions tsv;
  tsv.format = ManifestFormat::kTsv;
  const auto as_tsv = read_all({d.file("p1")}, tsv);
  ASSERT_EQ(as_tsv.size(), 1u);
  EXPECT_NE(as_tsv[0].error, "");
}

TEST(CorpusManifest, MissingManifestFailsAtOnce) {
  EXPECT_THROW(ManifestReader({"/no/such/manifest.tsv"}, {}), Error);
  EXPECT_THROW(ManifestReader({}, {}), Error);
  ManifestOptions dir;
  dir.format = ManifestFormat::kDir;
  TempDir d;
  write_file(d.file("f.tsv"), "");
  EXPECT_THROW(ManifestReader({d.file("f.tsv")}, dir), Error);
}

TEST(CorpusManifest, EveryIndexIsInExactlyOneShard) {
  for (std::int64_t n : {1, 2, 3, 4, 7}) {
    std::vector<int> owners(100, 0);
    for (std::int64_t k = 0; k < n; ++k) {
      const Shard s = parse_shard(std::to_string(k) + "/" + std::to_string(n));
      for (int i = 0; i < 100; ++i) owners[i] += s.owns(i);
    }
    for (int i = 0; i < 100; ++i) EXPECT_EQ(owners[i], 1) << i << " of n=" << n;
  }
  for (const char* bad : {"4/4", "1", "a/b", "-1/4", "0/0", "1/ 4", ""}) {
    EXPECT_THROW(parse_shard(bad), Error) << bad;
  }
}

}  // namespace
}  // namespace muwazi::corpus
