// Benchmark corpora: directories of document pairs with gold alignments.
//
// A directory holds NAME.<src> / NAME.<tgt> (one sentence per line) with
// NAME.gold (beads over those lines) -- the layout of
// ../shared/data/ar-en/*/dev and ../shared/data/de-fr. Every directory below
// a given one that holds *.gold files is a separate subset (dev/hard).
#ifndef MUWAZI_EVALUATION_BENCH_CORPUS_H_
#define MUWAZI_EVALUATION_BENCH_CORPUS_H_

#include <string>
#include <vector>

#include "align/aligner.h"
#include "align/bead.h"

namespace muwazi::evaluation {

struct BenchDocument {
  std::string name;  // NAME
  std::string src_path, tgt_path, gold_path;
  align::Document src, tgt;  // filled by load_subset()
  align::Alignment gold;
};

struct BenchSubset {
  // Path relative to the common parent of the given directories, e.g.
  // "ar-en/news_ntrex/dev/hard" (or "dev/hard" for a single DIR .../dev).
  std::string label;
  std::string dir;
  std::string src_lang, tgt_lang;
  std::vector<BenchDocument> docs;  // sorted by name
  // Gold files that do not cover their documents exactly (gaps, repeats,
  // order): scored as they are, reported. Filled by load_subset().
  std::vector<std::string> warnings;

  long sentences() const;  // source + target sentences of all documents
};

struct CorpusOptions {
  // Languages = file extensions. Empty: taken from the two extensions found
  // beside NAME.gold, ordered by an "xx-yy" component of the directory path
  // (ar-en, de-fr) or else with "ar" first; otherwise an error asks for them.
  std::string src_lang;
  std::string tgt_lang;
};

// Finds the subsets under `dirs` (sorted by label; a directory reached twice
// counts once) and pairs every NAME.gold with its documents. Does not read
// the files. Throws Error::Io for a missing DIR and Error::Input for a DIR
// without gold files, a NAME.gold without both documents, or languages that
// cannot be told apart -- each message names the file or directory.
std::vector<BenchSubset> find_subsets(const std::vector<std::string>& dirs, const CorpusOptions& options);

// Keeps the documents whose NAME matches the fnmatch(3) pattern `glob` and
// the subsets that still have some. Throws Error::Input when none matches.
std::vector<BenchSubset> filter_subsets(std::vector<BenchSubset> subsets, const std::string& glob);

// Reads every document (presplit: one sentence per line) and gold file of
// `subset`. A gold id beyond its document is an Error::Input naming the gold
// file and the id. Gaps, repeats or disorder (published gold such as
// Text+Berg de-fr leaves a few sentences out) only add a warning.
void load_subset(BenchSubset& subset);

// Reads NAME.align files of another aligner for every document of `subsets`:
// DIR/LABEL/NAME.align, or DIR/NAME.align when NAME is unique across the
// subsets. Ids must lie inside the documents (a partial alignment is scored
// as it is). Result: [subset][doc]. Throws Error naming the missing or bad file.
std::vector<std::vector<align::Alignment>> load_external(const std::vector<BenchSubset>& subsets,
                                                  const std::string& dir);

// Summary rows for a report: subsets whose labels differ in one path
// component form a group, e.g. "ar-en/*/dev" (all five sources, clean) and
// "ar-en/*/dev/hard". Only groups of two or more subsets; sorted by label.
struct SubsetGroup {
  std::string label;
  std::vector<std::size_t> subsets;
};
std::vector<SubsetGroup> subset_groups(const std::vector<BenchSubset>& subsets);

}  // namespace muwazi::evaluation

#endif  // MUWAZI_EVALUATION_BENCH_CORPUS_H_
