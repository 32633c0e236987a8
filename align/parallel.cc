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
  // The score: the share of the text in confident beads times the share of
  // the evidence matched (the anchor items of both sides), shrunk towards an
  // even prior by kPriorItems pseudo-items (a pair with little evidence, a
  // few short verses, is neither kept nor refused on noise: it scores about
  // half its coverage). Fixed once on the dev data of all sources together
  // (scripts/parallel_eval.py), never per source.
  // (A lexicon learned on half of the beads and tested on the other half
  // added nothing to the AUC against wrong pairings, 0.9967 vs 0.9959, and
  // cost two thirds of the verdict's time: left out.)
  const double matched = in.matched, evidence = v.evidence;
  const double recall = (std::min(matched, evidence) + kPriorItems * kPrior) / (evidence + kPriorItems);
  v.score = std::clamp(v.coverage * recall, 0.0, 1.0);
  char buf[384];
  std::snprintf(buf, sizeof buf,
                "parallel score %.3f: %.0f%% of the text in confident beads, %.0f%% of %.0f anchors matched in "
                "their bead (%.0f%% by chance), excess %.3f, recall %.2f of %.0f, length fit %.2f",
                v.score, 100 * v.coverage, 100 * v.anchor_match, v.anchors, 100 * v.anchor_chance,
                v.excess_per_sentence, v.anchor_recall, v.evidence, v.length_fit);
  v.reason = buf;
  return v;
}

}  // namespace muwazi::align
