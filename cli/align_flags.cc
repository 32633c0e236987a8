#include "cli/align_flags.h"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "align/document_io.h"
#include "text/error.h"

namespace muwazi::cli {

const Options& align_options_group() {
  static const Options group = [] {
    Options o("aligner", "");
    o.value("--max-bead", "N",
            "largest number of sentences on one side of a bead, 1-8; 1-1 1-2 2-1 2-2 1-3 3-1 2-3 3-2 1-4 4-1 "
            "... and omissions. 0 (default): 3 x the ratio of the sentence counts, 4 to 8")
        .value("--dict", "FILE", "bilingual dictionary, one 'source<TAB>target' word pair a line")
        .value("--lexicon", "FILE", "word translations learned from a TM (`muwazi tm lexicon`); read like --dict, "
                                    "both may be given")
        .flag("--no-anchors", "length evidence only (no numbers, punctuation, names, ...)")
        .flag("--no-lexicon", "skip the second pass that learns word translations")
        .flag("--no-local", "do not re-align low-confidence stretches of a long document with a model estimated "
                            "on the stretch itself")
        .flag("--no-ratio", "do not estimate the length ratio; use --fixed-ratio")
        .value("--fixed-ratio", "R", "target/source length ratio with --no-ratio (default 1.0)")
        .value("--model", "K=V,...", "expert: override cost-model constants (align/aligner.h, ModelParams), e.g. "
                                     "--model lexicon_weight=1.5");
    return o;
  }();
  return group;
}

align::AlignOptions align_options_from(const Args& args, std::shared_ptr<align::Dictionary>& dictionary) {
  align::AlignOptions o;
  o.max_bead_side = static_cast<int>(args.get_int("--max-bead", 0, 0, 8));
  o.estimate_ratio = !args.has("--no-ratio");
  o.fixed_ratio = args.get_double("--fixed-ratio", 1.0, 0.01, 100.0);
  if (args.has("--fixed-ratio") && o.estimate_ratio) {
    throw Error::Usage("--fixed-ratio needs --no-ratio (otherwise the ratio is estimated)");
  }
  o.use_anchors = !args.has("--no-anchors");
  o.learn_lexicon = !args.has("--no-lexicon");
  o.realign_weak_stretches = !args.has("--no-local");
  for (const std::string& spec : args.get_all("--model")) {
    std::size_t pos = 0;
    while (pos <= spec.size()) {
      std::size_t comma = spec.find(',', pos);
      if (comma == std::string::npos) comma = spec.size();
      std::string kv = spec.substr(pos, comma - pos);
      pos = comma + 1;
      if (kv.empty()) continue;
      std::size_t eq = kv.find('=');
      char* end = nullptr;
      double v = eq == std::string::npos ? 0 : std::strtod(kv.c_str() + eq + 1, &end);
      if (eq == std::string::npos || end == kv.c_str() + eq + 1 || *end != '\0' || !std::isfinite(v) ||
          !align::set_model_param(o.model, kv.substr(0, eq), v)) {
        throw Error::Usage("--model wants NAME=NUMBER pairs naming ModelParams fields, not '" + kv + "'");
      }
      // Every constant is a cost, weight, count or width >= 0 (the search
      // stops early on the sum of non-negative terms); a temperature, width
      // or variance of 0 divides by zero (NaN scores); tail_weight is a
      // mixture weight.
      const std::string name = kv.substr(0, eq);
      const bool positive = name == "temperature" || name == "tail_scale" || name == "first_pass_variance";
      if (v < 0 || (positive && v <= 0) || (name == "tail_weight" && v > 1)) {
        throw Error::Usage("--model " + kv + ": out of range (" + name +
                           (positive ? " must be > 0)" : name == "tail_weight" ? " must be in [0, 1])" : " must be >= 0)"));
      }
    }
  }
  for (const char* flag : {"--dict", "--lexicon"}) {
    if (auto d = args.get_opt(flag)) {
      align::Dictionary words = align::read_dictionary(*d);
      if (!dictionary) dictionary = std::make_shared<align::Dictionary>();
      dictionary->merge(words);
      o.dictionary = dictionary.get();
    }
  }
  return o;
}

align::AlignOptions align_options_from_string(const std::string& flags,
                                             std::shared_ptr<align::Dictionary>& dictionary) {
  std::istringstream in(flags);
  std::vector<std::string> argv;
  for (std::string w; in >> w;) argv.push_back(w);
  static const Options config = std::move(Options("bench align --config", "").add(align_options_group()));
  Args args = config.parse(argv);
  if (args.help()) throw Error::Usage("--help in configuration flags '" + flags + "'");
  if (!args.positional().empty()) {
    throw Error::Usage("unexpected word '" + args.positional()[0] + "' in configuration flags '" + flags + "'");
  }
  return align_options_from(args, dictionary);
}

}  // namespace muwazi::cli
