// `muwazi eval`: strict/lax P/R/F1 of test alignments against gold ones,
// the same numbers as ../shared/tools/score.py (see align/eval.h).
#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "align/beads_io.h"
#include "align/eval.h"
#include "cli/args.h"
#include "cli/command.h"
#include "text/error.h"

namespace muwazi::cli {
namespace {

namespace fs = std::filesystem;

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



// Highest source and target id + 1 (the document sizes an alignment implies).
std::pair<long, long> extent(const align::Alignment& a) {
  long s = 0, t = 0;
  for (const auto& b : a) {
    for (int id : b.src) s = std::max(s, static_cast<long>(id) + 1);
    for (int id : b.tgt) t = std::max(t, static_cast<long>(id) + 1);
  }
  return {s, t};
}

int run_eval(const std::vector<std::string>& argv) {
  Args args = eval_options().parse(argv);
  if (args.help()) {
    eval_options().print_help(std::cout);
    return 0;
  }
  std::vector<std::string> gold_files, test_files;
  if (args.has("--gold-dir") || args.has("--test-dir")) {
    if (!args.has("--gold-dir") || !args.has("--test-dir") || !args.positional().empty()) {
      throw Error::Usage("use --gold-dir together with --test-dir (and no GOLD TEST files)\n" +
                         std::string(kUsage));
    }
    const std::string gold_dir = args.get("--gold-dir"), test_dir = args.get("--test-dir");
    const std::string glob = args.get("--names", "*");
    std::error_code ec;
    if (!fs::is_directory(gold_dir, ec)) throw Error::Io(gold_dir + ": not a directory");
    if (!fs::is_directory(test_dir, ec)) throw Error::Io(test_dir + ": not a directory");
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(gold_dir, ec)) {
      std::string file = entry.path().filename().string();
      if (file.size() <= 5 || file.compare(file.size() - 5, 5, ".gold") != 0) continue;
      std::string name = file.substr(0, file.size() - 5);
      if (::fnmatch(glob.c_str(), name.c_str(), 0) == 0) names.push_back(name);
    }
    if (ec) throw Error::Io(gold_dir + ": cannot list: " + ec.message());
    if (names.empty()) throw Error::Input(gold_dir + ": no matching *.gold files");
    std::sort(names.begin(), names.end());
    std::vector<std::string> missing;
    for (const auto& name : names) {
      gold_files.push_back((fs::path(gold_dir) / (name + ".gold")).string());
      test_files.push_back((fs::path(test_dir) / (name + ".align")).string());
      if (!fs::exists(test_files.back(), ec)) missing.push_back(test_files.back());
    }
    if (!missing.empty()) {
      std::string list;
      for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
      throw Error::Io("missing test files: " + list);
    }
  } else {
    if (args.positional().size() != 2) throw Error::Usage("expected GOLD and TEST files\n" + std::string(kUsage));
    gold_files.push_back(args.positional()[0]);
    test_files.push_back(args.positional()[1]);
  }

  align::EvalCounts counts;
  align::Diagnostics diagnostics;
  for (std::size_t k = 0; k < gold_files.size(); ++k) {
    align::Alignment gold = align::read_beads(gold_files[k]);
    align::Alignment test = align::read_beads(test_files[k]);
    auto ge = extent(gold), te = extent(test);
    if (ge != te) {
      std::cerr << "muwazi eval: warning: " << test_files[k] << " mentions " << te.first << " source / "
                << te.second << " target sentences, " << gold_files[k] << " " << ge.first << " / "
                << ge.second << "\n";
    }
    counts.add(align::count_document(gold, test));
    if (args.has("--details")) diagnostics.add(align::diagnose_document(gold, test));
  }
  align::EvalResult result = align::score_counts(counts);
  if (args.has("--json")) {
    nlohmann::json j = align::to_json(result);
    if (args.has("--details")) j["diagnostics"] = align::to_json(diagnostics);
    std::cout << j.dump() << "\n";
  } else {
    std::cout << align::format_table(result) << "\n";
    if (args.has("--details")) std::cout << align::format_diagnostics(diagnostics) << "\n";
  }
  return 0;
}

}  // namespace

MUWAZI_COMMAND("eval", "score alignments against gold: strict/lax P/R/F1 (as score.py)", run_eval);

}  // namespace muwazi::cli
