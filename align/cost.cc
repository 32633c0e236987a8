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

double CostModel::length_cost(double d2) const {
  if (params_.tail_weight <= 0) return 0.5 * d2;
  // Tabulated on d^2 (the search evaluates this millions of times); past the
  // table the wide component alone decides.
  double x = d2 * kLengthTableStep;
  if (x < kLengthTableSize - 1) {
    std::size_t k = static_cast<std::size_t>(x);
    double frac = x - static_cast<double>(k);
    return table_[k] + frac * (table_[k + 1] - table_[k]);
  }
  return exact_length_cost(d2);
}

double CostModel::exact_length_cost(double d2) const {
  // A Gaussian with a wide component for the tail (real length differences
  // are heavier-tailed than Gale & Church's normal), normalized to 0 at d = 0.
  const double e = params_.tail_weight, k = params_.tail_scale;
  double p = (1 - e) * std::exp(-0.5 * d2) + (e / k) * std::exp(-0.5 * d2 / (k * k));
  if (p <= 0) return 0.5 * d2 / (k * k) - std::log(e / k) + std::log((1 - e) + e / k);
  return -std::log(p) + std::log((1 - e) + e / k);
}

CostModel::CostModel(const DocumentFeatures& f, const std::vector<BeadType>& types, const CostParams& params)
    : f_(f), types_(types), params_(params) {
  src_cum_.assign(f.src.size() + 1, 0);
  tgt_cum_.assign(f.tgt.size() + 1, 0);
  for (std::size_t i = 0; i < f.src.size(); ++i) src_cum_[i + 1] = src_cum_[i] + f.src[i].len;
  for (std::size_t j = 0; j < f.tgt.size(); ++j) tgt_cum_[j + 1] = tgt_cum_[j] + f.tgt[j].len;
  src_weight_ = tgt_weight_ = params_.anchor_weight;
  if (f.src_names_are_keys) src_weight_[kName] = 0;
  if (f.tgt_names_are_keys) tgt_weight_[kName] = 0;
  if (f.src_verbatim_are_keys) src_weight_[kVerbatim] = 0;
  if (f.tgt_verbatim_are_keys) tgt_weight_[kVerbatim] = 0;
  for (int k = 0; k < static_cast<int>(kNumAnchorKinds); ++k) match_credit_[k] = src_weight_[k] + tgt_weight_[k];
  std::array<double, kNumAnchorKinds> omit_factor;
  for (int k = 0; k < static_cast<int>(kNumAnchorKinds); ++k) {
    omit_factor[k] = params_.omission_factor[k] >= 0 ? params_.omission_factor[k] : params_.omission_anchor_factor;
  }
  auto unmatched = [&](const std::vector<SentenceFeatures>& side, const std::array<double, kNumAnchorKinds>& weights,
                       std::vector<double>& out, std::vector<double>& omitted_cum) {
    out.resize(side.size());
    omitted_cum.assign(side.size() + 1, 0);
    for (std::size_t k = 0; k < side.size(); ++k) {
      double u = 0, o = 0;
      for (auto it : side[k].items) {
        u += weights[kind_of(it)];
        o += weights[kind_of(it)] * omit_factor[kind_of(it)];
      }
      out[k] = u;
      omitted_cum[k + 1] = omitted_cum[k] + o;
    }
  };
  unmatched(f.src, src_weight_, src_unmatched_, src_omitted_cum_);
  unmatched(f.tgt, tgt_weight_, tgt_unmatched_, tgt_omitted_cum_);
  auto cumulate = [](const std::vector<double>& v, std::vector<double>& cum) {
    cum.assign(v.size() + 1, 0);
    for (std::size_t k = 0; k < v.size(); ++k) cum[k + 1] = cum[k] + v[k];
  };
  cumulate(src_unmatched_, src_unmatched_cum_);
  cumulate(tgt_unmatched_, tgt_unmatched_cum_);
  auto prefix = [](const std::vector<SentenceFeatures>& side, std::vector<std::array<int, kNumPunct>>& punct,
                   std::vector<int>& para) {
    punct.assign(side.size() + 1, {});
    para.assign(side.size() + 1, 0);
    for (std::size_t k = 0; k < side.size(); ++k) {
      for (int p = 0; p < kNumPunct; ++p) punct[k + 1][p] = punct[k][p] + side[k].punct[p];
      para[k + 1] = para[k] + (side[k].para_start ? 1 : 0);
    }
  };
  prefix(f.src, src_punct_cum_, src_para_cum_);
  prefix(f.tgt, tgt_punct_cum_, tgt_para_cum_);
  if (params_.tail_weight > 0) {
    // The last table this thread built, reused when the tail is the same.
    thread_local double cached_weight = -1, cached_scale = -1;
    thread_local std::shared_ptr<const std::vector<double>> cached;
    if (!cached || cached_weight != params_.tail_weight || cached_scale != params_.tail_scale) {
      auto table = std::make_shared<std::vector<double>>(kLengthTableSize);
      for (int k = 0; k < kLengthTableSize; ++k) (*table)[k] = exact_length_cost(k / kLengthTableStep);
      cached = std::move(table);
      cached_weight = params_.tail_weight;
      cached_scale = params_.tail_scale;
    }
    length_table_ = cached;
    table_ = length_table_->data();
  }
  int max_side = 1;
  for (const auto& t : types_) max_side = std::max({max_side, t.a, t.b});
  auto dups = [max_side](const std::vector<SentenceFeatures>& side, std::vector<std::uint8_t>& mask) {
    mask.assign(side.size(), 0);
    for (std::size_t x = 0; x < side.size(); ++x) {
      for (int d = 1; d < max_side && d <= 8 && x + d < side.size(); ++d) {
        const auto& a = side[x].items;
        const auto& b = side[x + d].items;
        if ((side[x].signature & side[x + d].signature) == 0) continue;
        std::size_t p = 0, q = 0;
        while (p < a.size() && q < b.size()) {
          if (a[p] < b[q]) ++p;
          else if (a[p] > b[q]) ++q;
          else {
            mask[x] |= static_cast<std::uint8_t>(1u << (d - 1));
            break;
          }
        }
      }
    }
  };
  dups(f.src, src_dups_);
  dups(f.tgt, tgt_dups_);
  if (!params_.approximate_anchors) {
    int max_a = 1, max_b = 1;
    for (const auto& t : types_) {
      if (t.a == 0 || t.b == 0) continue;
      max_a = std::max(max_a, t.a);
      max_b = std::max(max_b, t.b);
    }
    src_unions_ = build_unions(f.src, max_a);
    tgt_unions_ = build_unions(f.tgt, max_b);
  }
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

CostModel::Unions CostModel::build_unions(const std::vector<SentenceFeatures>& side, int max_k) {
  Unions u;
  if (max_k < 2 || side.size() < 2) return u;
  const std::size_t n = side.size(), per = static_cast<std::size_t>(max_k - 1);
  // Sizes first: each sentence adds its items up to the cut, as the merge does.
  std::size_t total = 0;
  for (std::size_t x = 0; x < n; ++x) {
    std::size_t size = std::min<std::size_t>(side[x].items.size(), kMaxMergedItems);
    for (int k = 2; k <= max_k && x + k <= n; ++k) {
      size = std::min<std::size_t>(kMaxMergedItems, size + side[x + k - 1].items.size());
      total += size;
    }
  }
  if (total > kMaxUnionItems) return u;
  u.max_k = max_k;
  u.offset.assign(n * per + 1, 0);
  u.items.resize(total);
  std::uint32_t at = 0;
  for (std::size_t x = 0; x < n; ++x) {
    const auto& first = side[x].items;
    const std::uint32_t* prev = first.data();
    std::uint32_t prev_n = static_cast<std::uint32_t>(std::min<std::size_t>(first.size(), kMaxMergedItems));
    for (int k = 2; k <= max_k; ++k) {
      const std::size_t slot = x * per + static_cast<std::size_t>(k - 2);
      u.offset[slot] = at;
      if (x + k <= n) {
        const auto& next = side[x + k - 1].items;
        const int take = std::min<int>(static_cast<int>(next.size()), kMaxMergedItems - static_cast<int>(prev_n));
        std::uint32_t* out = u.items.data() + at;
        if (take > 0) {
          std::merge(prev, prev + prev_n, next.begin(), next.begin() + take, out);
        } else {
          std::copy(prev, prev + prev_n, out);
        }
        prev = out;
        prev_n += static_cast<std::uint32_t>(std::max(take, 0));
        at += prev_n;
      }
      u.offset[slot + 1] = at;
    }
  }
  return u;
}

void CostModel::prepare(const Band& band) {
  const int n = n_src();
  int k = 1;
  for (const auto& t : types_) k = std::max(k, t.a);
  match_lo_.assign(n, 0);
  match_hi_.assign(n, 0);
  match_off_.assign(n + 1, 0);
  for (int i = 0; i < n; ++i) {
    // Beads holding source sentence i start at a row in [i-k+1, i] and end at
    // a row in [i+1, i+k]; their target sentences lie between those rows'
    // band limits.
    match_lo_[i] = band.lo[std::max(0, i - k + 1)];
    match_hi_[i] = std::max(match_lo_[i], band.hi[std::min(n, i + k)]);
    match_off_[i + 1] = match_off_[i] + (match_hi_[i] - match_lo_[i]);
  }
  match_.assign(match_off_[n], 0.0);
  for (int i = 0; i < n; ++i) {
    const SentenceFeatures& s = f_.src[i];
    if (s.items.empty()) continue;
    for (int j = match_lo_[i]; j < match_hi_[i]; ++j) {
      const SentenceFeatures& t = f_.tgt[j];
      if ((s.signature & t.signature) == 0) continue;
      // Weighted size of the multiset intersection.
      double m = 0;
      std::size_t p = 0, q = 0;
      while (p < s.items.size() && q < t.items.size()) {
        if (s.items[p] < t.items[q]) ++p;
        else if (s.items[p] > t.items[q]) ++q;
        else {
          m += match_credit_[kind_of(s.items[p])];
          ++p;
          ++q;
        }
      }
      match_[match_off_[i] + (j - match_lo_[i])] = m;
    }
  }
}

double CostModel::anchor_cost(int i, int a, int j, int b) const {
  const double u = (src_unmatched_cum_[i + a] - src_unmatched_cum_[i]) +
                   (tgt_unmatched_cum_[j + b] - tgt_unmatched_cum_[j]);
  if (a == 0 || b == 0 || u == 0) return u;
  if (a == 1 && b == 1) return u - pair_match(i, j);
  // Sentences with at least one match on the other side are "active".
  double pairs = 0;
  unsigned src_active = 0, tgt_active = 0;
  for (int x = i; x < i + a; ++x) {
    for (int y = j; y < j + b; ++y) {
      double m = pair_match(x, y);
      if (m > 0) {
        pairs += m;
        src_active |= 1u << (x - i);
        tgt_active |= 1u << (y - j);
      }
    }
  }
  if (pairs == 0) return u;
  // An anchor counted twice by the pairwise sum sits in two active sentences
  // of one side. Without such a pair, the pairwise sum is the exact
  // intersection of the two sides' multisets.
  auto repeats = [](const std::vector<std::uint8_t>& dups, int from, int count, unsigned active) {
    for (int x = 0; x + 1 < count; ++x) {
      if (!(active >> x & 1u)) continue;
      unsigned later = (dups[from + x] & ((1u << (count - 1 - x)) - 1)) & (active >> (x + 1));
      if (later) return true;
    }
    return false;
  };
  if (!repeats(src_dups_, i, a, src_active) && !repeats(tgt_dups_, j, b, tgt_active)) return u - pairs;
  if (params_.approximate_anchors) {
    // Pairwise matches, each sentence matched for no more than it holds.
    double c = 0;
    for (int x = i; x < i + a; ++x) {
      double m = 0;
      for (int y = j; y < j + b; ++y) m += pair_match(x, y);
      c += std::max(0.0, src_unmatched_[x] - 0.5 * m);
    }
    for (int y = j; y < j + b; ++y) {
      double m = 0;
      for (int x = i; x < i + a; ++x) m += pair_match(x, y);
      c += std::max(0.0, tgt_unmatched_[y] - 0.5 * m);
    }
    return c;
  }
  // Sorted union of each side's items: the model's precomputed lists, else
  // merge the sentences' sorted runs, alternating between two buffers.
  constexpr int kMax = kMaxMergedItems;
  std::uint32_t bufs[4][kMax];
  auto gather = [&](const std::vector<SentenceFeatures>& side, const Unions& unions, int from, int count,
                    std::uint32_t* x, std::uint32_t* y) -> std::pair<const std::uint32_t*, int> {
    if (count == 1) {
      const auto& items = side[from].items;
      return {items.data(), std::min<int>(static_cast<int>(items.size()), kMax)};
    }
    if (unions.built() && count <= unions.max_k) {
      const std::size_t slot =
          static_cast<std::size_t>(from) * static_cast<std::size_t>(unions.max_k - 1) + static_cast<std::size_t>(count - 2);
      const std::uint32_t begin = unions.offset[slot];
      return {unions.items.data() + begin, static_cast<int>(unions.offset[slot + 1] - begin)};
    }
    int n = 0;
    for (int k = from; k < from + count; ++k) {
      const auto& items = side[k].items;
      int take = std::min<int>(static_cast<int>(items.size()), kMax - n);
      if (take <= 0) continue;
      std::merge(x, x + n, items.begin(), items.begin() + take, y);
      n += take;
      std::swap(x, y);
    }
    return {x, n};
  };
  auto [sbuf, ns] = gather(f_.src, src_unions_, i, a, bufs[0], bufs[1]);
  auto [tbuf, nt] = gather(f_.tgt, tgt_unions_, j, b, bufs[2], bufs[3]);
  double matched = 0;
  int p = 0, q = 0;
  while (p < ns && q < nt) {
    if (sbuf[p] < tbuf[q]) ++p;
    else if (sbuf[p] > tbuf[q]) ++q;
    else {
      matched += match_credit_[kind_of(sbuf[p])];
      ++p;
      ++q;
    }
  }
  return u - matched;
}

double CostModel::cost(int t, int i, int j, double limit) const {
  // Every term is >= 0 (an anchor cost is what the two sides hold minus what
  // matched items credit, each credit no more than its two items hold), so the
  // sum can stop as soon as it reaches `limit`.
  const int a = types_[t].a, b = types_[t].b;
  const bool omission = a == 0 || b == 0;
  double c;
  if (omission) {
    // Types 1 and 2 are 1-0 and 0-1 (see bead_types).
    const double sentences = a * params_.src_unit + b * params_.tgt_unit;
    c = params_.type_cost[a == 0 ? 2 : 1] + params_.omission_cost + params_.omission_extend_cost * (sentences - 1);
  } else {
    c = params_.type_cost[t] * std::min(params_.src_unit, params_.tgt_unit);
    if (c >= limit) return c;
    const double ratio = params_.local_ratio.empty() ? params_.ratio : params_.local_ratio[i];
    double l1 = ratio * (src_cum_[i + a] - src_cum_[i]);
    double l2 = tgt_cum_[j + b] - tgt_cum_[j];
    double mean = 0.5 * (l1 + l2) + 1.0;
    c += length_cost((l2 - l1) * (l2 - l1) / (params_.variance * mean));
  }
  if (c >= limit) return c;
  if (params_.punct_weight > 0) {
    int diff = 0;
    const auto& s1 = src_punct_cum_[i + a];
    const auto& s0 = src_punct_cum_[i];
    const auto& t1 = tgt_punct_cum_[j + b];
    const auto& t0 = tgt_punct_cum_[j];
    for (int p = 0; p < kNumPunct; ++p) diff += std::abs((s1[p] - s0[p]) - (t1[p] - t0[p]));
    c += params_.punct_weight * diff;
  }
  if (src_paras_ && tgt_paras_) {
    int inner = (a > 1 ? src_para_cum_[i + a] - src_para_cum_[i + 1] : 0) +
                (b > 1 ? tgt_para_cum_[j + b] - tgt_para_cum_[j + 1] : 0);
    c += params_.para_inner_weight * inner;
    if (!omission && f_.src[i].para_start != f_.tgt[j].para_start) c += params_.para_edge_weight;
  }
  if (c >= limit) return c;
  if (omission) {
    // Anchors of a sentence without counterpart are unmatched by
    // construction; they count less than unmatched anchors inside a bead,
    // which are evidence that the bead is wrong.
    c += (src_omitted_cum_[i + a] - src_omitted_cum_[i]) + (tgt_omitted_cum_[j + b] - tgt_omitted_cum_[j]);
  } else {
    c += anchor_cost(i, a, j, b);
  }
  return c;
}

}  // namespace muwazi::align
