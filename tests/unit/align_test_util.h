// Synthetic documents with known gold alignments, shared by the aligner tests
// (align_search_test.cc, align_model_test.cc).
#ifndef MUWAZI_TESTS_UNIT_ALIGN_TEST_UTIL_H_
#define MUWAZI_TESTS_UNIT_ALIGN_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>
#include <unistd.h>
#include "align/aligner.h"
#include "align/band.h"
#include "align/cost.h"
#include "align/document_io.h"
#include "align/features.h"
#include "align/lexicon.h"
#include "align/search.h"
#include "evaluation/eval.h"
#include "text/error.h"
#include "text/tokenize.h"

namespace muwazi::align::testing {

using evaluation::score_documents;

// ---------------------------------------------------------------------------
// Synthetic documents.
//
// Random words from alphabets chosen so that nothing matches across the two
// sides by accident: the Arabic letters avoid those of the names used below
// (and those transliterated to their consonants), the Latin ones are
// consonants only (no English number words, no names: all lower case).

inline const std::vector<std::string> kArabicLetters = {"ب", "ت", "ث", "ج", "خ", "ذ", "ز", "ع", "غ", "ف", "ظ"};
inline const std::vector<std::string> kLatinLetters = {"b", "c", "d", "f", "g", "h", "j", "l",
                                                "n", "p", "t", "v", "w", "x", "z"};

// A sentence of about `len` code points: the `keep` tokens (numbers, names)
// at random places among random words of 2-7 letters.
inline std::string make_sentence(std::mt19937& rng, int len, const std::vector<std::string>& letters,
                          std::vector<std::string> keep = {}) {
  std::vector<std::string> words = keep;
  int used = 0;
  for (const auto& k : keep) used += static_cast<int>(text::length_units(k)) + 1;
  std::uniform_int_distribution<int> wl(2, 7);
  std::uniform_int_distribution<std::size_t> letter(0, letters.size() - 1);
  while (used < len) {
    int n = std::min(wl(rng), std::max(1, len - used - 1));
    std::string w;
    for (int k = 0; k < n; ++k) w += letters[letter(rng)];
    words.push_back(w);
    used += n + 1;
  }
  std::shuffle(words.begin(), words.end(), rng);
  std::string s;
  for (const auto& w : words) {
    if (!s.empty()) s += ' ';
    s += w;
  }
  return s;
}

// A gold bead shape with its content length (in source characters).
struct Unit {
  Unit(int a_, int b_, int len_, std::vector<std::string> src_keep_ = {}, std::vector<std::string> tgt_keep_ = {},
       std::vector<int> src_lens_ = {}, std::vector<int> tgt_lens_ = {})
      : a(a_), b(b_), len(len_), src_keep(std::move(src_keep_)), tgt_keep(std::move(tgt_keep_)),
        src_lens(std::move(src_lens_)), tgt_lens(std::move(tgt_lens_)) {}
  int a, b;
  int len;
  std::vector<std::string> src_keep, tgt_keep;  // anchors, in the first sentence of each side
  std::vector<int> src_lens, tgt_lens;  // explicit sentence lengths (overrides len)
};

struct Case {
  Document src, tgt;
  Alignment gold;
};

// Builds documents from units: a unit of a-b with length L gives a source
// sentences summing to about L and b target sentences summing to about
// ratio x L (split unevenly, 30-70%), with `noise` relative jitter.
inline Case build_case(const std::vector<Unit>& units, double ratio, double noise, unsigned seed,
                const std::string& src_lang = "ar", const std::string& tgt_lang = "en") {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> jitter(1 - noise, 1 + noise);
  std::uniform_real_distribution<double> share(0.3, 0.7);
  const auto& src_letters = src_lang == "ar" ? kArabicLetters : kLatinLetters;
  const auto& tgt_letters = tgt_lang == "ar" ? kArabicLetters : kLatinLetters;
  Case c;
  c.src.lang = src_lang;
  c.tgt.lang = tgt_lang;
  auto split = [&](double total, int k) {
    std::vector<int> parts;
    double rest = total;
    for (int x = 0; x < k; ++x) {
      double p = x + 1 == k ? rest : rest * (k - x == 2 ? share(rng) : 1.0 / (k - x) * (0.8 + 0.4 * share(rng)));
      parts.push_back(std::max(8, static_cast<int>(std::lround(p))));
      rest -= p;
    }
    return parts;
  };
  for (const auto& u : units) {
    Bead gold;
    std::vector<int> sl = !u.src_lens.empty() ? u.src_lens : split(u.len * jitter(rng), u.a);
    std::vector<int> tl = !u.tgt_lens.empty() ? u.tgt_lens : split(u.len * ratio * jitter(rng), u.b);
    for (int x = 0; x < u.a; ++x) {
      gold.src.push_back(static_cast<int>(c.src.sentences.size()));
      c.src.sentences.push_back(make_sentence(rng, sl[x], src_letters, x == 0 ? u.src_keep : std::vector<std::string>{}));
    }
    for (int y = 0; y < u.b; ++y) {
      gold.tgt.push_back(static_cast<int>(c.tgt.sentences.size()));
      c.tgt.sentences.push_back(make_sentence(rng, tl[y], tgt_letters, y == 0 ? u.tgt_keep : std::vector<std::string>{}));
    }
    // Omission runs are single beads in gold files.
    if (gold.src.empty() || gold.tgt.empty()) {
      for (int i : gold.src) c.gold.push_back(Bead{{i}, {}});
      for (int j : gold.tgt) c.gold.push_back(Bead{{}, {j}});
    } else {
      c.gold.push_back(gold);
    }
  }
  return c;
}

// `count` 1-1 units of random lengths 30..200.
inline std::vector<Unit> one_to_one(std::mt19937& rng, int count) {
  std::uniform_int_distribution<int> len(30, 200);
  std::vector<Unit> u;
  for (int k = 0; k < count; ++k) u.push_back(Unit{1, 1, len(rng)});
  return u;
}

inline std::vector<Unit> with_context(unsigned seed, const std::vector<Unit>& middle, int before = 8, int after = 8) {
  std::mt19937 rng(seed);
  std::vector<Unit> u = one_to_one(rng, before);
  u.insert(u.end(), middle.begin(), middle.end());
  auto tail = one_to_one(rng, after);
  u.insert(u.end(), tail.begin(), tail.end());
  return u;
}

inline AlignOptions length_only() {
  AlignOptions o;
  o.use_anchors = false;
  o.learn_lexicon = false;
  return o;
}

inline std::string show(const Alignment& a) {
  std::string s;
  for (const auto& b : a) {
    s += "[";
    for (std::size_t k = 0; k < b.src.size(); ++k) s += (k ? "," : "") + std::to_string(b.src[k]);
    s += "]:[";
    for (std::size_t k = 0; k < b.tgt.size(); ++k) s += (k ? "," : "") + std::to_string(b.tgt[k]);
    s += "] ";
  }
  return s;
}

inline bool same_beads(const Alignment& a, const Alignment& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (!(a[k] == b[k])) return false;
  }
  return true;
}

