// Bead text: reading and writing alignments.
//
// The bead format is the one of ../shared/tools/score.py (and hunalign /
// vecalign): one bead per line, "[src ids]:[tgt ids]" with an optional
// ":score", 0-based ids, e.g.
//
//   [0]:[0]:0.97
//   [1, 2]:[1]
//   []:[2]
//
// Blank lines and lines starting with '#' are ignored; whitespace around
// brackets, ids, commas and colons is tolerated. parse_beads() accepts
// exactly what score.py accepts (same regular expression, same id rules,
// same line splitting), so a file that scores there parses here.
#ifndef MUWAZI_ALIGN_BEADS_IO_H_
#define MUWAZI_ALIGN_BEADS_IO_H_

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "align/aligner.h"
#include "align/bead.h"

namespace muwazi::align {

// Parses bead text. `name` is used in error messages ("NAME:LINE: not a bead:
// '...'", "NAME:LINE: bad sentence id '...'"). The score, when present and a
// number, goes to Bead::score; otherwise Bead::score stays -1. Duplicates and
// beads empty on both sides are kept (the scorer drops them).
// Throws Error::Input.
Alignment parse_beads(std::string_view text, std::string_view name = "<string>");

// Reads and parses a bead file ("-" = stdin). The bytes must be valid UTF-8
// (a UTF-8 BOM is skipped). Throws Error::Io (unreadable) or Error::Input.
Alignment read_beads(const std::string& path);

// "[0, 1]:[2]:0.84" — score with two decimals, omitted when score < 0.
std::string format_bead(const Bead& bead);

// Checks that `alignment` covers source ids 0..n_src-1 and target ids
// 0..n_tgt-1, each exactly once and in increasing order. Beads empty on both
// sides are tolerated. On failure throws Error::Input naming `name` and the
// first offending id, e.g. "law.gold: gold file does not cover the
// documents: source id 7 is missing (bead 5 has 8)" or "...: target id 412
// is beyond the document (412 sentences)".
void check_coverage(const Alignment& alignment, int n_src, int n_tgt, std::string_view name);

// The same test without throwing: "" when `alignment` covers the documents
// exactly, otherwise what is wrong ("source id 7 is missing (bead 5: ...)").
std::string coverage_problem(const Alignment& alignment, int n_src, int n_tgt);

// Only checks that every id lies inside the documents (gaps, repeats and
// order are allowed: some published gold files, e.g. Text+Berg de-fr, leave
// sentences out). Throws Error::Input "NAME: source id 412 is beyond the
// document (412 sentences)".
void check_ids_in_range(const Alignment& alignment, int n_src, int n_tgt, std::string_view name);

// The output formats of `muwazi align`.
enum class BeadFormat { kBeads, kTsv, kJsonl };

// "beads" | "tsv" | "jsonl"; throws Error::Usage naming the choices otherwise.
BeadFormat parse_bead_format(std::string_view name);

// {"src":[ids],"tgt":[ids],"src_text":"...","tgt_text":"...","score":0.84}:
// one bead with its texts (score rounded to 2 decimals, null when unknown).
// Throws Error::Input when an id is out of range.
nlohmann::ordered_json bead_json(const Bead& bead, const Document& src, const Document& tgt);

// Writes `alignment` of `src`/`tgt` to `out`, one line per bead:
//   beads: format_bead(bead)
//   tsv:   source sentences joined by a space TAB target joined TAB score
//          (score with 2 decimals, empty when unknown); tabs and newlines
//          inside sentences become spaces so a line stays one record
//   jsonl: {"src":[ids],"tgt":[ids],"src_text":"...","tgt_text":"...","score":0.84}
//          (score null when unknown)
// REQUIRES: every id is a valid index into its document (check_coverage).
// Throws Error::Input when an id is out of range.
void write_alignment(std::ostream& out, const Alignment& alignment, const Document& src,
                     const Document& tgt, BeadFormat format);

}  // namespace muwazi::align

#endif  // MUWAZI_ALIGN_BEADS_IO_H_
