// Alignment evaluation: strict and lax precision, recall and F1 of Sennrich
// & Volk (2011), exactly as ../shared/tools/score.py computes them, plus the
// diagnostics a benchmark report needs (recall per gold bead shape, error
// kinds).
//
// The metric (score.py's conventions, kept bit for bit):
//  * Precision is over the distinct test beads that are non-empty on at
//    least one side. A test bead is a strict TP if it occurs exactly in the
//    gold alignment; otherwise a lax TP if one of its source ids lies in a
//    gold bead that also contains one of its target ids.
//  * Recall is the same with gold and test swapped, after removing from both
//    every bead with an empty side (insertions and deletions).
//  * Counts are summed over all documents before dividing; F1 = 2PR/(P+R);
//    any 0/0 is 0.
#ifndef MUWAZI_EVALUATION_EVAL_H_
#define MUWAZI_EVALUATION_EVAL_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "align/bead.h"

namespace muwazi::evaluation {

// True positives of one direction (precision or recall) and the number of
// distinct hypothesis beads they are out of.
struct MatchCounts {
  long strict_tp = 0;
  long lax_tp = 0;
  long n = 0;
};

// Everything the metric needs, summable over documents.
struct EvalCounts {
  MatchCounts precision;
  MatchCounts recall;
  long docs = 0;
  long gold_beads = 0;  // gold beads non-empty on some side (duplicates counted)
  long test_beads = 0;  // same for the test alignment

  void add(const EvalCounts& other);
};

struct Prf {
  double p = 0;
  double r = 0;
  double f1 = 0;
};

struct EvalResult {
  EvalCounts counts;
  Prf strict;
  Prf lax;
};

// Counts for one document pair (docs = 1).
EvalCounts count_document(const align::Alignment& gold, const align::Alignment& test);

// P/R/F1 from summed counts.
EvalResult score_counts(const EvalCounts& counts);

// Scores parallel lists of documents (score.py's score_documents). Throws
// Error::Usage when the lists differ in length.
EvalResult score_documents(const std::vector<align::Alignment>& golds, const std::vector<align::Alignment>& tests);

// score.py's table:
//   docs=3 gold_beads=40 test_beads=41
//             strict    lax
//   P         0.9500    0.9750
//   R         ...
//   F1        ...
// (no trailing newline).
std::string format_table(const EvalResult& result);

// score.py --json keys ("strict", "lax" with "p", "r", "f1"; "docs",
// "gold_beads") plus "test_beads" and the raw "counts" (score.py's layout).
nlohmann::json to_json(const EvalResult& result);

// ---------------------------------------------------------------------------
// Diagnostics. They look at each gold bead (non-empty on some side) and ask
// whether the test reproduced it exactly; when not, which kind of error the
// test made around it.

// "1-2": number of source and target sentences of a bead.
using BeadShape = std::pair<int, int>;
std::string shape_name(const BeadShape& shape);
BeadShape shape_of(const align::Bead& bead);

struct ShapeRecall {
  long gold = 0;    // gold beads of this shape
  long strict = 0;  // found exactly in the test alignment
  // Found laxly: for beads with both sides non-empty, recall's lax criterion
  // (a test bead without an empty side links one of its source ids with one
  // of its target ids); for omissions (0-1, 1-0) the same as strict.
  long lax = 0;
};

// Kinds of error, each counted once per gold bead the test missed. With O =
// the test beads sharing a sentence with gold bead G:
//   kMissedOmission  G has an empty side (an untranslated sentence) but the
//                    test aligned that sentence with something;
//   kFalseOmission   G aligns both sides but the test left one of its
//                    sentences unaligned (a 1-0 / 0-1 bead in O);
//   kSplit           every bead of O lies inside G: the test split where gold
//                    merges;
//   kMerge           O is one bead that contains G and more: the test merged
//                    where gold splits;
//   kShifted         anything else (boundaries moved across G's edges);
//   kUnaligned       no test bead mentions G's sentences (the test does not
//                    cover the document).
enum class BeadErrorKind { kMissedOmission, kFalseOmission, kSplit, kMerge, kShifted, kUnaligned };
std::string error_kind_name(BeadErrorKind kind);  // "split (gold merges)", ...
std::string error_kind_key(BeadErrorKind kind);   // "split", "merge", ... for JSON

// Omission locality (issue 13): does a deletion stay local? Over the gold
// beads in their order: the omissions ([i]:[] or []:[j]) and how many the
// test reproduced exactly (left the sentence unaligned), and the gold beads
// with both sides non-empty directly before or after an omission and how many
// the test reproduced exactly. scripts/omission_locality.py counts the same:
// its "left unaligned by the aligner" and its distance-1 misses.
struct OmissionLocality {
  long omissions = 0;
  long omissions_found = 0;
  long neighbours = 0;
  long neighbours_found = 0;
};

struct Diagnostics {
  std::map<BeadShape, ShapeRecall> by_shape;
  OmissionLocality omissions;
  std::map<BeadErrorKind, long> errors;
  // "split: gold 2-1 -> test 1-1 + 1-0" -> number of gold beads.
  std::map<std::string, long> error_details;

  void add(const Diagnostics& other);
  long total_errors() const;
};

Diagnostics diagnose_document(const align::Alignment& gold, const align::Alignment& test);

// Shapes in report order: 1-1 first, then by total size, source size.
std::vector<BeadShape> ordered_shapes(const Diagnostics& d);
// Error details, most frequent first (ties by name), at most `limit`.
std::vector<std::pair<std::string, long>> top_error_details(const Diagnostics& d, std::size_t limit);

// {"shapes": {"1-1": {"gold":..,"strict":..,"lax":..,"recall_strict":..,
//  "recall_lax":..}, ...}, "errors": {"split": n, ...}, "error_details":
//  [{"kind":"split: gold 2-1 -> test 1-1 + 1-0","count":n}, ...]}
nlohmann::json to_json(const Diagnostics& d, std::size_t detail_limit = 20);

// Human-readable lines for `muwazi eval --details` (no trailing newline).
std::string format_diagnostics(const Diagnostics& d, std::size_t detail_limit = 10);

}  // namespace muwazi::evaluation

#endif  // MUWAZI_EVALUATION_EVAL_H_
