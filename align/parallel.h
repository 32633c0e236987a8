// Is a document pair a translation at all? A per-pair verdict computed from
// an alignment and the anchor features of the pair: a crawler's document
// pairing is wrong for a few percent of pairs, and the aligner always finds
// some path, so the batch engine needs to refuse such pairs rather than store
// their beads.
#ifndef MUWAZI_ALIGN_PARALLEL_H_
#define MUWAZI_ALIGN_PARALLEL_H_

#include <string>

#include "align/bead.h"
#include "align/features.h"

namespace muwazi::align {

struct PairVerdict {
  // In [0, 1]: high for a translation, near 0 for two unrelated texts.
  double score = 0;
  // Share of the text (length units, both sides) in beads with sentences on
  // both sides and a confidence >= 0.5.
  double coverage = 0;
  // Anchor items (numbers, Latin tokens, names, cognates, dictionary words)
  // counted on the sides where they are evidence: the share matched inside
  // their bead (`anchor_match`) and, as chance, inside a bead some places
  // further on (`anchor_chance`); `anchors` is how many were counted.
  double anchor_match = 0, anchor_chance = 0;
  double anchors = 0;
  // Anchor items of both sides that are evidence, before keeping only those
  // with a possible partner: a translation matches most of them in its
  // beads, an unrelated text few (`anchor_recall`, matched / evidence).
  double evidence = 0, anchor_recall = 0;
  // Anchor matches beyond chance per sentence of the pair.
  double excess_per_sentence = 0;
  // Share of the anchor items with a possible partner anywhere in the pair
  // (both sides, all sentences) that are matched inside their bead: a
  // shuffled translation keeps its partners, but not in the same beads.
  double anchor_precision = 0;
  // Length agreement of the aligned beads: the mean, over aligned text, of
  // exp(-z^2/2) for the standardized length difference z of each bead.
  double length_fit = 0;
  // Rare anchor pairs: items found once on each side, whatever the
  // alignment. In a translation both ends sit at the same relative place of
  // their documents (in length units); in a shuffled or unrelated pair they
  // scatter. `rare_deviation` is the mean distance, as a share of the
  // document, between the two ends (1/3 for ends placed at random);
  // `rare_placement` the probability, from even odds, that they are placed
  // as in a translation (1/2 without rare pairs).
  double rare_pairs = 0, rare_deviation = 0, rare_placement = 0;
  // One line saying why (the numbers above, in words).
  std::string reason;
};

// Judges an alignment `a` of the pair that `x` extracted features from;
// `f` are its features without a learned lexicon (x.build(nullptr)): a
// lexicon learned from the alignment matches inside its beads by
// construction.
PairVerdict judge_pair(const FeatureExtractor& x, const DocumentFeatures& f, const Alignment& a);

// The verdict for a pair with an empty side.
PairVerdict empty_side_verdict();

}  // namespace muwazi::align

#endif  // MUWAZI_ALIGN_PARALLEL_H_
