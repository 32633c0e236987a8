// `muwazi bench align`: accuracy and speed of the aligner over directories of
// document pairs with gold alignments, in several configurations. The work is
// in evaluation/bench_corpus.h and evaluation/bench_runner.h; the reports in
// evaluation/bench_report.h. This file parses flags, draws progress and writes.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "cli/align_flags.h"
#include "cli/args.h"
#include "cli/command.h"
#include "evaluation/bench_corpus.h"
#include "evaluation/bench_report.h"
#include "evaluation/bench_runner.h"
#include "text/error.h"

namespace muwazi::cli {
namespace {

namespace fs = std::filesystem;

const char kUsage[] =
    "usage: muwazi bench align DIR... [--config NAME[=FLAGS] ...] [--external NAME=DIR ...]\n"
    "                                 [--format text|json|markdown] [--html FILE]\n"
    "                                 [--src-lang L --tgt-lang L] [--names GLOB] [--quiet]\n"
    "\n"
    "Runs the aligner over every document pair NAME.<src>/NAME.<tgt> (one sentence per\n"
    "line) that has a gold alignment NAME.gold, in every DIR and its subdirectories\n"
    "(each directory is a subset, e.g. dev and dev/hard), and reports strict and lax\n"
    "P/R/F1 per subset and configuration (the numbers of muwazi eval and score.py),\n"
    "recall per gold bead shape, the most common errors, speed and peak memory.\n"
    "\n"
    "The default configurations (--config NAME picks one):\n"
    "  gale-church  --no-ratio --fixed-ratio 1.0 --no-anchors --no-lexicon --no-local\n"
    "  length       --no-anchors --no-lexicon\n"
    "  anchors      --no-lexicon\n"
    "  default      (the aligner's defaults)\n";

const Options& bench_options() {
  static const Options o = std::move(
      Options("bench", kUsage)
          .value("--config", "NAME[=FLAGS]",
                 "a configuration: FLAGS are `muwazi align` flags, e.g. --config 'small=--max-bead 2 "
                 "--no-lexicon'. Repeatable; replaces the default set. --config NAME picks one of the defaults")
          .value("--external", "NAME=DIR",
                 "also score another aligner's output: DIR/SUBSET/NAME.align (or DIR/NAME.align when names are "
                 "unique), bead format")
          .value("--format", "F", "report on stdout: text (default), json or markdown")
          .value("--html", "FILE", "also write a self-contained HTML page with charts")
          .value("--src-lang", "L",
                 "the source documents' extension (default: from the file names, an xx-yy directory such as "
                 "ar-en, or ar first)")
          .value("--tgt-lang", "L", "the target documents' extension")
          .value("--names", "GLOB", "only documents whose NAME matches GLOB")
          .flag("--quiet", "no progress line on stderr"));
  return o;
}

// The --html output. A regular file (new or existing, also through a
// symlink) is written as a temporary file beside it, renamed over it by
// commit() and removed if never committed: created up front so that an
// unwritable path fails before the benchmark runs, and a failed run leaves
// nothing half-written. A device or FIFO (/dev/stdout, a pipe) is written
// directly -- renaming over it would replace the device node.
class AtomicFile {
 public:
  explicit AtomicFile(const std::string& path) : path_(path), target_(path) {
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (fs::is_directory(st)) throw Error::Io(path + ": is a directory");
    if (fs::exists(st) && !fs::is_regular_file(st)) {
      direct_ = true;
      return;
    }
    if (fs::is_symlink(fs::symlink_status(path, ec))) {
      fs::path resolved = fs::weakly_canonical(path, ec);
      if (!ec) target_ = resolved.string();
    }
    fs::path p(target_);
    std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
    std::string leaf = ".";
    leaf += p.filename().string();
    leaf += ".tmp-XXXXXX";
    std::string tmpl = (fs::path(dir) / leaf).string();
    int fd = ::mkstemp(tmpl.data());
    if (fd < 0) throw Error::Io(path + ": cannot write: " + std::strerror(errno));
    ::close(fd);
    tmp_ = tmpl;
  }
  ~AtomicFile() {
    if (!tmp_.empty()) std::remove(tmp_.c_str());
  }
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void commit(const std::string& content) {
    const std::string& file = direct_ ? path_ : tmp_;
    std::FILE* f = std::fopen(file.c_str(), "wb");
    if (!f) throw Error::Io(path_ + ": cannot write: " + std::strerror(errno));
    bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
    ok = std::fclose(f) == 0 && ok;
    if (!ok) throw Error::Io(path_ + ": write error");
    if (direct_) return;
    std::error_code ec;
    fs::permissions(tmp_, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                              fs::perms::others_read, ec);
    if (std::rename(tmp_.c_str(), target_.c_str()) != 0) {
      throw Error::Io(path_ + ": cannot write: " + std::strerror(errno));
    }
    tmp_.clear();
  }

