// `muwazi batch`: align many document pairs on every core into a TM, a
// folder or a JSONL stream (corpus/batch.h does the work).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/align_flags.h"
#include "cli/command.h"
#include "cli/tm_common.h"
#include "corpus/batch.h"
#include "text/error.h"

namespace muwazi::cli {
namespace {

constexpr const char* kUsage =
    "usage: muwazi batch [options] PAIRS... [--db TM | --out-dir DIR | -o FILE]\n"
    "\n"
    "Aligns every document pair that the manifests PAIRS name, on every core, and\n"
    "writes the result in manifest order whatever the number of threads:\n"
    "  --db TM        the beads as TM units, as `tm add` stores them (provenance:\n"
    "                 pair id, file names or URLs, sha256 of both texts)\n"
    "  --out-dir DIR  DIR/ID.align per pair (.tsv, .jsonl with --format), or with\n"
    "                 --format moses the line-parallel DIR/corpus.SRC, DIR/corpus.TGT\n"
    "  -o FILE        (default: standard output) one JSONL line per bead, with \"pair\"\n"
    "A manifest is a TSV file (SRC_PATH<TAB>TGT_PATH[<TAB>ID] per line, paths\n"
    "relative to its folder), a JSONL file ({\"id\", \"src\", \"tgt\"} with raw texts,\n"
    "optional \"src_lang\", \"tgt_lang\", \"src_url\", \"tgt_url\", \"presplit\") or a folder\n"
    "of NAME.<src-lang> / NAME.<tgt-lang> files; '-' reads standard input.\n"
    "\n"
    "Running the same command again skips the pairs already done. A bad pair is\n"
    "reported (PAIRS:LINE: ID: reason) and skipped; the batch goes on and exits 1\n"
    "at the end. A TM that cannot be written stops the batch (exit 3) with\n"
    "everything committed before intact. --shard K/N takes every Nth pair, so\n"
    "N machines split one manifest (contrib/slurm/; `muwazi tm merge` joins them).\n";

const Options& batch_options() {
  static const Options o = std::move(
      Options("batch", kUsage)
          .value("--db", "TM", "store the units in this TM (created when missing)")
          .value("--out-dir", "DIR", "write one file per pair (or Moses files) into DIR")
          .value("-o", "FILE", "write JSONL beads to FILE ('-' = standard output, the default)")
          .value("--format", "F", "with --out-dir: beads (default, ID.align), tsv, jsonl, moses")
          .value("--input", "F", "manifest format: auto (default: a folder, '{' first, else TSV), tsv, jsonl, dir")
          .value("--jobs", "N", "worker threads (default: one per core)")
          .value("--shard", "K/N", "only the pairs whose index % N == K (K from 0, as SLURM_ARRAY_TASK_ID)")
          .value("--src-lang", "L", "source language and file extension (default ar)")
          .value("--tgt-lang", "L", "target language and file extension (default en)")
          .flag("--presplit", "one sentence per line (a JSONL record's \"presplit\" overrides it)")
          .value("--min-score", "S", "smallest bead confidence stored (--db) or written (moses), 0-1 (default 0.5)")
          .value("--min-pair-score", "S",
                 "refuse a pair whose parallel score (is it a translation at all, 0-1) is below S, with the "
                 "reason; 0 keeps every pair (default 0.55)")
          .value("--on-duplicate", "P", "same source, different target in the TM: add (default), keep, overwrite")
          .value("--user", "NAME", "recorded as creationid")
          .value("--errors", "FILE", "also write each failed pair's line to FILE")
          .value("--commit-every", "N",
                 "--db: at most N pairs per write transaction (default 1024; also at most 1 s each)")
          .flag("--no-resume", "redo every pair, also those the output holds already")
          .flag("--quiet", "no progress and no summary on stderr")
          .add(align_options_group()));
  return o;
}

// The progress line (a terminal only): pairs done / total, rate, ETA.
class Progress {
 public:
  Progress(bool enabled, std::int64_t total) : enabled_(enabled), total_(total) {}
  void update(const corpus::BatchSummary& s, std::int64_t sentences) {
    if (!enabled_) return;
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (t - last_ < 0.2) return;
    last_ = t;
    const double rate = t > 0 ? static_cast<double>(s.pairs) / t : 0;
    std::string line = "\r\033[K" + std::to_string(s.pairs);
    if (total_ > 0) line += "/" + std::to_string(total_);
    char buf[160];
    std::snprintf(buf, sizeof buf, " pairs  %.0f pairs/s  %.0f sentences/s  %.0f s", rate,
                  t > 0 ? static_cast<double>(sentences) / t : 0, t);
    line += buf;
    if (total_ > 0 && rate > 0) {
      std::snprintf(buf, sizeof buf, "  ETA %.0f s", static_cast<double>(total_ - s.pairs) / rate);
      line += buf;
    }
    if (s.failed) line += "  " + std::to_string(s.failed) + " failed";
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
  }
  void clear() {
    if (enabled_ && last_ >= 0) std::fputs("\r\033[K", stderr);
  }

