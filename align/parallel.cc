#include "align/parallel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace muwazi::align {

namespace {

constexpr double kConfident = 0.5;         // a bead at least this confident counts as covered
constexpr int kChanceShifts[] = {3, 7, 13};  // beads further on, for the chance match rate
constexpr double kGaleChurchVariance = 6.8;
constexpr double kPriorItems = 5;  // pseudo-items of evidence ...
constexpr double kPrior = 0.5;     // ... of which this share matched
constexpr double kPriorKept = 2;   // the same for anchor_precision
// Where the two ends of a rare anchor pair sit (as shares of their
// documents), under two hypotheses. A translation: at a distance d that is
// exponential with this mean, except for a share kChancePairs of chance
// pairs (a name said once on each side in different sentences) placed as
// at random. Not a translation: at random, d has density 2(1 - d).
constexpr double kPairScale = 0.03;
constexpr double kChancePairs = 0.05;
// The weight of the length fit among the factors of the score.
constexpr double kLengthFitWeight = 2;

struct Tally {
  double total = 0, matched = 0;
};

// Which items of a side count: not the name items of an Arabic-script side,
// nor the verbatim items of a Latin side facing another script (keys, not
// evidence), as in the cost model.
double weight_of(std::uint32_t item, bool names_are_keys, bool verbatim_are_keys) {
  const AnchorKind k = kind_of(item);
  if (k == kName && names_are_keys) return 0;
  if (k == kVerbatim && verbatim_are_keys) return 0;
  return 1;
}

std::vector<std::uint32_t> items_of(const std::vector<SentenceFeatures>& side, const std::vector<int>& ids) {
  std::vector<std::uint32_t> out;
  for (int i : ids) out.insert(out.end(), side[static_cast<std::size_t>(i)].items.begin(),
                               side[static_cast<std::size_t>(i)].items.end());
  std::sort(out.begin(), out.end());
  return out;
}

// Counts the items of s and t (sorted multisets) and those matched across.
void tally(const DocumentFeatures& f, const std::vector<std::uint32_t>& s, const std::vector<std::uint32_t>& t,
           Tally& out) {
  for (auto it : s) out.total += weight_of(it, f.src_names_are_keys, f.src_verbatim_are_keys);
  for (auto it : t) out.total += weight_of(it, f.tgt_names_are_keys, f.tgt_verbatim_are_keys);
  std::size_t a = 0, b = 0;
  while (a < s.size() && b < t.size()) {
    if (s[a] < t[b]) {
      ++a;
    } else if (s[a] > t[b]) {
      ++b;
    } else {
      out.matched += weight_of(s[a], f.src_names_are_keys, f.src_verbatim_are_keys) +
                     weight_of(t[b], f.tgt_names_are_keys, f.tgt_verbatim_are_keys);
      ++a;
      ++b;
    }
  }
}

// Relative place of each sentence's middle in its document, in length
// units (in [0, 1]).
std::vector<double> middles(const std::vector<SentenceFeatures>& side) {
  double total = 0;
  for (const auto& s : side) total += s.len;
  std::vector<double> out(side.size(), 0.5);
  if (total <= 0) return out;
  double before = 0;
  for (std::size_t i = 0; i < side.size(); ++i) {
    out[i] = (before + 0.5 * side[i].len) / total;
    before += side[i].len;
  }
  return out;
}

// Items that occur exactly once on each side, as (item, sentence) of each
// side; sums the distance between the relative places of their two ends.
// Also sums the log-likelihood ratio of the two hypotheses of kPairScale.
void rare_pairs_of(const DocumentFeatures& f, double& count, double& deviation, double& llr) {
  auto occurrences = [](const std::vector<SentenceFeatures>& side) {
    std::vector<std::pair<std::uint32_t, std::size_t>> out;
    for (std::size_t i = 0; i < side.size(); ++i) {
      for (auto it : side[i].items) out.emplace_back(it, i);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto s = occurrences(f.src), t = occurrences(f.tgt);
  const std::vector<double> ps = middles(f.src), pt = middles(f.tgt);
  count = deviation = llr = 0;
  std::size_t a = 0, b = 0;
  while (a < s.size() && b < t.size()) {
    if (s[a].first < t[b].first) {
      ++a;
    } else if (s[a].first > t[b].first) {
      ++b;
    } else {
      const std::uint32_t item = s[a].first;
      std::size_t a2 = a, b2 = b;
      while (a2 < s.size() && s[a2].first == item) ++a2;
      while (b2 < t.size() && t[b2].first == item) ++b2;
      if (a2 - a == 1 && b2 - b == 1) {
        count += 1;
        const double d = std::min(std::abs(ps[s[a].second] - pt[t[b].second]), 0.999);
        const double at_random = 2 * (1 - d);
        const double translated =
            (1 - kChancePairs) * std::exp(-d / kPairScale) / kPairScale + kChancePairs * at_random;
        deviation += d;
        llr += std::log(translated / at_random);
      }
      a = a2;
      b = b2;
    }
  }
}

}  // namespace

PairVerdict empty_side_verdict() {
  PairVerdict v;
  v.reason = "an empty side";
  return v;
}

PairVerdict judge_pair(const FeatureExtractor& x, const DocumentFeatures& f, const Alignment& a) {
  PairVerdict v;
  double all_len = 0, covered_len = 0;
  for (const auto& s : f.src) all_len += s.len;
  for (const auto& t : f.tgt) all_len += t.len;
  std::vector<const Bead*> aligned;
  std::vector<std::pair<double, double>> lens;
  double sum1 = 0, sum2 = 0;
  for (const Bead& b : a) {
    if (b.src.empty() || b.tgt.empty()) continue;
    double l1 = 0, l2 = 0;
    for (int i : b.src) l1 += f.src[static_cast<std::size_t>(i)].len;
    for (int j : b.tgt) l2 += f.tgt[static_cast<std::size_t>(j)].len;
    if (b.score >= kConfident) covered_len += l1 + l2;
    aligned.push_back(&b);
    lens.emplace_back(l1, l2);
    sum1 += l1;
    sum2 += l2;
  }
  v.coverage = all_len > 0 ? covered_len / all_len : 0;
  if (sum1 > 0 && sum2 > 0) {
    const double c = sum2 / sum1;
    double fit = 0;
    for (auto [l1, l2] : lens) {
      const double z = (l2 - c * l1) / std::sqrt(kGaleChurchVariance * (0.5 * (c * l1 + l2) + 1.0));
      fit += (l1 + l2) * std::exp(-0.5 * z * z);
    }
    v.length_fit = fit / (sum1 + sum2);
  }
  Tally in, chance;
  const std::size_t nb = aligned.size();
  std::vector<std::vector<std::uint32_t>> src_items(nb), tgt_items(nb);
  for (std::size_t k = 0; k < nb; ++k) {
    src_items[k] = items_of(f.src, aligned[k]->src);
    tgt_items[k] = items_of(f.tgt, aligned[k]->tgt);
  }
  for (std::size_t k = 0; k < nb; ++k) tally(f, src_items[k], tgt_items[k], in);
  for (int s : kChanceShifts) {
    if (static_cast<std::size_t>(s) >= nb) continue;
    for (std::size_t k = 0; k < nb; ++k) tally(f, src_items[k], tgt_items[(k + static_cast<std::size_t>(s)) % nb], chance);
  }
  v.anchors = in.total;
  v.evidence = x.evidence_items();
  v.anchor_recall = v.evidence > 0 ? std::min(1.0, in.matched / v.evidence) : 0;
  v.anchor_match = in.total > 0 ? in.matched / in.total : 0;
  v.anchor_chance = chance.total > 0 ? chance.matched / chance.total : 0;
  const double sentences = static_cast<double>(f.src.size() + f.tgt.size());
  const double excess = in.matched - v.anchor_chance * in.total;
  v.excess_per_sentence = sentences > 0 ? excess / sentences : 0;
  double kept = 0;  // items with a possible partner, all sentences
  for (const auto& s : f.src) {
    for (auto it : s.items) kept += weight_of(it, f.src_names_are_keys, f.src_verbatim_are_keys);
  }
  for (const auto& t : f.tgt) {
    for (auto it : t.items) kept += weight_of(it, f.tgt_names_are_keys, f.tgt_verbatim_are_keys);
  }
  const double matched = in.matched, evidence = v.evidence;
  v.anchor_precision = kept > 0 ? std::min(1.0, matched / kept) : 0;
  double rare_sum = 0, rare_llr = 0;
  rare_pairs_of(f, v.rare_pairs, rare_sum, rare_llr);
  v.rare_deviation = v.rare_pairs > 0 ? rare_sum / v.rare_pairs : 0;
  // P(translation | the rare pairs' places), from even odds: 1/2 without
  // any, close to 1 when many sit on the diagonal, close to 0 when they
  // scatter (log1p form: no overflow for a large ratio either way).
  const double log_placed = rare_llr > -30 ? -std::log1p(std::exp(-rare_llr)) : rare_llr;
  v.rare_placement = std::exp(log_placed);
  // The score: the weighted geometric mean of five factors in [0, 1]; those
  // from anchors are shrunk towards one half where evidence is thin (a few
  // short verses are neither kept nor refused on noise):
  //  - coverage: the share of the text in confident beads;
  //  - recall: the share of the evidence (the anchor items of both sides)
  //    matched in its bead, with kPriorItems pseudo-items half matched;
  //  - precision: the same share of the items that have a partner somewhere
  //    (a shuffle keeps its partners, out of their beads);
  //  - the length fit of the beads, weight kLengthFitWeight (an unrelated
  //    pair is forced into beads whose lengths disagree);
  //  - rare_placement, the probability that the rare anchor pairs sit
  //    where a translation puts them (this one does not depend on the
  //    alignment: a shuffled translation of a few sentences fits into
  //    large beads, but its anchors leave the diagonal).
  // Fixed once on the dev data of all sources together
  // (scripts/parallel_eval.py), never per source.
  // (A lexicon learned on half of the beads and tested on the other half
  // added nothing to the AUC against wrong pairings, 0.9967 vs 0.9959, and
  // cost two thirds of the verdict's time: left out.)
  const double recall = (std::min(matched, evidence) + kPriorItems * kPrior) / (evidence + kPriorItems);
  const double precision = (std::min(matched, kept) + kPriorKept * kPrior) / (kept + kPriorKept);
  const double log_sum = std::log(std::max(v.coverage, 1e-9)) + std::log(recall) + std::log(precision) +
                         kLengthFitWeight * std::log(std::max(v.length_fit, 1e-9)) + log_placed;
  v.score = std::clamp(std::exp(log_sum / (4 + kLengthFitWeight)), 0.0, 1.0);
  if (v.coverage <= 0) v.score = 0;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "parallel score %.3f: %.0f%% of the text in confident beads, %.0f%% of %.0f anchors matched in "
                "their bead (%.0f%% by chance), excess %.3f, recall %.2f of %.0f, precision %.2f of %.0f, "
                "length fit %.2f, %.0f rare anchors %.3f off the diagonal (placed as translated: %.2f)",
                v.score, 100 * v.coverage, 100 * v.anchor_match, v.anchors, 100 * v.anchor_chance,
                v.excess_per_sentence, v.anchor_recall, v.evidence, v.anchor_precision, kept, v.length_fit,
                v.rare_pairs, v.rare_deviation, v.rare_placement);
  v.reason = buf;
  return v;
}

}  // namespace muwazi::align
