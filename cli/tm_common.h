// Helpers shared by the `muwazi tm ...` subcommands.
#ifndef MUWAZI_CLI_TM_COMMON_H_
#define MUWAZI_CLI_TM_COMMON_H_

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "tm/tm.h"

namespace muwazi::cli {

inline constexpr const char* kDefaultDb = "muwazi.db";

// The subcommands (argv after "tm NAME").
int tm_add(const std::vector<std::string>& argv);
int tm_import(const std::vector<std::string>& argv);
int tm_export(const std::vector<std::string>& argv);
int tm_lookup(const std::vector<std::string>& argv);
int tm_concordance(const std::vector<std::string>& argv);
int tm_stats(const std::vector<std::string>& argv);
int tm_merge(const std::vector<std::string>& argv);
int tm_lexicon(const std::vector<std::string>& argv);

// --db, default muwazi.db.
std::string db_path(const Args& args);
// A language flag: "" when absent; a usage error for an unknown tag.
std::string lang_flag(const Args& args, const std::string& flag, const std::string& def = "");
// Writes `path` through a temporary file renamed into place, so a failure
// leaves no half-written file. A device, FIFO or /dev/stdout is written
// directly (renaming over it would replace the device node).
void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);
// true when progress may be drawn on stderr (a terminal, no --quiet).
bool show_progress(const Args& args);

}  // namespace muwazi::cli

#endif  // MUWAZI_CLI_TM_COMMON_H_