inline bool contains_bead(const Alignment& a, const Bead& bead) {
  return std::any_of(a.begin(), a.end(), [&](const Bead& b) { return b == bead; });
}

// "" when every sentence of both sides is in exactly one bead, in order, and
// every score is in [0,1]; otherwise what is wrong.
inline std::string check_alignment(const Alignment& a, int n, int m, bool scores = true) {
  int next_i = 0, next_j = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const Bead& b = a[k];
    if (b.src.empty() && b.tgt.empty()) return "bead " + std::to_string(k) + " is empty";
    for (int i : b.src) {
      if (i != next_i) return "bead " + std::to_string(k) + ": source id " + std::to_string(i) + ", expected " + std::to_string(next_i);
      ++next_i;
    }
    for (int j : b.tgt) {
      if (j != next_j) return "bead " + std::to_string(k) + ": target id " + std::to_string(j) + ", expected " + std::to_string(next_j);
      ++next_j;
    }
    if (scores && !(b.score >= 0 && b.score <= 1)) return "bead " + std::to_string(k) + ": score " + std::to_string(b.score);
  }
  if (next_i != n || next_j != m) {
    return "covers " + std::to_string(next_i) + "/" + std::to_string(n) + " source, " + std::to_string(next_j) + "/" +
           std::to_string(m) + " target sentences";
  }
  return "";
}

inline double strict_f1(const Alignment& gold, const Alignment& test) {
  return score_documents({gold}, {test}).strict.f1;
}

inline void expect_aligns(const Case& c, const AlignOptions& o) {
  Alignment a = align_documents(c.src, c.tgt, o);
  ASSERT_EQ(check_alignment(a, static_cast<int>(c.src.sentences.size()), static_cast<int>(c.tgt.sentences.size())), "");
  EXPECT_TRUE(same_beads(a, c.gold)) << "gold: " << show(c.gold) << "\ngot:  " << show(a);
}

// ---------------------------------------------------------------------------
// Anchors: evidence that overrides a misleading length.
//
// The shape (after 8 context beads): source s8, s9, s10 of 60 characters
// each, target t8 of 95 and t9 of 85. Gold: s8-t8 and s9+s10-t9 (an uneven
// translator). Length alone prefers s8+s9-t8 and s10-t9 (differences 25 and
// 25 instead of 35 and 35); anchors placed in s9 and t9 say otherwise.
inline Case uneven_split_case(std::vector<std::string> src_anchor, std::vector<std::string> tgt_anchor, unsigned seed,
                       const std::string& tgt_lang = "en") {
  std::vector<Unit> middle = {Unit{1, 1, 60, {}, {}, {60}, {95}}, Unit{2, 1, 120, src_anchor, tgt_anchor, {60, 60}, {85}}};
  return build_case(with_context(seed, middle), 1.0, 0.04, seed, "ar", tgt_lang);
}

inline DocumentFeatures features_of_lengths(const std::vector<float>& src, const std::vector<float>& tgt) {
  DocumentFeatures f;
  f.src.resize(src.size());
  f.tgt.resize(tgt.size());
  for (std::size_t i = 0; i < src.size(); ++i) f.src[i].len = src[i];
  for (std::size_t j = 0; j < tgt.size(); ++j) f.tgt[j].len = tgt[j];
  return f;
}

inline CostParams plain_params(const std::vector<BeadType>& types, double ratio = 1.0) {
  CostParams p;
  p.ratio = ratio;
  p.variance = 6.8;
  p.type_cost = default_type_costs(types);
  return p;
}
}  // namespace muwazi::align::testing

#endif  // MUWAZI_TESTS_UNIT_ALIGN_TEST_UTIL_H_
