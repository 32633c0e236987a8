// The flags that configure the aligner, shared by `muwazi align`,
// `muwazi tm add` and `muwazi bench align --config NAME=FLAGS`.
#ifndef MUWAZI_CLI_ALIGN_FLAGS_H_
#define MUWAZI_CLI_ALIGN_FLAGS_H_

#include <memory>
#include <string>
#include <vector>

#include "align/aligner.h"
#include "cli/args.h"

namespace muwazi::cli {

// The aligner's flags as one group ("aligner options"): --max-bead N,
// --dict FILE, --lexicon FILE, --no-anchors, --no-lexicon, --no-local, --no-ratio,
// --fixed-ratio R, --model K=V,... Add it to a command with Options::add().
const Options& align_options_group();

// AlignOptions from parsed flags. --dict and --lexicon files are read into `dictionary`
// (which must outlive the options). Throws muwazi::Error.
align::AlignOptions align_options_from(const Args& args, std::shared_ptr<align::Dictionary>& dictionary);

// Parses a flag string such as "--no-anchors --max-bead 3" (bench configs).
align::AlignOptions align_options_from_string(const std::string& flags,
                                             std::shared_ptr<align::Dictionary>& dictionary);

}  // namespace muwazi::cli

#endif  // MUWAZI_CLI_ALIGN_FLAGS_H_
