// Quality targets of the TM on real data (TICO-19 en-ar):
//  - Arabic orthographic variants of a stored sentence are the top hit with
//    a score >= 95 in >= 99% of cases;
//  - index-based retrieval finds the best match (>= threshold) that an
//    exhaustive scan finds in >= 99% of queries.
// Both rates are printed so the figures can be reported.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "tests/unit/tm_test_util.h"
#include "text/utf8.h"
#include "tm/import.h"
#include "tm/lookup.h"

namespace muwazi::tm {
namespace {

using testing::TempDir;

std::u32string decode(const std::string& s) {
  std::u32string out;
  std::size_t i = 0;
  while (i < s.size()) out.push_back(text::next_cp(s, i));
  return out;
}
std::string encode(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) text::append_utf8(out, c);
  return out;
}

bool arabic_letter(char32_t c) { return c >= 0x0621 && c <= 0x064A && c != 0x0640; }
bool harakah(char32_t c) { return (c >= 0x064B && c <= 0x065F) || c == 0x0670; }
bool word_start(const std::u32string& s, std::size_t i) { return i == 0 || !arabic_letter(s[i - 1]); }
bool word_end(const std::u32string& s, std::size_t i) {
  std::size_t j = i + 1;
  while (j < s.size() && harakah(s[j])) ++j;
  return j >= s.size() || !arabic_letter(s[j]);
}
// Letters that join to the following letter (tatweel may follow them).
bool joins_left(char32_t c) {
  static const std::u32string kNon = U"اأإآدذرزوؤءة";
  return arabic_letter(c) && kNon.find(c) == std::u32string::npos;
}

// One orthographic variant of an Arabic sentence: each kind of change is
// applied with probability 1/2 (at least one change is made).
std::string make_variant(const std::string& text, std::mt19937& rng) {
  std::u32string s = decode(text);
  std::bernoulli_distribution half(0.5);
  for (int attempt = 0; attempt < 20; ++attempt) {
    std::u32string v = s;
    if (half(rng)) {  // harakat removed, or added
      bool has = false;
      for (char32_t c : v) has = has || harakah(c);
      std::u32string w;
      std::bernoulli_distribution add(0.3);
      const char32_t kMarks[] = {0x064E, 0x064F, 0x0650, 0x0652, 0x0651};
      for (char32_t c : v) {
        if (has && harakah(c)) continue;
        w.push_back(c);
        if (!has && arabic_letter(c) && add(rng)) w.push_back(kMarks[rng() % 5]);
      }
      v = w;
    }
    if (half(rng)) {  // hamza/alef forms at word start
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!word_start(v, i)) continue;
        if (v[i] == U'أ' || v[i] == U'إ' || v[i] == U'آ') v[i] = U'ا';
        else if (v[i] == U'ا' && i + 1 < v.size() && v[i + 1] != U'ل') v[i] = U'أ';
      }
    }
    if (half(rng)) {  // ى/ي and ة/ه at word end
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!word_end(v, i)) continue;
        if (v[i] == U'ى') v[i] = U'ي';
        else if (v[i] == U'ي') v[i] = U'ى';
        else if (v[i] == U'ة') v[i] = U'ه';
      }
    }
    if (half(rng)) {  // tatweel inside a few words
      std::u32string w;
      for (std::size_t i = 0; i < v.size(); ++i) {
        w.push_back(v[i]);
        if (joins_left(v[i]) && i + 1 < v.size() && arabic_letter(v[i + 1]) && rng() % 4 == 0) w.push_back(0x0640);
      }
      v = w;
    }
    if (half(rng)) {  // digit system
      for (char32_t& c : v) {
        if (c >= U'0' && c <= U'9') c = 0x0660 + (c - U'0');
        else if (c >= 0x0660 && c <= 0x0669) c = U'0' + (c - 0x0660);
      }
    }
    if (v != s) return encode(v);
  }
  return encode(s) + "ـ";  // no applicable change: a trailing tatweel
}

