#include "evaluation/bench_corpus.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "text/error.h"

namespace muwazi::evaluation {
namespace {

using namespace muwazi::align;  // Alignment, Document, parse_beads, ...

namespace fs = std::filesystem;

class BenchCorpus : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("muwazi_bench_corpus_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  void touch(const std::string& rel, const std::string& content = "x\n") {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << content;
  }
  std::string dir(const std::string& rel = "") const { return (root_ / rel).string(); }
  std::string error_of(const std::vector<std::string>& dirs, const CorpusOptions& o = {}) {
    try {
      find_subsets(dirs, o);
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  }
  fs::path root_;
};

TEST_F(BenchCorpus, SubsetsLabelsAndLanguages) {
  for (const char* src : {"news", "law"}) {
    touch(std::string("ar-en/") + src + "/dev/a.ar");
    touch(std::string("ar-en/") + src + "/dev/a.en");
    touch(std::string("ar-en/") + src + "/dev/a.gold");
    touch(std::string("ar-en/") + src + "/dev/hard/a.ar");
    touch(std::string("ar-en/") + src + "/dev/hard/a.en");
    touch(std::string("ar-en/") + src + "/dev/hard/a.gold");
  }
  touch("de-fr/dev.de");
  touch("de-fr/dev.fr");
  touch("de-fr/dev.gold");
  touch("de-fr/LICENSE");
  touch("ar-en/news/dev/b.ar");  // a document pair without gold is not a benchmark item
  touch("ar-en/news/dev/b.en");

  auto subsets = find_subsets({dir("ar-en/news/dev"), dir("ar-en/law/dev"), dir("de-fr")}, {});
  ASSERT_EQ(subsets.size(), 5u);
  EXPECT_EQ(subsets[0].label, "ar-en/law/dev");
  EXPECT_EQ(subsets[1].label, "ar-en/law/dev/hard");
  EXPECT_EQ(subsets[4].label, "de-fr");
  EXPECT_EQ(subsets[0].src_lang, "ar");
  EXPECT_EQ(subsets[0].tgt_lang, "en");
  EXPECT_EQ(subsets[4].src_lang, "de");  // from the de-fr directory name
  EXPECT_EQ(subsets[4].tgt_lang, "fr");
  ASSERT_EQ(subsets[2].docs.size(), 1u);
  EXPECT_EQ(subsets[2].docs[0].name, "a");
  EXPECT_EQ(subsets[4].docs[0].src_path, dir("de-fr/dev.de"));

  auto groups = subset_groups(subsets);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].label, "ar-en/*/dev");
  EXPECT_EQ(groups[0].subsets, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(groups[1].label, "ar-en/*/dev/hard");

  // One DIR: labels start at its own name; giving it twice changes nothing.
  auto one = find_subsets({dir("ar-en/news/dev"), dir("ar-en/news/dev/hard")}, {});
  ASSERT_EQ(one.size(), 2u);
  EXPECT_EQ(one[0].label, "dev");
  EXPECT_EQ(one[1].label, "dev/hard");
  EXPECT_TRUE(subset_groups(find_subsets({dir("ar-en/news/dev")}, {})).empty());
}

TEST_F(BenchCorpus, LanguagesFromFlagsOrArabicFirst) {
  touch("x/a.en");
  touch("x/a.ar");
  touch("x/a.gold");
  auto s = find_subsets({dir("x")}, {});
  EXPECT_EQ(s[0].src_lang, "ar");
  touch("y/a.es");
  touch("y/a.pt");
  touch("y/a.gold");
  EXPECT_NE(error_of({dir("y")}).find("give --src-lang and --tgt-lang"), std::string::npos);
  s = find_subsets({dir("y")}, {"pt", "es"});
  EXPECT_EQ(s[0].src_lang, "pt");
  EXPECT_NE(error_of({dir("y")}, {"pt", "de"}).find("no a.pt and a.de beside it"), std::string::npos);
}

TEST_F(BenchCorpus, BadInputNamesTheFile) {
  // No gold at all.
  touch("empty/a.ar");
  touch("empty/a.en");
  std::string e = error_of({dir("empty")});
  EXPECT_NE(e.find(dir("empty") + ": no NAME.gold files"), std::string::npos) << e;
  // Mismatched names: b.gold beside a.ar / a.en.
  touch("mismatch/a.ar");
  touch("mismatch/a.en");
  touch("mismatch/b.gold");
  e = error_of({dir("mismatch")});
  EXPECT_NE(e.find(dir("mismatch/b.gold") + ": expected the two documents b.<src> and b.<tgt>"), std::string::npos)
      << e;
  // Missing directory, a file instead of a directory.
  EXPECT_NE(error_of({dir("nope")}).find("no such directory"), std::string::npos);
  touch("file.txt");
  EXPECT_NE(error_of({dir("file.txt")}).find("not a directory"), std::string::npos);
  EXPECT_THROW(find_subsets({}, {}), Error);
}

}  // namespace
}  // namespace muwazi::evaluation
