#include "align/search.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace muwazi::align {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

// Offsets of each row in a flat array of band cells.
std::vector<long> row_offsets(const Band& band) {
  std::vector<long> off(band.lo.size() + 1, 0);
  for (std::size_t i = 0; i < band.lo.size(); ++i) off[i + 1] = off[i] + (band.hi[i] - band.lo[i] + 1);
  return off;
}

}  // namespace

SearchResult viterbi(CostModel& model, const Band& band) {
  model.prepare(band);
  const int n = model.n_src(), m = model.n_tgt();
  const auto& types = model.types();
  const int nt = static_cast<int>(types.size());
  std::vector<long> off = row_offsets(band);
  std::vector<double> d(off.back(), kInf);
  // Type indices: bead_types() of a large max side has more than 127.
  std::vector<std::int16_t> back(off.back(), -1);
  auto at = [&](int i, int j) -> long {
    if (i < 0 || j < band.lo[i] || j > band.hi[i]) return -1;
    return off[i] + (j - band.lo[i]);
  };
  d[at(0, 0)] = 0;
  for (int i = 0; i <= n; ++i) {
    for (int j = band.lo[i]; j <= band.hi[i]; ++j) {
      long cell = at(i, j);
      if (i == 0 && j == 0) continue;
      double best = kInf;
      int best_t = -1;
      for (int t = 0; t < nt; ++t) {
        int pi = i - types[t].a, pj = j - types[t].b;
        if (pi < 0 || pj < 0) continue;
        long prev = at(pi, pj);
        if (prev < 0 || d[prev] == kInf) continue;
        double c = d[prev] + model.cost(t, pi, pj, best - d[prev]);
        if (c < best) {
          best = c;
          best_t = t;
        }
      }
      d[cell] = best;
      back[cell] = static_cast<std::int16_t>(best_t);
    }
  }
  SearchResult r;
  r.cost = d[at(n, m)];
  int i = n, j = m;
  bool prev_on_edge = false;
  r.path.emplace_back(i, j);
  while (i > 0 || j > 0) {
    long cell = at(i, j);
    const int t = back[cell];  // NOLINT(bugprone-signed-char-misuse): a number, -1 = none
    if (t < 0) break;  // cannot happen: the band always connects (0,0) to (n,m)
    // The path leans on the band when two consecutive boundaries lie on its
    // edge (one alone is often just where the band narrows).
    bool on_edge = (j == band.lo[i] && band.lo[i] > 0) || (j == band.hi[i] && band.hi[i] < m);
    if (on_edge && prev_on_edge) r.touched_edge = true;
    prev_on_edge = on_edge;
    int a = types[t].a, b = types[t].b;
    Bead bead;
    for (int k = i - a; k < i; ++k) bead.src.push_back(k);
    for (int k = j - b; k < j; ++k) bead.tgt.push_back(k);
    r.beads.push_back(std::move(bead));
    r.bead_type.push_back(t);
    i -= a;
    j -= b;
    r.path.emplace_back(i, j);
  }
  std::reverse(r.beads.begin(), r.beads.end());
  std::reverse(r.bead_type.begin(), r.bead_type.end());
  std::reverse(r.path.begin(), r.path.end());
  return r;
}

std::vector<double> bead_posteriors(CostModel& model, const SearchResult& result, int w,
                                    double temperature) {
  const int n = model.n_src(), m = model.n_tgt();
  const auto& types = model.types();
  const int nt = static_cast<int>(types.size());
  Band band = band_around(result.path, n, m, w);
  model.prepare(band);
  std::vector<long> off = row_offsets(band);
  auto at = [&](int i, int j) -> long {
    if (i < 0 || i > n || j < band.lo[i] || j > band.hi[i]) return -1;
    return off[i] + (j - band.lo[i]);
  };
  const double inv_t = 1.0 / temperature;
  // Bead log-scores are cached per (cell, type) for the backward pass.
  std::vector<float> score(static_cast<std::size_t>(off.back()) * nt, -INFINITY);
  std::vector<double> fwd(off.back(), -kInf), bwd(off.back(), -kInf);
  // Both passes gather a cell's terms and add them in one log-sum-exp (one
  // log per cell, not one log1p per term: those were a tenth of a short
  // document's alignment time).
  std::vector<double> terms(static_cast<std::size_t>(nt) + 1);
  auto log_sum = [&terms](int count, double top) {
    if (count == 0 || top == -kInf) return -kInf;
    double sum = 0;
    for (int k = 0; k < count; ++k) sum += std::exp(terms[k] - top);
    return top + std::log(sum);
  };
  for (int i = 0; i <= n; ++i) {
    for (int j = band.lo[i]; j <= band.hi[i]; ++j) {
      long cell = at(i, j);
      int count = 0;
      double top = -kInf;
      if (i == 0 && j == 0) {
        terms[count++] = 0.0;
        top = 0.0;
      }
      for (int t = 0; t < nt; ++t) {
        int pi = i - types[t].a, pj = j - types[t].b;
        if (pi < 0 || pj < 0) continue;
        long prev = at(pi, pj);
        if (prev < 0 || fwd[prev] == -kInf) continue;
        double s = -model.cost(t, pi, pj) * inv_t;
        score[static_cast<std::size_t>(cell) * nt + t] = static_cast<float>(s);
        const double v = fwd[prev] + s;
        terms[count++] = v;
        top = std::max(top, v);
      }
      fwd[cell] = log_sum(count, top);
    }
  }
  // Backward: a cell's value gathers the beads that start at it (ending at
  // cells further on, already done in this order).
  bwd[at(n, m)] = 0;
  for (int i = n; i >= 0; --i) {
    for (int j = band.hi[i]; j >= band.lo[i]; --j) {
      long cell = at(i, j);
      if (i == n && j == m) continue;
      int count = 0;
      double top = -kInf;
      for (int t = 0; t < nt; ++t) {
        long next = at(i + types[t].a, j + types[t].b);
        if (next < 0 || bwd[next] == -kInf) continue;
        float s = score[static_cast<std::size_t>(next) * nt + t];
        if (s == -INFINITY) continue;
        const double v = bwd[next] + s;
        terms[count++] = v;
        top = std::max(top, v);
      }
      bwd[cell] = log_sum(count, top);
    }
  }
  const double z = fwd[at(n, m)];
  std::vector<double> post;
  post.reserve(result.beads.size());
  for (std::size_t k = 0; k < result.beads.size(); ++k) {
    auto [i0, j0] = result.path[k];
    auto [i1, j1] = result.path[k + 1];
    long c0 = at(i0, j0), c1 = at(i1, j1);
    int t = result.bead_type[k];
    double s = score[static_cast<std::size_t>(c1) * nt + t];
    double p = std::exp(fwd[c0] + s + bwd[c1] - z);
    post.push_back(std::clamp(p, 0.0, 1.0));
  }
  return post;
}

}  // namespace muwazi::align
