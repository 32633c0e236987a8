// Bead search: dynamic programming over bead types restricted to a band of
// target positions per source position, so that work and memory grow with
// n * band width instead of n * m.
#ifndef MUWAZI_ALIGN_SEARCH_H_
#define MUWAZI_ALIGN_SEARCH_H_

#include <vector>

#include "align/bead.h"
#include "align/band.h"
#include "align/cost.h"

namespace muwazi::align {

struct SearchResult {
  Alignment beads;                          // scores unset
  std::vector<int> bead_type;               // index into the cost model's types
  std::vector<std::pair<int, int>> path;    // boundary points, (0,0) .. (n,m)
  double cost = 0;
  bool touched_edge = false;  // the path runs along the band's edge somewhere
};

// Best alignment inside the band.
// Prepares `model` for the band (CostModel::prepare).
SearchResult viterbi(CostModel& model, const Band& band);

// Posterior probability of each bead of `result` under the model (costs as
// -log probabilities, scaled by 1/temperature), by forward-backward over a
// band of half-width `w` around the result's path.
std::vector<double> bead_posteriors(CostModel& model, const SearchResult& result, int w,
                                    double temperature);

}  // namespace muwazi::align

#endif  // MUWAZI_ALIGN_SEARCH_H_
