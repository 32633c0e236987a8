// `muwazi tm SUBCOMMAND`: the translation memory commands.
#include <unistd.h>

#include <iostream>
#include <map>

#include "cli/command.h"
#include "cli/tm_common.h"
#include "text/error.h"
#include "tm/lang.h"

namespace muwazi::cli {

std::string db_path(const Args& args) {
  std::string p = args.get("--db", kDefaultDb);
  if (p.empty()) throw Error::Usage("--db: empty path");
  return p;
}

std::string lang_flag(const Args& args, const std::string& flag, const std::string& def) {
  std::string v = args.get(flag, def);
  if (!v.empty()) tm::check_language_tag(v, flag, true);
  return v;
}

bool show_progress(const Args& args) { return !args.has("--quiet") && ::isatty(2); }

namespace {

constexpr const char* kUsage =
    "usage: muwazi tm COMMAND [options]\n"
    "\n"
    "The translation memory: one SQLite file (--db PATH, default muwazi.db).\n"
    "\n"
    "commands:\n"
    "  add SRC TGT          align an article pair and store its beads\n"
    "  import FILE...       import TMX (1.1-1.4b), TSV or aligner JSONL files\n"
    "  export               write the TM as TMX 1.4b or TSV\n"
    "  lookup TEXT|-        exact, nearly-exact and fuzzy matches of a sentence\n"
    "  concordance PHRASE   units containing a phrase, highlighted\n"
    "  stats                units per language pair, documents, size\n"
    "  merge IN.db...       copy other TMs (batch shards) into this one\n"
    "  lexicon -o FILE      learn word translations from every unit (for align --lexicon)\n"
    "\n"
    "`muwazi tm COMMAND --help` describes a command. Exit codes: 0 ok, 1 bad input\n"
    "or I/O, 2 usage, 3 database error (not a TM, newer schema, read-only, corrupt).\n";

int run_tm(const std::vector<std::string>& argv) {
  static const std::map<std::string, int (*)(const std::vector<std::string>&)> kSub = {
      {"add", tm_add},       {"import", tm_import},           {"export", tm_export},
      {"lookup", tm_lookup}, {"concordance", tm_concordance}, {"stats", tm_stats},
      {"merge", tm_merge},   {"lexicon", tm_lexicon},
  };
  if (argv.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  if (argv[0] == "--help" || argv[0] == "-h" || argv[0] == "help") {
    std::cout << kUsage;
    return 0;
  }
  auto it = kSub.find(argv[0]);
  if (it == kSub.end()) throw Error::Usage("unknown tm command '" + argv[0] + "' (see muwazi tm --help)");
  return it->second(std::vector<std::string>(argv.begin() + 1, argv.end()));
}

}  // namespace

MUWAZI_COMMAND("tm", "translation memory: add, import, export, lookup, concordance, stats, merge, lexicon", run_tm);

}  // namespace muwazi::cli
