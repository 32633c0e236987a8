// `muwazi tm merge --db OUT IN...`: shard TMs (or any TMs) into one.
#include <iostream>

#include "cli/tm_common.h"
#include "text/error.h"
#include "tm/merge.h"

namespace muwazi::cli {

namespace {
constexpr const char* kMergeUsage =
    "usage: muwazi tm merge --db OUT [options] IN.db...\n"
    "\n"
    "Copies every unit of each IN (the shard TMs of `muwazi batch --shard`, or any\n"
    "TMs) into OUT with its provenance, each IN in one transaction, under the\n"
    "duplicate rules of import: merging the same IN twice adds nothing. A unit in\n"
    "several INs is kept once, with the provenance of the first IN that has it.\n";
}  // namespace

int tm_merge(const std::vector<std::string>& argv) {
  static const Options opts = std::move(
      Options("tm merge", kMergeUsage)
          .value("--db", "PATH", "the output TM (default muwazi.db; created when missing)")
          .value("--on-duplicate", "P", "same source, different target: add (default), keep, overwrite")
          .flag("--quiet", "no progress on stderr"));
  Args args = opts.parse(argv);
  if (args.help()) {
    opts.print_help(std::cout);
    return 0;
  }
  args.require_positional(1, 1000000, "one or more input TMs");
  tm::WriteOptions wo;
  wo.on_duplicate = tm::parse_on_duplicate(args.get("--on-duplicate", "add"));
  const bool progress = show_progress(args);
  tm::Tm out = tm::Tm::open(db_path(args), {.create = true});
  for (const std::string& in : args.positional()) {
    tm::MergeStats st = tm::merge_tm(out, in, wo, [&](std::int64_t n) {
      if (progress) std::cerr << "\r" << in << ": " << n << " units\x1b[K" << std::flush;
    });
    if (progress) std::cerr << "\r\x1b[K";
    std::cout << in << ": " << st.sources << " sources, " << st.units << " units read, " << st.write.added
              << " added, " << st.write.identical << " already present, " << st.write.kept << " kept (same source), "
              << st.write.overwritten << " overwritten\n";
  }
  return 0;
}

}  // namespace muwazi::cli
