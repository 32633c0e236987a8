// A bead: a minimal group of source sentences aligned with a group of target
// sentences. Ids are 0-based sentence indices into each side. In an
// alignment, every sentence of both sides appears in exactly one bead, in
// order; empty `src` or `tgt` is an omission (0-1 / 1-0).
#ifndef MUWAZI_ALIGN_BEAD_H_
#define MUWAZI_ALIGN_BEAD_H_

#include <vector>

namespace muwazi::align {

struct Bead {
  std::vector<int> src;
  std::vector<int> tgt;
  double score = -1;  // confidence in [0,1]; < 0 when unknown (gold files)

  bool operator==(const Bead& o) const { return src == o.src && tgt == o.tgt; }
};

using Alignment = std::vector<Bead>;

}  // namespace muwazi::align

#endif  // MUWAZI_ALIGN_BEAD_H_