std::vector<std::string> arabic_sentences(const Tm& tm) {
  std::vector<std::string> out;
  tm.for_each_unit([&](const StoredUnit& su) { out.push_back(su.unit.source.text); });
  return out;
}

class TicoTm : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    tm_ = new Tm(Tm::open(dir_->file("tico.db"), {.create = true}));
    ImportOptions o;
    o.src_lang = "ar";
    import_file(*tm_, testing::tmx_data("tico19-all.en-ar.tmx"), o);
  }
  static void TearDownTestSuite() {
    delete tm_;
    delete dir_;
  }
  static TempDir* dir_;
  static Tm* tm_;
};
TempDir* TicoTm::dir_ = nullptr;
Tm* TicoTm::tm_ = nullptr;

TEST_F(TicoTm, OrthographicVariantsAreTheTopHitWithScoreAtLeast95) {
  std::vector<std::string> sentences = arabic_sentences(*tm_);
  ASSERT_GT(sentences.size(), 3000u);
  Lookup lk(*tm_);
  LookupOptions o{.src_lang = "ar", .tgt_lang = "en", .limit = 1};
  std::mt19937 rng(19);
  int tried = 0, ok = 0;
  for (std::size_t i = 0; i < sentences.size(); i += 4) {  // 768 sentences
    std::string v = make_variant(sentences[i], rng);
    ++tried;
    auto ms = lk.lookup(v, o);
    if (!ms.empty() && ms[0].source == sentences[i] && ms[0].score >= 95.0) {
      ++ok;
    } else if (tried - ok <= 3) {
      ADD_FAILURE() << "variant missed: " << v << " (of " << sentences[i] << ")";
    }
  }
  double rate = static_cast<double>(ok) / tried;
  std::printf("orthographic variants: %d/%d top hit with score >= 95 (%.2f%%)\n", ok, tried, 100 * rate);
  EXPECT_GE(rate, 0.99);
}

// Queries: stored sentences with 1-3 word edits (delete, insert or replace
// by a word of another sentence), plus halves of two sentences glued.
std::vector<std::string> recall_queries(const std::vector<std::string>& sentences, std::mt19937& rng, int n) {
  std::vector<std::string> out;
  std::uniform_int_distribution<std::size_t> pick(0, sentences.size() - 1);
  auto words = [](const std::string& s) {
    std::vector<std::string> w;
    std::size_t i = 0;
    while (i < s.size()) {
      std::size_t j = s.find(' ', i);
      if (j == std::string::npos) j = s.size();
      if (j > i) w.push_back(s.substr(i, j - i));
      i = j + 1;
    }
    return w;
  };
  while (static_cast<int>(out.size()) < n) {
    std::vector<std::string> w = words(sentences[pick(rng)]);
    if (w.size() < 4) continue;
    if (out.size() % 5 == 4) {
      std::vector<std::string> other = words(sentences[pick(rng)]);
      w.resize(w.size() / 2);
      w.insert(w.end(), other.begin() + static_cast<std::ptrdiff_t>(other.size() / 2), other.end());
    } else {
      int edits = 1 + static_cast<int>(rng() % 3);
      for (int e = 0; e < edits && w.size() > 2; ++e) {
        std::vector<std::string> donor = words(sentences[pick(rng)]);
        std::size_t at = rng() % w.size();
        switch (rng() % 3) {
          case 0: w.erase(w.begin() + static_cast<std::ptrdiff_t>(at)); break;
          case 1: w.insert(w.begin() + static_cast<std::ptrdiff_t>(at), donor[rng() % donor.size()]); break;
          default: w[at] = donor[rng() % donor.size()]; break;
        }
      }
    }
    std::string q;
    for (const std::string& x : w) q += (q.empty() ? "" : " ") + x;
    out.push_back(q);
  }
  return out;
}

