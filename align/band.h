// The band of the search: which target boundaries each source boundary may
// be aligned with.
#ifndef MUWAZI_ALIGN_BAND_H_
#define MUWAZI_ALIGN_BAND_H_

#include <utility>
#include <vector>

namespace muwazi::align {

// For each source boundary i in [0, n], the allowed target boundaries
// [lo[i], hi[i]]. Invariants: lo and hi non-decreasing, lo[0] = 0, hi[n] = m,
// lo[i] <= hi[i].
struct Band {
  std::vector<int> lo, hi;
  long cells() const;
};

// The full table (for small documents).
Band full_band(int n, int m);
// A band of half-width `w` around a path given as boundary points
// (i, j) pairs from (0,0) to (n,m); between points the centre is
// interpolated linearly.
Band band_around(const std::vector<std::pair<int, int>>& path, int n, int m, int w);

}  // namespace muwazi::align

#endif  // MUWAZI_ALIGN_BAND_H_
