// The cost of a bead: -log of how likely it is, from length (Gale–Church
// with a per-document ratio and variance), the bead type prior, anchors,
// punctuation and paragraph boundaries. Lower is better.
#ifndef MUWAZI_ALIGN_COST_H_
#define MUWAZI_ALIGN_COST_H_

#include <array>
#include <vector>

#include "align/features.h"

namespace muwazi::align {

struct BeadType {
  int a;  // source sentences
  int b;  // target sentences
};

// Bead types allowed for a maximum bead side (>= 1): 1-1, 1-0, 0-1 (always
// at indices 0, 1, 2), then 1-k, k-1, 2-2, 2-3, 3-2 and runs of omissions
// 0-k, k-0 up to the maximum.
std::vector<BeadType> bead_types(int max_bead_side);

struct CostParams {
  double ratio = 1.0;     // expected target length / source length
  double variance = 6.8;  // variance of the length difference per unit of length
  double tail_weight = 0;  // weight of the wide component of the length model
  double tail_scale = 3;   // its standard deviation, in units of the main one
  std::vector<double> type_cost;  // -log prior, one per bead type
  std::array<double, kNumAnchorKinds> anchor_weight{};  // cost per unmatched item
  double punct_weight = 0;       // cost per unit of punctuation-count difference
  double para_inner_weight = 0;  // cost per paragraph start inside a bead
  double para_edge_weight = 0;   // cost when one side starts a paragraph and the other not
  double omission_cost = 0;      // added to the prior of 0-1 and 1-0 beads
  double omission_extend_cost = 1;  // per extra sentence of a k-0 or 0-k run
  double omission_anchor_factor = 1;  // scales the anchor cost of 0-1 and 1-0 beads
};

// Default priors (Gale–Church's, extended to larger beads) as -log p.
std::vector<double> default_type_costs(const std::vector<BeadType>& types);

class CostModel {
 public:
  // REQUIRES: params.type_cost.size() == types.size(); features outlive this.
  CostModel(const DocumentFeatures& features, const std::vector<BeadType>& types, const CostParams& params);

  // Cost of the bead of type `t` covering source [i, i+a) and target [j, j+b).
  double cost(int t, int i, int j) const;

  // Length part only (used to estimate parameters).
  const CostParams& params() const { return params_; }
  const std::vector<BeadType>& types() const { return types_; }
  int n_src() const { return static_cast<int>(f_.src.size()); }
  int n_tgt() const { return static_cast<int>(f_.tgt.size()); }

 private:
  double anchor_cost(int i, int a, int j, int b) const;
  double length_cost(double d) const;

  const DocumentFeatures& f_;
  std::vector<BeadType> types_;
  CostParams params_;
  std::vector<double> src_cum_, tgt_cum_;      // prefix sums of lengths
  std::vector<double> src_unmatched_, tgt_unmatched_;  // per sentence: sum of item weights
  bool src_paras_ = false, tgt_paras_ = false;
};

}  // namespace muwazi::align

#endif  // MUWAZI_ALIGN_COST_H_