TEST_F(TicoTm, IndexRetrievalRecallAgainstExhaustiveScan) {
  std::vector<std::string> sentences = arabic_sentences(*tm_);
  Lookup lk(*tm_);
  std::mt19937 rng(2026);
  std::vector<std::string> queries = recall_queries(sentences, rng, 150);
  for (double threshold : {70.0, 50.0}) {
    LookupOptions o;
    o.src_lang = "ar";
    o.min_score = threshold;
    o.limit = 1;
    int with_match = 0, found = 0;
    for (const std::string& q : queries) {
      auto ex = lk.lookup_exhaustive(q, o);
      if (ex.empty()) continue;
      ++with_match;
      auto ix = lk.lookup(q, o);
      if (!ix.empty() && ix[0].score == ex[0].score) {
        ++found;
      } else {
        ADD_FAILURE() << "missed at " << threshold << ": " << q << " (best " << ex[0].score << ")";
      }
    }
    double recall = with_match ? static_cast<double>(found) / with_match : 1.0;
    std::printf("retrieval recall at min %.0f: %d/%d queries (%.2f%%)\n", threshold, found, with_match, 100 * recall);
    EXPECT_GE(with_match, 100);  // the queries do have matches: the test measures something
    EXPECT_GE(recall, 0.99);
  }
}

// Options without the index's caps: every candidate verified, every
// prefix list read in full, nothing read beyond the prefix.
LookupOptions uncapped(double threshold, int limit) {
  LookupOptions o;
  o.min_score = threshold;
  o.limit = limit;
  o.max_candidates = 1 << 30;
  o.max_postings = std::size_t{1} << 40;
  o.extra_postings = 0;
  return o;
}

// Expects the same matches in the same order; returns how many were compared.
int expect_same_matches(const std::vector<Match>& fast, const std::vector<Match>& slow, const std::string& what) {
  EXPECT_EQ(fast.size(), slow.size()) << what;
  if (fast.size() != slow.size()) return 0;
  for (std::size_t i = 0; i < fast.size(); ++i) {
    EXPECT_EQ(fast[i].id, slow[i].id) << what;
    EXPECT_EQ(fast[i].reversed, slow[i].reversed) << what;
    EXPECT_EQ(fast[i].score, slow[i].score) << what;
  }
  return static_cast<int>(slow.size());
}

// With the caps lifted, the index must return exactly what the exhaustive
// scan returns: the length and word-overlap filters only drop segments that
// cannot reach the threshold.
TEST_F(TicoTm, UncappedLookupEqualsTheExhaustiveScan) {
  std::vector<std::string> sentences = arabic_sentences(*tm_);
  Lookup lk(*tm_);
  std::mt19937 rng(77);
  std::vector<std::string> queries = recall_queries(sentences, rng, 25);
  int compared = 0;
  for (double threshold : {30.0, 70.0}) {
    // The weakest counts (no list beyond the prefix): the filters must still be exact.
    const LookupOptions o = uncapped(threshold, 1000);
    for (const std::string& q : queries) {
      compared += expect_same_matches(lk.lookup(q, o), lk.lookup_exhaustive(q, o), q);
    }
  }
  EXPECT_GT(compared, 30);  // the queries have matches to compare
}

// A small limit stops the verification of candidates early, once the
// `limit` matches found outscore any candidate left (tm/lookup.cc): the
// answer must still be the exhaustive scan's best `limit`, ties included.
TEST_F(TicoTm, EarlyStopKeepsTheBestMatchesForAnyLimit) {
  std::vector<std::string> sentences = arabic_sentences(*tm_);
  Lookup lk(*tm_);
  std::mt19937 rng(4242);
  std::vector<std::string> queries = recall_queries(sentences, rng, 40);
  int compared = 0;
  for (double threshold : {30.0, 50.0, 70.0}) {
    for (int limit : {1, 3, 5}) {
      const LookupOptions o = uncapped(threshold, limit);
      for (const std::string& q : queries) {
        const std::string what = std::to_string(threshold) + " " + std::to_string(limit) + " " + q;
        compared += expect_same_matches(lk.lookup(q, o), lk.lookup_exhaustive(q, o), what);
      }
    }
  }
  EXPECT_GT(compared, 200);  // the queries have matches to compare
}

}  // namespace
}  // namespace muwazi::tm
