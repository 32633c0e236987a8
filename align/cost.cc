#include "align/cost.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace muwazi::align {

std::vector<BeadType> bead_types(int max_side) {
  std::vector<BeadType> t = {{1, 1}, {1, 0}, {0, 1}};
  if (max_side >= 2) t.insert(t.end(), {{1, 2}, {2, 1}, {2, 2}});
  if (max_side >= 3) t.insert(t.end(), {{1, 3}, {3, 1}, {2, 3}, {3, 2}});
  for (int k = 4; k <= max_side; ++k) t.insert(t.end(), {{1, k}, {k, 1}});
  // Runs of omitted sentences: one bead internally, k single omissions on
  // output. Opening a gap costs more than extending it (affine gaps), so a
  // dropped multi-sentence unit is not forced into its neighbours.
  for (int k = 2; k <= max_side; ++k) t.insert(t.end(), {{0, k}, {k, 0}});
  return t;
}

std::vector<double> default_type_costs(const std::vector<BeadType>& types) {
  std::vector<double> c;
  for (const auto& t : types) {
    double p;
    if (t.a == 1 && t.b == 1) p = 0.85;
    else if (t.a == 0 || t.b == 0) p = 0.01;
    else if (t.a + t.b == 3) p = 0.04;
    else if (t.a == 2 && t.b == 2) p = 0.01;
    else if (t.a + t.b == 4) p = 0.01;
    else p = 0.003;
    c.push_back(-std::log(p));
  }
  return c;
}

double CostModel::length_cost(double d) const {
  // A Gaussian with a wide component for the tail (real length differences
  // are heavier-tailed than Gale & Church's normal), normalized to 0 at d = 0.
  const double e = params_.tail_weight, k = params_.tail_scale;
  if (e <= 0) return 0.5 * d * d;
  double p = (1 - e) * std::exp(-0.5 * d * d) + (e / k) * std::exp(-0.5 * d * d / (k * k));
  return -std::log(p) + std::log((1 - e) + e / k);
}

CostModel::CostModel(const DocumentFeatures& f, const std::vector<BeadType>& types, const CostParams& params)
    : f_(f), types_(types), params_(params) {
  src_cum_.assign(f.src.size() + 1, 0);
  tgt_cum_.assign(f.tgt.size() + 1, 0);
  for (std::size_t i = 0; i < f.src.size(); ++i) src_cum_[i + 1] = src_cum_[i] + f.src[i].len;
  for (std::size_t j = 0; j < f.tgt.size(); ++j) tgt_cum_[j + 1] = tgt_cum_[j] + f.tgt[j].len;
  auto unmatched = [&](const std::vector<SentenceFeatures>& side, std::vector<double>& out) {
    out.resize(side.size());
    for (std::size_t k = 0; k < side.size(); ++k) {
      double u = 0;
      for (auto it : side[k].items) u += params_.anchor_weight[kind_of(it)];
      out[k] = u;
    }
  };
  unmatched(f.src, src_unmatched_);
  unmatched(f.tgt, tgt_unmatched_);
  for (const auto& s : f.src) src_paras_ |= s.para_start;
  for (const auto& s : f.tgt) tgt_paras_ |= s.para_start;
  // A document whose every sentence starts a paragraph (one sentence per
  // line with blank lines between) carries no paragraph evidence.
  auto all_starts = [](const std::vector<SentenceFeatures>& side) {
    for (const auto& s : side) {
      if (!s.para_start) return false;
    }
    return true;
  };
  if (all_starts(f.src)) src_paras_ = false;
  if (all_starts(f.tgt)) tgt_paras_ = false;
}

double CostModel::anchor_cost(int i, int a, int j, int b) const {
  double u = 0;
  std::uint64_t ss = 0, ts = 0;
  for (int k = i; k < i + a; ++k) {
    u += src_unmatched_[k];
    ss |= f_.src[k].signature;
  }
  for (int k = j; k < j + b; ++k) {
    u += tgt_unmatched_[k];
    ts |= f_.tgt[k].signature;
  }
  if ((ss & ts) == 0) return u;
  // Exact multiset intersection of the bead's items on both sides.
  std::uint32_t sbuf[256], tbuf[256];
  auto gather = [](const std::vector<SentenceFeatures>& side, int from, int count, std::uint32_t* buf) {
    int n = 0;
    for (int k = from; k < from + count; ++k) {
      for (auto it : side[k].items) {
        if (n < 256) buf[n++] = it;
      }
    }
    if (count > 1) std::sort(buf, buf + n);
    return n;
  };
  int ns = gather(f_.src, i, a, sbuf);
  int nt = gather(f_.tgt, j, b, tbuf);
  double matched = 0;
  int p = 0, q = 0;
  while (p < ns && q < nt) {
    if (sbuf[p] < tbuf[q]) ++p;
    else if (sbuf[p] > tbuf[q]) ++q;
    else {
      matched += params_.anchor_weight[kind_of(sbuf[p])];
      ++p;
      ++q;
    }
  }
  return u - 2 * matched;
}

double CostModel::cost(int t, int i, int j) const {
  const int a = types_[t].a, b = types_[t].b;
  double c;
  if (a == 0 || b == 0) {
    // Types 1 and 2 are 1-0 and 0-1 (see bead_types).
    c = params_.type_cost[a == 0 ? 2 : 1] + params_.omission_cost +
        params_.omission_extend_cost * (std::max(a, b) - 1);
  } else {
    c = params_.type_cost[t];
    double l1 = params_.ratio * (src_cum_[i + a] - src_cum_[i]);
    double l2 = tgt_cum_[j + b] - tgt_cum_[j];
    double mean = 0.5 * (l1 + l2) + 1.0;
    double d = (l2 - l1) / std::sqrt(params_.variance * mean);
    c += length_cost(d);
  }
  if (params_.punct_weight > 0) {
    int diff = 0;
    for (int p = 0; p < kNumPunct; ++p) {
      int s = 0, q = 0;
      for (int k = i; k < i + a; ++k) s += f_.src[k].punct[p];
      for (int k = j; k < j + b; ++k) q += f_.tgt[k].punct[p];
      diff += std::abs(s - q);
    }
    c += params_.punct_weight * diff;
  }
  if (src_paras_ && tgt_paras_) {
    int inner = 0;
    for (int k = i + 1; k < i + a; ++k) inner += f_.src[k].para_start;
    for (int k = j + 1; k < j + b; ++k) inner += f_.tgt[k].para_start;
    c += params_.para_inner_weight * inner;
    if (a > 0 && b > 0 && f_.src[i].para_start != f_.tgt[j].para_start) c += params_.para_edge_weight;
  }
  if (a == 0 || b == 0) {
    // Anchors of a sentence without counterpart are unmatched by
    // construction; they count less than unmatched anchors inside a bead,
    // which are evidence that the bead is wrong.
    c += params_.omission_anchor_factor * anchor_cost(i, a, j, b);
  } else {
    c += anchor_cost(i, a, j, b);
  }
  return c;
}

}  // namespace muwazi::align
