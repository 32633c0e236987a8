// The sentence aligner: length (Gale–Church, ratio estimated per document)
// plus anchor evidence, searched by banded dynamic programming.
#ifndef MUWAZI_ALIGN_ALIGNER_H_
#define MUWAZI_ALIGN_ALIGNER_H_

#include <string>
#include <unordered_map>
#include <vector>

#include "align/bead.h"

namespace muwazi::align {

// One side of a document pair, already split into sentences.
struct Document {
  std::string lang = "ar";              // BCP-47 primary tag ("ar", "en", "de", ...)
  std::vector<std::string> sentences;   // NFC UTF-8, no newlines
  // paragraph_start[i] is true when sentence i begins a paragraph. Empty
  // means "no paragraph information" (e.g. --presplit input).
  std::vector<bool> paragraph_start;
};

// A bilingual dictionary: source word -> target words (match keys: lowercased,
// Arabic normalized). Filled from --dict files.
using Dictionary = std::unordered_multimap<std::string, std::string>;

struct AlignOptions {
  // Largest number of sentences on one side of a bead. 3 allows 1-3, 3-1,
  // 2-2 ...; 4 adds 1-4, 4-1 (literature, law). Omissions are always allowed.
  int max_bead_side = 4;
  // Estimate the length ratio and variance from the document pair; when
  // false use `fixed_ratio` (the classic Gale–Church setting).
  bool estimate_ratio = true;
  double fixed_ratio = 1.0;
  // Anchor evidence (numbers, punctuation, Latin tokens, names, paragraphs,
  // dictionary). Off = length only.
  bool use_anchors = true;
  // Second pass that learns a word-translation table from the confident
  // beads of the first pass (hunalign's realign).
  bool learn_lexicon = true;
  const Dictionary* dictionary = nullptr;  // not owned; may be null
};

// Aligns two documents. Every sentence of both sides appears in exactly one
// bead, in order; an empty side yields all 1-0 (or 0-1) beads. Each bead
// carries a confidence in [0,1]. Time and memory grow about linearly with
// the number of sentences.
Alignment align_documents(const Document& src, const Document& tgt, const AlignOptions& options);

}  // namespace muwazi::align

#endif  // MUWAZI_ALIGN_ALIGNER_H_
