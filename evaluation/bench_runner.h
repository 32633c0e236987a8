// The accuracy/speed benchmark: runs the aligner in several configurations
// over benchmark subsets (evaluation/bench_corpus.h), scores each document with
// evaluation/eval.h, and measures time and memory per document. The CLI (`muwazi
// bench align`) formats the result.
#ifndef MUWAZI_EVALUATION_BENCH_RUNNER_H_
#define MUWAZI_EVALUATION_BENCH_RUNNER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "align/aligner.h"
#include "evaluation/bench_corpus.h"
#include "evaluation/eval.h"

namespace muwazi::evaluation {

// One configuration of our aligner.
struct BenchConfig {
  std::string name;   // "default"
  std::string flags;  // as given on the command line, for the report
  align::AlignOptions options;
  std::shared_ptr<const align::Dictionary> dictionary;  // keeps options.dictionary alive
};

// The default configuration set (name, flags): an ablation from a classic
// Gale-Church baseline to the full aligner.
//   gale-church  length only, fixed ratio 1.0, no anchors, no lexicon
//   length       length with the ratio estimated per document
//   anchors      + anchor evidence (numbers, punctuation, names, ...)
//   default      + the learned lexicon (the aligner's defaults)
// Flags are those of `muwazi align` (cli/align_flags.h).
const std::vector<std::pair<std::string, std::string>>& default_bench_configs();

struct DocRun {
  std::size_t subset = 0, doc = 0;  // indices into the subsets
  int n_src = 0, n_tgt = 0;
  // Wall and CPU seconds of align_documents() (< 0: not timed, e.g. an
  // external aligner's output).
  double seconds = -1;
  double cpu_seconds = -1;
  // Peak resident set size of the process while aligning this document, KiB
  // (includes the loaded corpus); < 0 when not measured.
  long peak_rss_kib = -1;
  EvalCounts counts;
  Diagnostics diagnostics;
};

struct ConfigRun {
  std::string name;
  std::string flags;      // ours: the flags; external: the directory
  bool external = false;  // scored from another aligner's NAME.align files
  // True when the kernel let us reset the peak RSS before each document
  // (Linux /proc/self/clear_refs); false: DocRun::peak_rss_kib is the process
  // peak so far (an upper bound).
  bool peak_rss_per_document = false;
  std::vector<DocRun> docs;
};

// Sums over the documents of one configuration, all subsets or one.
struct BenchAggregate {
  EvalResult eval;
  Diagnostics diagnostics;
  long docs = 0;
  long sentences = 0;  // source + target
  double seconds = 0, cpu_seconds = 0;  // 0 when not timed
  long peak_rss_kib = -1;               // max over documents
  bool timed = false;

  double sentences_per_second() const { return timed && seconds > 0 ? sentences / seconds : 0; }
};

// Over all documents, or over the documents of the subsets listed.
BenchAggregate aggregate(const ConfigRun& run);
BenchAggregate aggregate(const ConfigRun& run, const std::vector<std::size_t>& subsets);


struct BenchProgress {
  std::size_t done = 0, total = 0;  // documents over all configurations
  double elapsed_seconds = 0;
  std::string config, subset, doc;  // what was just finished
};
using ProgressFn = std::function<void(const BenchProgress&)>;

// Runs `config` over every document of `subsets` (loaded). Throws what the
// aligner throws.
ConfigRun run_config(const std::vector<BenchSubset>& subsets, const BenchConfig& config,
                     const ProgressFn& progress = nullptr,
                     std::size_t done_before = 0, std::size_t total = 0);

// Scores another aligner's alignments ([subset][doc], from load_external).
ConfigRun score_external(const std::vector<BenchSubset>& subsets, const std::string& name,
                         const std::string& dir, const std::vector<std::vector<align::Alignment>>& alignments);

// Everything a report needs.
struct BenchResult {
  std::vector<BenchSubset> subsets;  // documents may be released after the run
  std::vector<ConfigRun> configs;
  double total_seconds = 0;
};

// Another aligner's output to score (alignments [subset][doc], from
// load_external; dir is shown in the report).
struct ExternalAlignments {
  std::string name;
  std::string dir;
  std::vector<std::vector<align::Alignment>> alignments;
};

// The whole benchmark: every configuration over every document of `subsets`
// (loaded), then the external alignments scored; total_seconds is the wall
// time of the configurations' runs. `progress` counts documents over all
// configurations.
BenchResult run_benchmark(std::vector<BenchSubset> subsets, const std::vector<BenchConfig>& configs,
                          const std::vector<ExternalAlignments>& externals, const ProgressFn& progress = nullptr);

// Facts about the machine for the report: CPU model, logical CPUs, OS,
// compiler, build type, and the load average when asked (other processes
// competing for the CPUs make wall times longer).
struct MachineInfo {
  std::string cpu;
  unsigned cpus = 0;
  std::string os;
  std::string compiler;
  std::string build;
  std::string load;  // "1.02 0.87 0.55" (1, 5, 15 minutes); empty if unknown
};
MachineInfo machine_info();

}  // namespace muwazi::evaluation

#endif  // MUWAZI_EVALUATION_BENCH_RUNNER_H_
