// Subcommand registry: each cli/cmd_*.cc registers itself with
// MUWAZI_COMMAND, so adding a subcommand touches no shared file.
#ifndef MUWAZI_CLI_COMMAND_H_
#define MUWAZI_CLI_COMMAND_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace muwazi::cli {

// A subcommand gets its arguments (argv after the subcommand name) and
// returns the process exit code. It throws muwazi::Error for failures;
// main() prints the message and maps the kind to the exit code.
using CommandFn = std::function<int(const std::vector<std::string>& args)>;

struct Command {
  std::string summary;  // one line for `muwazi --help`
  CommandFn run;
};

std::map<std::string, Command>& command_registry();

struct CommandRegistrar {
  CommandRegistrar(const std::string& name, const std::string& summary, CommandFn fn) {
    command_registry()[name] = Command{summary, std::move(fn)};
  }
};

#define MUWAZI_CONCAT_INNER(a, b) a##b
#define MUWAZI_CONCAT(a, b) MUWAZI_CONCAT_INNER(a, b)
#define MUWAZI_COMMAND(name, summary, fn) \
  static ::muwazi::cli::CommandRegistrar MUWAZI_CONCAT(muwazi_cmd_, __LINE__)(name, summary, fn)

}  // namespace muwazi::cli

#endif  // MUWAZI_CLI_COMMAND_H_
