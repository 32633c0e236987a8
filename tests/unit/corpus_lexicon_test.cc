// align/corpus_lexicon: learning word pairs from a corpus of segment pairs.
#include "align/corpus_lexicon.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "align/document_io.h"
#include "align/features.h"
#include "text/error.h"

namespace muwazi::align {
namespace {

struct Corpus {
  std::vector<std::pair<std::string, std::string>> pairs;
  SegmentStream stream() const {
    return [this](const std::function<void(const SegmentPair&)>& fn) {
      for (const auto& [a, b] : pairs) fn({a, b});
    };
  }
};

// Known translations; each segment pair holds two or three of them (the
// Arabic in varying clitic/suffix forms), plus noise words drawn
// independently on each side, which co-occur only by chance.
const std::vector<std::pair<std::vector<std::string>, std::string>> kPairs = {
    {{"كتاب", "الكتاب", "كتابه", "بالكتاب"}, "book"},
    {{"مدرسة", "المدرسة", "مدرستها"}, "school"},
    {{"نهر", "النهر", "ونهرهم"}, "river"},
    {{"شمس", "الشمس", "فالشمس"}, "sun"},
    {{"جبل", "الجبل", "جبلنا"}, "mountain"},
    {{"قمر", "القمر", "للقمر"}, "moon"},
    {{"سيارة", "السيارة", "سيارتي"}, "car"},
    {{"بحر", "البحر", "وبحرها"}, "sea"},
};
const std::vector<std::string> kArNoise = {"زرافة", "فستق", "مظلة", "ثعلب", "قنديل", "بطريق", "خنجر", "سنجاب"};
const std::vector<std::string> kEnNoise = {"zebra", "pistachio", "umbrella", "fox", "lantern", "penguin", "dagger", "squirrel"};

Corpus synthetic(unsigned seed, int n) {
  std::mt19937 rng(seed);
  Corpus c;
  for (int k = 0; k < n; ++k) {
    std::string ar, en;
    std::set<std::size_t> chosen;
    while (chosen.size() < 2 + rng() % 2) chosen.insert(rng() % kPairs.size());
    std::vector<std::size_t> order(chosen.begin(), chosen.end());
    std::shuffle(order.begin(), order.end(), rng);
    for (std::size_t i : order) {
      const auto& forms = kPairs[i].first;
      ar += forms[rng() % forms.size()] + " ";
    }
    std::shuffle(order.begin(), order.end(), rng);
    for (std::size_t i : order) en += (rng() % 2 ? "the " : "a ") + kPairs[i].second + " ";
    ar += kArNoise[rng() % kArNoise.size()];
    en += kEnNoise[rng() % kEnNoise.size()];
    c.pairs.emplace_back(ar, en);
  }
  return c;
}

// Eight word pairs occur in about a third of the segments each: more than
// the default cut for function words in a real TM, so the tests raise it.
CorpusLexiconOptions options() {
  CorpusLexiconOptions o;
  o.max_fraction = 0.5;
  return o;
}

// (key of src, key of tgt) of every entry.
std::set<std::pair<std::string, std::string>> keyed(const std::vector<LexiconEntry>& entries) {
  std::set<std::pair<std::string, std::string>> s;
  for (const auto& e : entries) s.emplace(lexicon_key_of(e.src), lexicon_key_of(e.tgt));
  return s;
}

TEST(CorpusLexicon, FindsTheKnownPairsAndNoChanceOnes) {
  const Corpus c = synthetic(7, 400);
  CorpusLexiconStats st;
  const auto entries = learn_corpus_lexicon(c.stream(), options(), &st);
  EXPECT_EQ(st.segments, 400u);
  const auto got = keyed(entries);
  for (const auto& [forms, en] : kPairs) {
    EXPECT_TRUE(got.count({lexicon_key_of(forms[0]), lexicon_key_of(en)})) << forms[0] << " - " << en;
  }
  // Noise words (each in an eighth of the segments, on one side) co-occur
  // with the other side's words by chance only: never paired.
  for (const auto& e : entries) {
    for (const auto& w : kArNoise) EXPECT_NE(lexicon_key_of(e.src), lexicon_key_of(w)) << e.src << " - " << e.tgt;
    for (const auto& w : kEnNoise) EXPECT_NE(lexicon_key_of(e.tgt), lexicon_key_of(w)) << e.src << " - " << e.tgt;
  }
  // Every entry is one of the known pairs (possibly another written form).
  for (const auto& e : entries) {
    bool known = false;
    for (const auto& [forms, en] : kPairs) {
      if (lexicon_key_of(e.tgt) != lexicon_key_of(en)) continue;
      for (const auto& f : forms) {
        known |= lexicon_key_of(f) == lexicon_key_of(e.src) ||
                 lexicon_key_of(strip_pronoun_suffix(f, f)) == lexicon_key_of(e.src);
      }
    }
    EXPECT_TRUE(known) << e.src << " - " << e.tgt;
    EXPECT_GE(e.score, 0.5);
    EXPECT_GE(e.count, 3u);
  }
}

TEST(CorpusLexicon, SuffixedFormsGetTheirOwnLine) {
  // كتابه has another aligner key than كتاب: the file lists both forms.
  const auto entries = learn_corpus_lexicon(synthetic(3, 400).stream(), options());
  std::set<std::string> book;
  for (const auto& e : entries) {
    if (e.tgt == "book") book.insert(lexicon_key_of(e.src));
  }
  EXPECT_TRUE(book.count(lexicon_key_of("كتاب")));
  EXPECT_TRUE(book.count(lexicon_key_of("كتابه")));
}

TEST(CorpusLexicon, ShardedCountingGivesTheSameResult) {
  const Corpus c = synthetic(11, 300);
  CorpusLexiconOptions small = options();
  small.max_pairs_in_memory = 97;  // many shards
  CorpusLexiconStats a, b;
  const auto one = learn_corpus_lexicon(c.stream(), options(), &a);
  const auto many = learn_corpus_lexicon(c.stream(), small, &b);
  EXPECT_EQ(a.shards, 1u);
  EXPECT_GT(b.shards, 10u);
  ASSERT_EQ(one.size(), many.size());
  for (std::size_t k = 0; k < one.size(); ++k) {
    EXPECT_EQ(one[k].src, many[k].src);
    EXPECT_EQ(one[k].tgt, many[k].tgt);
  }
}

TEST(CorpusLexicon, TooFewSegmentsOrAnEmptyCorpusLearnNothing) {
  EXPECT_TRUE(learn_corpus_lexicon(synthetic(1, 2).stream(), options()).empty());
  EXPECT_TRUE(learn_corpus_lexicon(Corpus{}.stream(), {}).empty());
}

TEST(CorpusLexicon, PronounSuffixes) {
  EXPECT_EQ(strip_pronoun_suffix("كتابهم", "كتابهم"), "كتاب");
  EXPECT_EQ(strip_pronoun_suffix("كتابنا", "كتابنا"), "كتاب");
  EXPECT_EQ(strip_pronoun_suffix("كتابي", "كتابي"), "كتاب");
  // A final ة (folded to ه) is not a pronoun; short words keep their ending.
  EXPECT_EQ(strip_pronoun_suffix("مدرسه", "مدرسة"), "مدرسه");
  EXPECT_EQ(strip_pronoun_suffix("ابي", "أبي"), "ابي");
}

TEST(CorpusLexicon, TheWrittenFileReadsAsADictionary) {
  const auto entries = learn_corpus_lexicon(synthetic(5, 300).stream(), options());
  ASSERT_FALSE(entries.empty());
  std::ostringstream out;
  write_lexicon(out, entries);
  const std::string path = ::testing::TempDir() + "/corpus_lexicon_test.tsv";
  {
    std::ofstream f(path, std::ios::binary);
    f << out.str();
  }
  const Dictionary d = read_dictionary(path);
  EXPECT_EQ(d.size(), entries.size());
  for (const auto& e : entries) {
    auto [b, en] = d.equal_range(e.src);
    EXPECT_TRUE(std::any_of(b, en, [&](const auto& kv) { return kv.second == e.tgt; })) << e.src;
  }
}

TEST(CorpusLexicon, ABadScoreColumnIsAnErrorWithTheLine) {
  const std::string path = ::testing::TempDir() + "/corpus_lexicon_bad.tsv";
  {
    std::ofstream f(path, std::ios::binary);
    f << "كتاب\tbook\t0.9\nقمر\tmoon\tmany\n";
  }
  try {
    read_dictionary(path);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(":2:"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace muwazi::align
