#include "tm/scoring.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "text/match_key.h"
#include "text/utf8.h"
#include "tm/keys.h"

namespace muwazi::tm {
namespace {

text::MatchKeyOptions loose_options() {
  text::MatchKeyOptions o;
  o.drop_punct = true;
  o.drop_space = true;
  return o;
}

// The loose options with one class's steps switched off.
text::MatchKeyOptions class_options(std::size_t c) {
  text::MatchKeyOptions o = loose_options();
  switch (c) {
    case 0: o.remove_harakat = false; break;
    case 1: o.fold_alef = false; break;
    case 2: o.fold_letters = false; break;
    case 3: o.remove_tatweel = false; break;
    case 4: o.fold_digits = false; break;
    case 5: o.fold_punct = false; o.drop_punct = false; break;
    case 6: o.fold_space = false; o.drop_space = false; break;
    case 7: o.case_fold = false; break;
    case 8: o.nfkc = false; o.remove_format = false; break;
  }
  return o;
}

double round1(double x) { return std::round(x * 10.0) / 10.0; }

}  // namespace

const std::vector<NearExactClass>& near_exact_classes() {
  // Order matches class_options().
  static const std::vector<NearExactClass> k = {
      {"diacritics", 1.0, "harakat (short vowels, shadda, sukun, tanwin) differ"},
      {"alef_hamza", 1.0, "alef/hamza forms differ (آ أ إ ٱ vs ا)"},
      {"letter_variants", 1.0, "ى/ي, ة/ه or Persian ک/ی forms differ"},
      {"tatweel", 0.5, "tatweel (kashida) differs"},
      {"digits", 0.5, "Arabic-Indic vs Western digits"},
      {"punctuation", 1.0, "punctuation differs"},
      {"spacing", 0.5, "white space differs"},
      {"case", 1.0, "letter case differs"},
      {"compatibility", 0.5, "compatibility forms or invisible format marks differ"},
  };
  return k;
}

ScoredText score_key(std::string_view key) {
  ScoredText t;
  t.key = key;
  for (const text::KeyToken& tok : text::match_key_tokens(t.key)) {
    std::uint64_t h = hash64(std::string_view(t.key).substr(tok.begin, tok.end - tok.begin));
    t.tokens.push_back(h);
    if (tok.number) t.numbers.push_back(h);
  }
  std::sort(t.numbers.begin(), t.numbers.end());
  return t;
}

ScoredText score_text(std::string_view text) {
  ScoredText t = score_key(text::match_key(text));
  t.nfc = text::to_nfc(text);
  t.loose = loose_hash(text);
  return t;
}

double near_exact_score(const ScoredText& q, const ScoredText& c, std::vector<Penalty>& penalties) {
  penalties.clear();
  if (q.nfc == c.nfc) return 100.0;
  const auto& classes = near_exact_classes();
  if (q.class_keys.empty()) {
    q.class_keys.resize(classes.size());
    for (std::size_t i = 0; i < classes.size(); ++i) q.class_keys[i] = text::match_key(q.nfc, class_options(i));
  }
  double total = 0;
  for (std::size_t i = 0; i < classes.size(); ++i) {
    if (text::match_key(c.nfc, class_options(i)) != q.class_keys[i]) {
      penalties.push_back({classes[i].kind, classes[i].points, classes[i].detail});
      total += classes[i].points;
    }
  }
  if (penalties.empty()) {
    // Differences no single class explains (e.g. canonical-equivalent
    // spellings that NFC does not unify).
    penalties.push_back({"other", 0.5, "other normalization differences"});
    total = 0.5;
  }
  return std::max(kNearExactFloor, round1(100.0 - total));
}

int bounded_edit_distance(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b, int bound) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > bound) return bound + 1;
  if (n == 0) return m;
  if (m == 0) return n;
  constexpr int kInf = 1 << 29;
  // Banded DP: only cells with |i - j| <= bound can be <= bound.
  std::vector<int> prev(m + 1, kInf), cur(m + 1, kInf);
  for (int j = 0; j <= std::min(m, bound); ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    int lo = std::max(1, i - bound), hi = std::min(m, i + bound);
    std::fill(cur.begin(), cur.end(), kInf);
    if (i <= bound) cur[0] = i;
    int row_min = cur[0];
    for (int j = lo; j <= hi; ++j) {
      int v = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      v = std::min(v, prev[j] + 1);
      v = std::min(v, cur[j - 1] + 1);
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > bound) return bound + 1;
    std::swap(prev, cur);
  }
  return prev[m] > bound ? bound + 1 : prev[m];
}

double fuzzy_score(const ScoredText& q, const ScoredText& c, double min_score, std::vector<Penalty>& penalties) {
  penalties.clear();
  const int n = static_cast<int>(q.tokens.size()), m = static_cast<int>(c.tokens.size());
  const int len = std::max(n, m);
  if (len == 0 || min_score > kFuzzyCap) return -1;
  int bound = static_cast<int>(std::floor((1.0 - min_score / 100.0) * len + 1e-9));
  int d = bounded_edit_distance(q.tokens, c.tokens, bound);
  if (d > bound) return -1;
  double sim = 100.0 * (1.0 - static_cast<double>(d) / len);
  double score = std::min(kFuzzyCap, sim);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%d word edit%s over %d words", d, d == 1 ? "" : "s", len);
  penalties.push_back({"edit", round1(100.0 - score), buf});
  // Numbers on one side and not on the other (multiset difference).
  std::size_t i = 0, j = 0, missing = 0;
  while (i < q.numbers.size() || j < c.numbers.size()) {
    if (j == c.numbers.size() || (i < q.numbers.size() && q.numbers[i] < c.numbers[j])) {
      ++missing, ++i;
    } else if (i == q.numbers.size() || c.numbers[j] < q.numbers[i]) {
      ++missing, ++j;
    } else {
      ++i, ++j;
    }
  }
  if (missing > 0) {
    double pts = std::min(kMaxNumberPenalty, kPenaltyPerNumber * static_cast<double>(missing));
    std::snprintf(buf, sizeof buf, "%zu number%s differ", missing, missing == 1 ? "" : "s");
    penalties.push_back({"numbers", pts, buf});
    score -= pts;
  }
  score = round1(std::max(0.0, score));
  if (score < min_score) {
    penalties.clear();
    return -1;
  }
  return score;
}

double score_pair(const ScoredText& q, const ScoredText& c, double min_score, std::vector<Penalty>& penalties) {
  if (q.loose == c.loose && text::match_key(q.nfc, loose_options()) == text::match_key(c.nfc, loose_options())) {
    double s = near_exact_score(q, c, penalties);
    if (s >= min_score) return s;
    penalties.clear();
    return -1;
  }
  return fuzzy_score(q, c, min_score, penalties);
}

}  // namespace muwazi::tm
