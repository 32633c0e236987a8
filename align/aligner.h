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

// The cost model's constants. The defaults were chosen once on the ar-en dev
// data of all five sources together and the de-fr dev document (never per
// file); per-document quantities (length ratio, variance, bead priors) are
// estimated from each pair itself. Exposed for ablations and experiments
// (`muwazi align --model key=value,...`); users need not touch them.
struct ModelParams {
  double first_pass_variance = 6.8;  // Gale & Church's variance, before estimation
  double tail_weight = 0.2;   // weight of the wide component of the length model (passes 2+)
  double tail_scale = 4.0;    // its width, in standard deviations of the main one
  double prior_strength = 20; // Dirichlet pseudo-count when re-estimating bead priors
  // Taken off each bead type's count on the first pass's path before the
  // priors are re-estimated (and 1 off the number of beads when > 0): 1 is
  // leave-one-out estimation. Off by default: on the dev data (`muwazi
  // bench align`, strict F1) 1 raises literature dev 0.705 -> 0.816, TED
  // dev/hard 0.956 -> 0.966 and law dev/hard 0.982 -> 1.000, but lowers
  // de-fr 0.882 -> 0.876 and Quran dev/hard 0.807 -> 0.796.
  double prior_discount = 0;
  // Extra cost of opening a run of omissions in the first pass, before the
  // bead priors are estimated on the pair (later passes use the estimated
  // 1-0 and 0-1 priors alone).
  double omission_cost = 2.0;
  double omission_extend_cost = 2.0;  // per further sentence of that run
  double omission_anchor_factor = 0.25;  // anchors of omitted sentences count this much
  // Cost of one unmatched anchor item, by kind.
  double number_weight = 2.0;
  double verbatim_weight = 3.0;
  double name_weight = 2.0;
  double cognate_weight = 0.5;
  double lexicon_weight = 1.0;
  double punct_weight = 0.7;        // per unit of punctuation-count difference
  double para_inner_weight = 3.0;   // per paragraph start inside a bead
  double para_edge_weight = 1.0;    // one side starts a paragraph, the other not
  // The lexicon's weight is calibrated on the pair itself (how often its
  // items match inside beads vs by chance), times this scale; 0 keeps
  // lexicon_weight.
  double lexicon_calibration = 0.3;
  // Lexicon learning (second pass).
  int lexicon_min_count = 3;
  double lexicon_min_dice = 0.5;
  double lexicon_max_fraction = 0.2;
  // Confidence scores: posterior probabilities at this temperature.
  double temperature = 1.0;
};

// Sets one ModelParams field by name ("lexicon_weight=1.5"). Returns false
// for an unknown name. Used by the CLI's --model flag.
bool set_model_param(ModelParams& params, const std::string& name, double value);

struct AlignOptions {
  // Largest number of sentences on one side of a bead. 3 allows 1-3, 3-1,
  // 2-2 ...; 4 adds 1-4, 4-1 (literature, law). Omissions are always allowed.
  // 0 = automatic: 3 x the ratio of the sentence counts, between 4 and 8
  // (a translation with twice as many sentences needs 1-6 beads and more).
  // Values above 32 are treated as 32.
  int max_bead_side = 0;
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
  // Re-align stretches where many beads have low confidence (a part of a
  // long document that the document-wide model fits badly: another length
  // ratio, other bead shapes, a long omission) as a document pair of their
  // own, with the model estimated on the stretch; the result replaces the
  // stretch when its mean confidence per sentence is at least 0.1 higher.
  // Costs nothing on documents without such stretches (short ones never
  // have one: a stretch needs 80 sentences).
  bool realign_weak_stretches = true;
  const Dictionary* dictionary = nullptr;  // not owned; may be null
  ModelParams model;
};

// Aligns two documents. Every sentence of both sides appears in exactly one
// bead, in order; an empty side yields all 1-0 (or 0-1) beads. Each bead
// carries a confidence in [0,1]. Time and memory grow about linearly with
// the number of sentences.
Alignment align_documents(const Document& src, const Document& tgt, const AlignOptions& options);

// The same, and when `verdict` is not null, whether the pair is a
// translation at all (align/parallel.h: a score in [0, 1] and a reason),
// judged on the alignment with the anchor features already extracted.
struct PairVerdict;
Alignment align_documents(const Document& src, const Document& tgt, const AlignOptions& options,
                          PairVerdict* verdict);

}  // namespace muwazi::align

#endif  // MUWAZI_ALIGN_ALIGNER_H_