 private:
  bool enabled_;
  std::int64_t total_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  double last_ = -1;
};

// -o FILE: written under a temporary name and renamed when the batch ends
// well, so a failed or killed run leaves no half file. A device or FIFO (-o
// /dev/null, a pipe) is written directly: renaming over it would replace the
// device node with a regular file.
class OutputFile {
 public:
  explicit OutputFile(const std::string& path) : path_(path), tmp_(path + ".tmp") {
    std::error_code ec;
    const auto st = std::filesystem::status(path, ec);
    if (std::filesystem::exists(st) && !std::filesystem::is_regular_file(st) && !std::filesystem::is_directory(st)) {
      tmp_.clear();
    }
    out_.open(tmp_.empty() ? path_ : tmp_, std::ios::binary | std::ios::trunc);
    if (!out_) throw Error::Io(path + ": cannot write");
  }
  ~OutputFile() {
    if (!done_ && !tmp_.empty()) std::remove(tmp_.c_str());
  }
  std::ostream& stream() { return out_; }
  void commit() {
    out_.close();
    if (!out_ || (!tmp_.empty() && std::rename(tmp_.c_str(), path_.c_str()) != 0)) {
      throw Error::Io(path_ + ": cannot write");
    }
    done_ = true;
  }

 private:
  std::string path_, tmp_;
  std::ofstream out_;
  bool done_ = false;
};

std::string report_line(const corpus::PairReport& r) {
  return r.where + ": " + (r.id.empty() ? std::string() : r.id + ": ") + r.error;
}

int run_batch(const std::vector<std::string>& argv) {
  const Options& opts = batch_options();
  Args args = opts.parse(argv);
  if (args.help()) {
    opts.print_help(std::cout);
    return 0;
  }
  args.require_positional(1, 1000000, "one or more manifests PAIRS");
  corpus::BatchOptions o;
  o.pair.src_lang = lang_flag(args, "--src-lang", "ar");
  o.pair.tgt_lang = lang_flag(args, "--tgt-lang", "en");
  o.pair.presplit = args.has("--presplit");
  o.pair.min_score = args.get_double("--min-score", 0.5, 0.0, 1.0);
  o.pair.min_pair_score = args.get_double("--min-pair-score", corpus::PairOptions::kDefaultMinPairScore, 0.0, 1.0);
  std::shared_ptr<align::Dictionary> dictionary;
  o.pair.align = align_options_from(args, dictionary);
  o.jobs = static_cast<int>(args.get_int("--jobs", 0, 1, 1024));
  if (auto s = args.get_opt("--shard")) o.shard = corpus::parse_shard(*s);
  o.resume = !args.has("--no-resume");
  o.commit_pairs = static_cast<std::size_t>(args.get_int("--commit-every", 1024, 1, 1000000));
  o.db_path = args.get("--db");
  if (args.has("--db") && o.db_path.empty()) throw Error::Usage("--db: empty path");
  o.write.on_duplicate = tm::parse_on_duplicate(args.get("--on-duplicate", "add"));
  o.write.user = args.get("--user");
  o.out_dir = args.get("--out-dir");
  if (args.has("--out-dir") && o.out_dir.empty()) throw Error::Usage("--out-dir: empty path");
  o.format = corpus::parse_out_format(args.get("--format", "beads"));
  std::unique_ptr<OutputFile> out_file;
  const std::string out = args.get("-o", "-");
  if (args.has("-o") && (args.has("--db") || args.has("--out-dir"))) {
    throw Error::Usage("give exactly one output: --db TM, --out-dir DIR or -o FILE");
  }
  if (!args.has("--db") && !args.has("--out-dir")) {
    if (args.has("--format")) throw Error::Usage("--format goes with --out-dir");
    if (out == "-") {
      o.stream = &std::cout;
    } else {
      out_file = std::make_unique<OutputFile>(out);
      o.stream = &out_file->stream();
    }
  }
  corpus::ManifestOptions mo;
  mo.format = corpus::parse_manifest_format(args.get("--input", "auto"));
  mo.src_lang = o.pair.src_lang;
  mo.tgt_lang = o.pair.tgt_lang;
  std::unique_ptr<std::ofstream> errors;
  if (auto e = args.get_opt("--errors")) {
    errors = std::make_unique<std::ofstream>(*e, std::ios::binary | std::ios::trunc);
    if (!*errors) throw Error::Io(*e + ": cannot write");
  }
  const bool quiet = args.has("--quiet");
  const bool progress_on = show_progress(args);
  std::int64_t total = -1;
  if (progress_on) {
    const std::int64_t records = corpus::count_records(args.positional(), mo);
    if (records >= 0) total = records / o.shard.n + (records % o.shard.n > o.shard.k ? 1 : 0);
  }
  corpus::ManifestReader manifest(args.positional(), mo);
  Progress progress(progress_on, total);
  corpus::BatchSummary running;
  std::int64_t sentences = 0;
  corpus::BatchSummary s;
  try {
    s = corpus::run_batch(
      [&] { return manifest.next(); }, o,
      [&](const corpus::PairReport& r) {
        ++running.pairs;
        sentences += r.src_sentences + r.tgt_sentences;
        if (r.status == corpus::PairReport::Status::kFailed) {
          ++running.failed;
          progress.clear();
          const std::string line = report_line(r);
          std::cerr << line << "\n";
          if (errors) *errors << line << "\n";
        }
        progress.update(running, sentences);
      });
  } catch (...) {
    progress.clear();  // the error's line starts at the left margin
    throw;
  }
  progress.clear();
  if (out_file) out_file->commit();
  if (errors) {
    errors->flush();
    if (!*errors) throw Error::Io(args.get("--errors") + ": write error");
  }
  if (!quiet) {
    char rate[96];
    std::snprintf(rate, sizeof rate, "%.1f s, %.0f pairs/s, %.0f sentences/s", s.seconds,
                  s.seconds > 0 ? static_cast<double>(s.done) / s.seconds : 0,
                  s.seconds > 0 ? static_cast<double>(s.sentences) / s.seconds : 0);
    std::cerr << "muwazi batch: " << s.pairs << " pairs: " << s.done << " aligned, " << s.already_done
              << " already done, " << s.failed << " failed; " << s.beads << " beads";
    if (!o.db_path.empty()) {
      std::cerr << ", " << s.write.added << " units stored (" << s.write.identical << " already present, "
                << s.write.kept << " kept, " << s.write.overwritten << " overwritten)";
    }
    if (o.format == corpus::OutFormat::kMoses) std::cerr << ", " << s.lines << " lines";
    std::cerr << "; " << rate << "\n";
  }
  if (s.failed > 0) {
    std::cerr << "muwazi batch: " << s.failed << " of " << s.pairs << " pairs failed\n";
    return 1;
  }
  return 0;
}

}  // namespace

MUWAZI_COMMAND("batch", "align many document pairs on every core into a TM, a folder or JSONL (resumable)",
               run_batch);

}  // namespace muwazi::cli
