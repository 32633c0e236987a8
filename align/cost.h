// The cost of a bead: -log of how likely it is, from length (Gale–Church
// with a per-document ratio and variance), the bead type prior, anchors,
// punctuation and paragraph boundaries. Lower is better.
#ifndef MUWAZI_ALIGN_COST_H_
#define MUWAZI_ALIGN_COST_H_

#include <array>
#include <limits>
#include <memory>
#include <vector>

#include "align/features.h"
#include "align/band.h"

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
  // Optional local ratio per source sentence (long documents whose genre or
  // translator changes along the way); empty = `ratio` everywhere.
  std::vector<double> local_ratio;
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
  // Per-kind factor instead, when calibrated from an alignment (see
  // calibrate_anchors); negative = use omission_anchor_factor.
  std::array<double, kNumAnchorKinds> omission_factor{-1, -1, -1, -1, -1};
  // Sentences per unit on each side: 1, or the block sizes when the
  // "sentences" are blocks of a coarse pass, so that a coarse bead costs
  // about what its fine beads would: priors scale with the smaller block
  // (about the number of fine beads in a coarse 1-1 bead), an omitted block
  // extends its run by the sentences it holds.
  double src_unit = 1;
  double tgt_unit = 1;
  // Count anchor matches pairwise even where anchors repeat inside a bead
  // (cheaper, slightly favours merges; good enough for a coarse pass).
  bool approximate_anchors = false;
};

// Default priors (Gale–Church's, extended to larger beads) as -log p.
std::vector<double> default_type_costs(const std::vector<BeadType>& types);

class CostModel {
 public:
  // REQUIRES: params.type_cost.size() == types.size(); features outlive this.
  CostModel(const DocumentFeatures& features, const std::vector<BeadType>& types, const CostParams& params);

  // Precomputes the anchor matches of the sentence pairs that beads inside
  // `band` can contain. REQUIRES: called before cost() for beads of that band.
  void prepare(const Band& band);

  // Cost of the bead of type `t` covering source [i, i+a) and target [j, j+b).
  // With a `limit`, the result is exact when below it and otherwise some
  // value >= limit (the computation stops early).
  // REQUIRES: prepare() with a band containing (i, j) and (i+a, j+b).
  double cost(int t, int i, int j, double limit = std::numeric_limits<double>::infinity()) const;

  // Length part only (used to estimate parameters).
  const CostParams& params() const { return params_; }
  const std::vector<BeadType>& types() const { return types_; }
  int n_src() const { return static_cast<int>(f_.src.size()); }
  int n_tgt() const { return static_cast<int>(f_.tgt.size()); }

 private:
  double anchor_cost(int i, int a, int j, int b) const;
  double length_cost(double d2) const;  // of the squared standardized difference
  double exact_length_cost(double d2) const;
  static constexpr int kLengthTableSize = 4096;
  static constexpr double kLengthTableStep = 16.0;  // entries per unit of d^2
  // exact_length_cost() tabulated; it depends only on tail_weight and
  // tail_scale, so the table is shared by every model with the same two
  // (built once per thread, not once per pass of every document).
  std::shared_ptr<const std::vector<double>> length_table_;
  const double* table_ = nullptr;  // length_table_->data()
  // Bit d-1 of dups[x]: sentence x shares an anchor with sentence x+d.
  std::vector<std::uint8_t> src_dups_, tgt_dups_;
  // The sorted union of the items of sentences [x, x+k), for k from 2 to a
  // side's largest bead (what anchor_cost() merges where anchors repeat):
  // built once per model instead of once per bead, for every bead type and
  // target position. Empty when the lists would pass kMaxUnionItems.
  struct Unions {
    int max_k = 1;
    std::vector<std::uint32_t> offset;  // slot x * (max_k - 1) + (k - 2); one more at the end
    std::vector<std::uint32_t> items;
    bool built() const { return !offset.empty(); }
  };
  static constexpr int kMaxMergedItems = 512;  // a bead side's union is cut there
  static constexpr std::size_t kMaxUnionItems = std::size_t{1} << 23;  // 32 MiB a side
  static Unions build_unions(const std::vector<SentenceFeatures>& side, int max_k);
  Unions src_unions_, tgt_unions_;

  const DocumentFeatures& f_;
  std::vector<BeadType> types_;
  CostParams params_;
  std::vector<double> src_cum_, tgt_cum_;      // prefix sums of lengths
  std::vector<double> src_unmatched_, tgt_unmatched_;  // per sentence: sum of item weights
  std::vector<double> src_unmatched_cum_, tgt_unmatched_cum_;  // their prefix sums
  std::vector<double> src_omitted_cum_, tgt_omitted_cum_;  // prefix sums of the cost as omitted
  // Prefix sums per punctuation class and of paragraph starts.
  std::vector<std::array<int, kNumPunct>> src_punct_cum_, tgt_punct_cum_;
  std::vector<int> src_para_cum_, tgt_para_cum_;
  bool src_paras_ = false, tgt_paras_ = false;
  // Unmatched-item cost per kind on each side; a match credits both.
  std::array<double, kNumAnchorKinds> src_weight_{}, tgt_weight_{}, match_credit_{};
  // Credit of the anchor matches of source sentence i with target sentence j, for
  // j in [match_lo_[i], match_lo_[i] + width): match_[match_off_[i] + j - lo].
  std::vector<int> match_lo_, match_hi_;
  std::vector<long> match_off_;
  std::vector<double> match_;
  double pair_match(int i, int j) const {
    return (j < match_lo_[i] || j >= match_hi_[i]) ? 0.0 : match_[match_off_[i] + (j - match_lo_[i])];
  }
};

}  // namespace muwazi::align

#endif  // MUWAZI_ALIGN_COST_H_