 private:
  std::string path_, target_, tmp_;
  bool direct_ = false;
};

std::pair<std::string, std::string> split_name(const std::string& spec, const std::string& flag) {
  auto eq = spec.find('=');
  std::string name = spec.substr(0, eq);
  if (name.empty()) throw Error::Usage(flag + " '" + spec + "': NAME is empty (use " + flag + " NAME=...)");
  return {name, eq == std::string::npos ? std::string() : spec.substr(eq + 1)};
}

std::vector<evaluation::BenchConfig> parse_configs(const Args& args) {
  std::vector<std::pair<std::string, std::string>> specs;
  if (!args.has("--config")) {
    specs = evaluation::default_bench_configs();
  } else {
    for (const std::string& spec : args.get_all("--config")) {
      auto [name, flags] = split_name(spec, "--config");
      if (spec.find('=') == std::string::npos) {
        bool found = false;
        for (const auto& [dname, dflags] : evaluation::default_bench_configs()) {
          if (dname == name) {
            flags = dflags;
            found = true;
          }
        }
        if (!found) {
          throw Error::Usage("--config '" + name + "': not a default configuration (gale-church, length, "
                             "anchors, default); give NAME=FLAGS");
        }
      }
      specs.emplace_back(name, flags);
    }
  }
  std::vector<evaluation::BenchConfig> configs;
  std::set<std::string> names;
  for (const auto& [name, flags] : specs) {
    if (!names.insert(name).second) throw Error::Usage("--config: configuration '" + name + "' given twice");
    evaluation::BenchConfig c;
    c.name = name;
    c.flags = flags;
    std::shared_ptr<align::Dictionary> dict;
    try {
      c.options = align_options_from_string(flags, dict);
    } catch (const Error& e) {
      throw Error(e.kind(), "--config '" + name + "=" + flags + "': " + e.what());
    }
    c.dictionary = dict;
    configs.push_back(std::move(c));
  }
  return configs;
}

class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
  void update(const evaluation::BenchProgress& p) {
    if (!enabled_) return;
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    // At most ten redraws a second, and always the last one.
    if (elapsed - last_draw_ < 0.1 && p.done != p.total && p.done > 1) return;
    last_draw_ = elapsed;
    double eta = p.done ? elapsed / static_cast<double>(p.done) * static_cast<double>(p.total - p.done) : 0;
    std::fprintf(stderr, "\r\033[K%zu/%zu documents  %.1f s  ETA %.0f s  [%s] %s/%s", p.done, p.total, elapsed,
                 eta, p.config.c_str(), p.subset.c_str(), p.doc.c_str());
    std::fflush(stderr);
  }
  void done() {
    if (enabled_) std::fprintf(stderr, "\r\033[K");
  }

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
  double last_draw_ = -1;
};

int run_bench(const std::vector<std::string>& argv) {
  Args args = bench_options().parse(argv);
  if (args.help()) {
    bench_options().print_help(std::cout);
    return 0;
  }
  if (args.positional().empty() || args.positional()[0] != "align") {
    throw Error::Usage("expected `muwazi bench align DIR...`\n" + std::string(kUsage));
  }
  std::vector<std::string> dirs(args.positional().begin() + 1, args.positional().end());
  if (dirs.empty()) throw Error::Usage("bench align: give at least one DIR\n" + std::string(kUsage));
  const std::string format = args.get_choice("--format", "text", {"text", "json", "markdown"});

  // Everything that can fail on bad input fails here, before any work.
  std::vector<evaluation::BenchConfig> configs = parse_configs(args);
  std::vector<evaluation::ExternalAlignments> externals;
  for (const std::string& spec : args.get_all("--external")) {
    auto [name, dir] = split_name(spec, "--external");
    if (dir.empty()) throw Error::Usage("--external '" + spec + "': use --external NAME=DIR");
    for (const auto& c : configs) {
      if (c.name == name) throw Error::Usage("--external '" + name + "': the name of a configuration too");
    }
    externals.push_back({name, dir, {}});
  }
  evaluation::CorpusOptions corpus;
  corpus.src_lang = args.get("--src-lang");
  corpus.tgt_lang = args.get("--tgt-lang");
  std::vector<evaluation::BenchSubset> subsets = evaluation::find_subsets(dirs, corpus);
  if (auto glob = args.get_opt("--names")) subsets = evaluation::filter_subsets(std::move(subsets), *glob);
  for (auto& s : subsets) {
    evaluation::load_subset(s);
    for (const auto& w : s.warnings) std::cerr << "muwazi bench: warning: " << w << "\n";
  }
  for (auto& e : externals) e.alignments = evaluation::load_external(subsets, e.dir);
  std::unique_ptr<AtomicFile> html_file;
  if (auto html = args.get_opt("--html")) html_file = std::make_unique<AtomicFile>(*html);

  Progress progress(!args.has("--quiet") && ::isatty(STDERR_FILENO));
  evaluation::BenchResult result = evaluation::run_benchmark(
      std::move(subsets), configs, externals, [&](const evaluation::BenchProgress& p) { progress.update(p); });
  progress.done();

  evaluation::ReportContext ctx{result, evaluation::machine_info()};
  std::string report = evaluation::format_report(ctx, format);
  if (html_file) html_file->commit(evaluation::format_html(ctx));
  std::cout << report;
  return 0;
}

}  // namespace

MUWAZI_COMMAND("bench", "benchmark the aligner on gold data: accuracy, errors, speed (bench align DIR...)",
               run_bench);

}  // namespace muwazi::cli
