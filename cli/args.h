// The parsed command line of one subcommand, and the declaration that parses
// it. Every subcommand declares its options once, as an Options (Boost.
// Program_options underneath): the same declaration parses argv and prints
// --help, so the help cannot drift from what is accepted.
//
//   Options opts("tm add", kUsage);
//   opts.value("--db", "PATH", "the TM (default muwazi.db)").flag("--presplit", "one sentence per line");
//   Args args = opts.parse(argv);
//   if (args.help()) { opts.print_help(std::cout); return 0; }
//
// Syntax: `--flag value`, `--flag=value`, `-o value`, `-ovalue`; switches take
// no value; a value flag may be repeated (get() gives the last value, get_all()
// every one); "-" is positional and "--" ends the flags. No abbreviations.
// Unknown flags, missing values and values given to switches are usage errors
// (exit 2) naming the flag.
#ifndef MUWAZI_CLI_ARGS_H_
#define MUWAZI_CLI_ARGS_H_

#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace muwazi::cli {

class Args {
 public:
  Args(std::string command, std::map<std::string, std::vector<std::string>> values,
       std::vector<std::string> positional)
      : command_(std::move(command)), values_(std::move(values)), positional_(std::move(positional)) {}

  // --help or -h was given.
  bool help() const { return has("--help"); }
  // `flag` is the long name with its dashes ("--db"), or "-o" for a flag
  // with only a short name.
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

// The options of one subcommand. Names are written as the user types them:
// "--db", or "-o" for a short-only flag, or "--output,-o" for both.
class Options {
 public:
  // `command` names the subcommand in messages ("tm add"); `usage` is the
  // text --help prints before the generated option list (usage lines and a
  // description). --help/-h is declared for every command.
  Options(std::string command, std::string usage);
  ~Options();
  Options(Options&&) noexcept;

  // A flag that takes a value, shown as `--db PATH` in the help.
  Options& value(const std::string& name, const std::string& value_name, const std::string& help);
  // A switch (no value).
  Options& flag(const std::string& name, const std::string& help);
  // Another group of options, printed under its own caption (the aligner's
  // flags, shared by align, tm add, batch and bench configurations).
  Options& add(const Options& group);

  // Parses argv (the words after the subcommand's name). Throws Error::Usage.
  Args parse(const std::vector<std::string>& argv) const;
  // The usage text and every option with its help.
  void print_help(std::ostream& out) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace muwazi::cli

#endif  // MUWAZI_CLI_ARGS_H_
