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

// Value flags: --max-bead N, --fixed-ratio R, --dict FILE.
// Switches: --no-anchors, --no-lexicon (no learned lexicon), --no-ratio
// (use --fixed-ratio, default 1.0, instead of estimating it).
const std::vector<std::string>& align_value_flags();
const std::vector<std::string>& align_bool_flags();
// Text for --help.
const char* align_flags_help();

// AlignOptions from parsed flags. A --dict file is read into `dictionary`
// (which must outlive the options). Throws muwazi::Error.
align::AlignOptions align_options_from(const Args& args, std::shared_ptr<align::Dictionary>& dictionary);

// Parses a flag string such as "--no-anchors --max-bead 3" (bench configs).
align::AlignOptions align_options_from_string(const std::string& flags,
                                             std::shared_ptr<align::Dictionary>& dictionary);

}  // namespace muwazi::cli

#endif  // MUWAZI_CLI_ALIGN_FLAGS_H_
