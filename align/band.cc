#include "align/band.h"

#include <algorithm>
#include <cmath>

namespace muwazi::align {

long Band::cells() const {
  long c = 0;
  for (std::size_t i = 0; i < lo.size(); ++i) c += hi[i] - lo[i] + 1;
  return c;
}

Band full_band(int n, int m) {
  Band b;
  b.lo.assign(n + 1, 0);
  b.hi.assign(n + 1, m);
  return b;
}

Band band_around(const std::vector<std::pair<int, int>>& path, int n, int m, int w) {
  Band b;
  b.lo.assign(n + 1, m);
  b.hi.assign(n + 1, 0);
  // Every path point widens its row; rows between points get the
  // interpolated centre.
  for (std::size_t k = 0; k + 1 < path.size(); ++k) {
    auto [i0, j0] = path[k];
    auto [i1, j1] = path[k + 1];
    for (int i = i0; i <= i1; ++i) {
      double t = i1 == i0 ? 0.0 : double(i - i0) / (i1 - i0);
      int jlo = std::min(j0, j1), jhi = std::max(j0, j1);
      if (i1 != i0) jlo = jhi = static_cast<int>(std::lround(j0 + t * (j1 - j0)));
      if (i == i0) jlo = std::min(jlo, j0), jhi = std::max(jhi, j0);
      if (i == i1) jlo = std::min(jlo, j1), jhi = std::max(jhi, j1);
      b.lo[i] = std::min(b.lo[i], std::max(0, jlo - w));
      b.hi[i] = std::max(b.hi[i], std::min(m, jhi + w));
    }
  }
  if (path.empty()) return full_band(n, m);
  // Monotone and anchored at the corners.
  b.lo[0] = 0;
  b.hi[n] = m;
  for (int i = 1; i <= n; ++i) b.lo[i] = std::max(b.lo[i], b.lo[i - 1]);
  for (int i = n - 1; i >= 0; --i) b.hi[i] = std::min(b.hi[i], b.hi[i + 1]);
  for (int i = 0; i <= n; ++i) {
    if (b.lo[i] > b.hi[i]) std::swap(b.lo[i], b.hi[i]);
  }
  for (int i = 1; i <= n; ++i) b.lo[i] = std::max(b.lo[i], b.lo[i - 1]);
  for (int i = n - 1; i >= 0; --i) b.hi[i] = std::min(b.hi[i], b.hi[i + 1]);
  // Rows must connect: each row must reach the previous row's range.
  for (int i = 1; i <= n; ++i) b.lo[i] = std::min(b.lo[i], b.hi[i - 1]);
  for (int i = 0; i < n; ++i) b.hi[i] = std::max(b.hi[i], b.lo[i + 1]);
  return b;
}

}  // namespace muwazi::align
