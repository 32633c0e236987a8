// `muwazi tm add SRC TGT`: one document pair aligned and stored in the TM, in
// one transaction: a batch of one pair (corpus/batch.h).
#include <iostream>

#include "cli/align_flags.h"
#include "cli/tm_common.h"
#include "corpus/batch.h"
#include "text/error.h"

namespace muwazi::cli {
namespace {

constexpr const char* kUsage =
    "usage: muwazi tm add --db DB [options] SRC TGT\n"
    "\n"
    "Aligns the article SRC with its translation TGT (as `muwazi align`) and\n"
    "stores every bead with sentences on both sides and a confidence >=\n"
    "--min-score as one unit (sentences of a side joined by a space), with its\n"
    "provenance: both file names and sha256, bead index, sentence ids, shape and\n"
    "score. Re-adding the same pair adds nothing. One transaction.\n";

}  // namespace

int tm_add(const std::vector<std::string>& argv) {
  static const Options opts = std::move(
      Options("tm add", kUsage)
          .value("--db", "PATH", "the TM (default muwazi.db; created when missing)")
          .value("--src-lang", "L", "language of SRC (default ar)")
          .value("--tgt-lang", "L", "language of TGT (default en)")
          .flag("--presplit", "one sentence per line")
          .value("--min-score", "S", "smallest bead confidence stored, 0-1 (default 0.5)")
          .value("--min-pair-score", "S",
                 "refuse a pair whose parallel score (is it a translation at all, 0-1) is below S, with the "
                 "reason; 0 keeps every pair (default 0.55)")
          .value("--on-duplicate", "P", "same source, different target: add (default), keep, overwrite")
          .value("--user", "NAME", "recorded as creationid")
          .flag("--quiet", "no progress on stderr")
          .add(align_options_group()));
  Args args = opts.parse(argv);
  if (args.help()) {
    opts.print_help(std::cout);
    return 0;
  }
  args.require_positional(2, 2, "two files, SRC and TGT");
  const std::string src_path = args.positional()[0], tgt_path = args.positional()[1];
  if (src_path == "-" || tgt_path == "-") throw Error::Usage("tm add reads two files (standard input has no provenance)");
  // A batch of one pair (corpus/batch.h), so that `tm add` and `batch` store
  // exactly the same units. Unlike `batch` it always aligns (re-adding a pair
  // with other options takes effect; identical units are stored once) and
  // keeps a pair with an empty side (it stores nothing).
  corpus::BatchOptions o;
  o.pair.src_lang = lang_flag(args, "--src-lang", "ar");
  o.pair.tgt_lang = lang_flag(args, "--tgt-lang", "en");
  o.pair.min_score = args.get_double("--min-score", 0.5, 0.0, 1.0);
  o.pair.min_pair_score = args.get_double("--min-pair-score", corpus::PairOptions::kDefaultMinPairScore, 0.0, 1.0);
  o.pair.presplit = args.has("--presplit");
  o.pair.refuse_empty_side = false;
  std::shared_ptr<align::Dictionary> dictionary;
  o.pair.align = align_options_from(args, dictionary);
  o.write.on_duplicate = tm::parse_on_duplicate(args.get("--on-duplicate", "add"));
  o.write.user = args.get("--user", "");
  o.db_path = db_path(args);
  o.resume = false;
  o.jobs = 1;
  corpus::PairSpec spec;
  spec.where = src_path;
  spec.src_path = src_path;
  spec.tgt_path = tgt_path;
  spec.id = corpus::default_pair_id(src_path);
  bool given = false;
  corpus::PairReport report;
  corpus::run_batch(
      [&]() -> std::optional<corpus::PairSpec> {
        if (given) return std::nullopt;
        given = true;
        return spec;
      },
      o, [&](const corpus::PairReport& r) { report = r; });
  if (report.status == corpus::PairReport::Status::kFailed) throw Error(report.error_kind, report.error);
  std::cout << src_path << " + " << tgt_path << ": " << report.beads << " beads, " << report.write.added
            << " units added, " << report.write.identical << " already present, " << report.write.kept
            << " kept (same source), " << report.write.overwritten << " overwritten, " << report.below_min_score
            << " below --min-score " << o.pair.min_score << ", " << report.omissions << " omissions\n";
  return 0;
}

}  // namespace muwazi::cli
