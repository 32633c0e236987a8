// `muwazi tm lexicon --db DB -o FILE`: word translations learned from every
// unit of the TM, as a dictionary for `align/tm add/batch --lexicon FILE`.
#include <iostream>

#include "cli/tm_common.h"
#include "corpus/tm_lexicon.h"
#include "text/error.h"

namespace muwazi::cli {

namespace {
constexpr const char* kLexiconUsage =
    "usage: muwazi tm lexicon --db DB [options] -o FILE\n"
    "\n"
    "Learns word translations from every unit of one language pair in the TM\n"
    "(either direction): Arabic words without the article, proclitics and\n"
    "pronoun suffixes, English words lowercased and truncated as the aligner's\n"
    "lexicon does; a pair is kept when it co-occurs far more often than chance\n"
    "(Dice and log-likelihood). Writes 'src<TAB>tgt<TAB>dice' lines, the format\n"
    "`muwazi align --lexicon FILE` (and --dict) reads. Memory stays bounded: the\n"
    "TM is read as a stream, in several passes.\n";
}  // namespace

int tm_lexicon(const std::vector<std::string>& argv) {
  static const Options opts = std::move(
      Options("tm lexicon", kLexiconUsage)
          .value("--db", "PATH", "the TM (default muwazi.db)")
          .value("-o", "FILE", "the dictionary to write (required; - for standard output)")
          .value("--src-lang", "L", "the language of the first column (default ar)")
          .value("--tgt-lang", "L", "the language of the second column (default en)")
          .value("--min-count", "N", "segment pairs a word pair must co-occur in (default 3)")
          .value("--min-dice", "D", "smallest Dice coefficient 2c/(a+b) (default 0.5)")
          .value("--max-vocabulary", "N", "words kept per side, the most frequent (default 200000)")
          .flag("--quiet", "no summary on stderr"));
  Args args = opts.parse(argv);
  if (args.help()) {
    opts.print_help(std::cout);
    return 0;
  }
  args.require_positional(0, 0, "no positional arguments");
  const auto path = args.get_opt("-o");
  if (!path || path->empty()) throw Error::Usage("-o FILE is required (the dictionary to write)");
  const std::string src = lang_flag(args, "--src-lang", "ar"), tgt = lang_flag(args, "--tgt-lang", "en");
  align::CorpusLexiconOptions o;
  o.min_cooccurrence = static_cast<int>(args.get_int("--min-count", o.min_cooccurrence, 1, 1000000));
  o.min_dice = args.get_double("--min-dice", o.min_dice, 0.0, 1.0);
  o.max_vocabulary = static_cast<std::size_t>(args.get_int("--max-vocabulary", 200000, 1, 100000000));
  tm::Tm tm = tm::Tm::open(db_path(args), {.read_only = true});
  align::CorpusLexiconStats st;
  const auto entries = corpus::learn_tm_lexicon(tm, src, tgt, o, &st);
  if (*path == "-") {
    align::write_lexicon(std::cout, entries);
  } else {
    write_file_atomically(*path, [&](std::ostream& out) { align::write_lexicon(out, entries); });
  }
  if (!args.has("--quiet")) {
    std::cerr << "tm lexicon: " << st.segments << " " << src << "-" << tgt << " units, vocabulary " << st.src_vocabulary
              << " / " << st.tgt_vocabulary << ", " << entries.size() << " word pairs\n";
  }
  return 0;
}

}  // namespace muwazi::cli
