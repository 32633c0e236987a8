// `muwazi eval`: strict/lax P/R/F1 of test alignments against gold ones,
// the same numbers as ../shared/tools/score.py (see evaluation/eval.h;
// the reading and scoring is evaluation/eval_files.h).
#include <iostream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/command.h"
#include "evaluation/eval_files.h"
#include "text/error.h"

namespace muwazi::cli {
namespace {

const char kUsage[] =
    "usage: muwazi eval GOLD TEST [--json] [--details]\n"
    "       muwazi eval --gold-dir D --test-dir E [--names GLOB] [--json] [--details]\n"
    "\n"
    "Scores test alignments against gold ones: strict and lax precision, recall\n"
    "and F1 (Sennrich & Volk 2011), counts summed over all documents before\n"
    "dividing -- the numbers of ../shared/tools/score.py.\n"
    "Files hold beads, one per line: [0, 1]:[2] with an optional :score.\n";

const Options& eval_options() {
  static const Options o = std::move(
      Options("eval", kUsage)
          .value("--gold-dir", "D", "every D/NAME.gold, paired with E/NAME.align")
          .value("--test-dir", "E", "the test alignments (with --gold-dir)")
          .value("--names", "GLOB", "with --gold-dir: only NAMEs matching GLOB (e.g. 'news_*')")
          .flag("--json", "one JSON object (score.py --json keys, plus test_beads and counts)")
          .flag("--details", "also recall per gold bead shape and the most common error kinds"));
  return o;
}

int run_eval(const std::vector<std::string>& argv) {
  Args args = eval_options().parse(argv);
  if (args.help()) {
    eval_options().print_help(std::cout);
    return 0;
  }
  std::vector<evaluation::FilePair> pairs;
  if (args.has("--gold-dir") || args.has("--test-dir")) {
    if (!args.has("--gold-dir") || !args.has("--test-dir") || !args.positional().empty()) {
      throw Error::Usage("use --gold-dir together with --test-dir (and no GOLD TEST files)\n" +
                         std::string(kUsage));
    }
    pairs = evaluation::pair_directories(args.get("--gold-dir"), args.get("--test-dir"), args.get("--names", "*"));
  } else {
    if (args.positional().size() != 2) throw Error::Usage("expected GOLD and TEST files\n" + std::string(kUsage));
    pairs.push_back({args.positional()[0], args.positional()[1]});
  }

  const bool details = args.has("--details");
  evaluation::FileEvaluation e = evaluation::evaluate_files(
      pairs, details, [](const std::string& w) { std::cerr << "muwazi eval: warning: " << w << "\n"; });
  if (args.has("--json")) {
    nlohmann::json j = evaluation::to_json(e.result);
    if (details) j["diagnostics"] = evaluation::to_json(e.diagnostics);
    std::cout << j.dump() << "\n";
  } else {
    std::cout << evaluation::format_table(e.result) << "\n";
    if (details) std::cout << evaluation::format_diagnostics(e.diagnostics) << "\n";
  }
  return 0;
}

}  // namespace

MUWAZI_COMMAND("eval", "score alignments against gold: strict/lax P/R/F1 (as score.py)", run_eval);

}  // namespace muwazi::cli
