// One document pair of a batch: read, check, align, and turn into TM units.
// `muwazi tm add` is a batch of one pair, so both store exactly the same.
#ifndef MUWAZI_CORPUS_PAIR_H_
#define MUWAZI_CORPUS_PAIR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "align/aligner.h"
#include "align/parallel.h"
#include "corpus/manifest.h"
#include "tm/tm.h"

namespace muwazi::corpus {

struct PairOptions {
  // Languages when the record names none (BCP-47 tags; the aligner gets the
  // primary subtag).
  std::string src_lang = "ar", tgt_lang = "en";
  // One sentence per line, when the record does not say.
  bool presplit = false;
  // Refuse a pair with no sentence on one side (a crawled pair with an empty
  // side is broken). `tm add` of a pair the user named keeps it (it stores
  // nothing).
  bool refuse_empty_side = true;
  align::AlignOptions align;  // the dictionary it points to must outlive the batch
  // Smallest bead confidence stored as a unit (or written as a Moses line).
  double min_score = 0.5;
  // A pair whose parallel score (align/parallel.h) is below this is not a
  // translation (a wrong document pairing): it is refused as a failed pair
  // with the reason, and nothing of it is stored or written. 0 keeps every
  // pair. The default is measured by scripts/parallel_eval.py (BENCHMARKS.md).
  double min_pair_score = kDefaultMinPairScore;
  static constexpr double kDefaultMinPairScore = 0.55;
};

// A pair's texts, read and checked.
struct PairTexts {
  std::string src_name, tgt_name;  // file names, or "MANIFEST:LINE src" for inline texts
  std::string src_sha256, tgt_sha256;  // of the bytes as read (hex)
  std::string src_lang, tgt_lang;      // as given (tags)
  bool presplit = false;
  std::string src_clean, tgt_clean;    // clean NFC text (text/input.h)
};

// Reads the files (or takes the inline texts) of `spec`, rejects invalid
// UTF-8 and binary data (text::clean_text), checks the language tags and
// hashes the bytes. Throws Error::Io / Error::Input naming the file (or the
// manifest line), Error::Usage never.
PairTexts read_pair(const PairSpec& spec, const PairOptions& options);

struct AlignedPair {
  align::Document src, tgt;
  align::Alignment beads;
  align::PairVerdict verdict;  // is it a translation at all
};

// Splits both texts into sentences and aligns them. Throws Error::Input for
// an empty side when options.refuse_empty_side, and for a pair whose
// parallel score is below options.min_pair_score (the message names both
// files and gives the verdict's reason).
AlignedPair align_pair(const PairTexts& texts, const PairOptions& options);

// What of a pair goes into the TM.
struct PairUnits {
  tm::Provenance provenance;
  std::vector<tm::PreparedUnit> units;  // keys computed (the CPU-heavy part of an insert)
  std::int64_t below_min_score = 0;     // beads with both sides, confidence < min_score
  std::int64_t omissions = 0;           // beads with one side empty
};

// Every bead with sentences on both sides and a confidence >= min_score is
// one unit: the sentences of a side joined by a space, with the bead's index,
// sentence ids, shape ("2-1") and score; provenance kind "docpair" with both
// names and hashes, the pair id and the URLs.
PairUnits units_of(const PairSpec& spec, const PairTexts& texts, const AlignedPair& pair, double min_score);

}  // namespace muwazi::corpus

#endif  // MUWAZI_CORPUS_PAIR_H_
