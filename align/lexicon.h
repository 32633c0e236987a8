// Learning a word-translation table from a first alignment (hunalign's
// realign, Moore 2002): words that co-occur in aligned beads far more than
// chance, linked one-to-one by competitive linking (Melamed 2000).
#ifndef MUWAZI_ALIGN_LEXICON_H_
#define MUWAZI_ALIGN_LEXICON_H_

#include "align/bead.h"
#include "align/features.h"

namespace muwazi::align {

struct LexiconOptions {
  int min_cooccurrence = 3;     // a pair must co-occur in at least this many beads
  double min_dice = 0.5;        // Dice coefficient 2c(s,t)/(c(s)+c(t))
  double max_doc_fraction = 0.2;  // words in more beads than this are function words
  std::size_t max_beads = 3000;   // beyond this, learn from an even sample
};

// Pairs learned from the beads (only beads with both sides non-empty).
WordPairs learn_lexicon(const SentenceWords& words, const Alignment& beads, const LexiconOptions& options);

}  // namespace muwazi::align

#endif  // MUWAZI_ALIGN_LEXICON_H_
