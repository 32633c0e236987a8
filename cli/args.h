// A small command-line parser: `--flag value`, `--flag=value`, boolean
// switches, repeated flags, positional arguments ("-" is positional, "--"
// ends flags). Unknown flags and missing values are usage errors (exit 2).
#ifndef MUWAZI_CLI_ARGS_H_
#define MUWAZI_CLI_ARGS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace muwazi::cli {

struct FlagSpec {
  std::vector<std::string> value_flags;  // e.g. {"--db", "-o", "--config"}
  std::vector<std::string> bool_flags;   // e.g. {"--json", "--presplit"}
};

class Args {
 public:
  // `command` names the subcommand in error messages ("align").
  Args(const std::string& command, const std::vector<std::string>& argv, const FlagSpec& spec);

  bool has(const std::string& flag) const;
  // Last value given for `flag`, or `def`.
  std::string get(const std::string& flag, const std::string& def = "") const;
  std::optional<std::string> get_opt(const std::string& flag) const;
  // Every value given for a repeatable flag, in order.
  std::vector<std::string> get_all(const std::string& flag) const;
  // Parsed numbers; a malformed or out-of-range value is a usage error.
  long get_int(const std::string& flag, long def, long min, long max) const;
  double get_double(const std::string& flag, double def, double min, double max) const;
  // One of `choices`, or a usage error naming them.
  std::string get_choice(const std::string& flag, const std::string& def,
                         const std::vector<std::string>& choices) const;

  const std::vector<std::string>& positional() const { return positional_; }
  // Usage error unless min <= positional().size() <= max.
  void require_positional(std::size_t min, std::size_t max, const std::string& what) const;

 private:
  std::string command_;
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

}  // namespace muwazi::cli

#endif  // MUWAZI_CLI_ARGS_H_
