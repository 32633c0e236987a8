#include "cli/args.h"

#include <boost/program_options.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <ostream>

#include "text/error.h"

namespace muwazi::cli {

namespace po = boost::program_options;

namespace {

// The hidden option that collects positional arguments.
constexpr const char* kPositional = "muwazi-positional-argument";

// "--db" -> "db"; "-o" -> ",o"; "--output,-o" -> "output,o" (Program_options' spelling).
std::string po_name(const std::string& name) {
  std::string long_name, short_name;
  std::size_t comma = name.find(',');
  for (std::string part : {name.substr(0, comma), comma == std::string::npos ? std::string() : name.substr(comma + 1)}) {
    if (part.rfind("--", 0) == 0 && part.size() > 2) {
      long_name = part.substr(2);
    } else if (part.size() == 2 && part[0] == '-' && part[1] != '-') {
      short_name = part.substr(1);
    } else if (!part.empty()) {
      throw std::logic_error("option name '" + name + "': want --long, -s or --long,-s");
    }
  }
  return short_name.empty() ? long_name : long_name + "," + short_name;
}

// A parsed option's key back in the user's spelling: "db" -> "--db"; a
// short-only option keeps Program_options' "-o".
std::string user_name(const std::string& key) { return key.rfind('-', 0) == 0 ? key : "--" + key; }

}  // namespace

struct Options::Impl {
  std::string command, usage;
  po::options_description own{"options"};
  std::vector<po::options_description> groups;
};

Options::Options(std::string command, std::string usage) : impl_(std::make_unique<Impl>()) {
  impl_->command = std::move(command);
  impl_->usage = std::move(usage);
  flag("--help,-h", "show this help");
}
Options::~Options() = default;
Options::Options(Options&&) noexcept = default;

Options& Options::value(const std::string& name, const std::string& value_name, const std::string& help) {
  impl_->own.add_options()(po_name(name).c_str(), po::value<std::string>()->value_name(value_name), help.c_str());
  return *this;
}

Options& Options::flag(const std::string& name, const std::string& help) {
  impl_->own.add_options()(po_name(name).c_str(), po::bool_switch(), help.c_str());
  return *this;
}

Options& Options::add(const Options& group) {
  // The group's own options under its caption (not its --help).
  po::options_description d(group.impl_->command + " options");
  for (const auto& opt : group.impl_->own.options()) {
    if (opt->long_name() != "help") d.add(opt);
  }
  impl_->groups.push_back(std::move(d));
  return *this;
}

Args Options::parse(const std::vector<std::string>& argv) const {
  const Impl& m = *impl_;
  po::options_description all;
  all.add(m.own);
  for (const auto& g : m.groups) all.add(g);
  all.add_options()(kPositional, po::value<std::vector<std::string>>(), "");
  po::positional_options_description positional;
  positional.add(kPositional, -1);
  // unix_style without guessing: "--pre" must not mean "--presplit".
  const int style = po::command_line_style::unix_style & ~po::command_line_style::allow_guessing;
  const std::string see = " (see muwazi " + m.command + " --help)";
  std::map<std::string, std::vector<std::string>> values;
  std::vector<std::string> args;
  try {
    po::parsed_options parsed = po::command_line_parser(argv).options(all).positional(positional).style(style).run();
    for (const po::option& o : parsed.options) {
      if (o.string_key == kPositional) {
        if (o.position_key < 0) throw Error::Usage("unknown option --" + o.string_key + see);
        args.insert(args.end(), o.value.begin(), o.value.end());
        continue;
      }
      // A switch has no value token; "1" marks it given.
      values[user_name(o.string_key)].push_back(o.value.empty() ? std::string("1") : o.value.front());
    }
  } catch (const po::unknown_option& e) {
    throw Error::Usage("unknown option " + e.get_option_name() + see);
  } catch (const po::invalid_command_line_syntax& e) {
    if (e.kind() == po::invalid_syntax::missing_parameter) throw Error::Usage(e.get_option_name() + " needs a value");
    if (e.kind() == po::invalid_syntax::extra_parameter) throw Error::Usage(e.get_option_name() + " takes no value");
    throw Error::Usage(std::string(e.what()) + see);
  } catch (const po::error& e) {
    throw Error::Usage(std::string(e.what()) + see);
  }
  return Args(m.command, std::move(values), std::move(args));
}

void Options::print_help(std::ostream& out) const {
  out << impl_->usage;
  if (!impl_->usage.empty() && impl_->usage.back() != '\n') out << "\n";
  out << "\n" << impl_->own;
  for (const auto& g : impl_->groups) out << "\n" << g;
}

bool Args::has(const std::string& flag) const { return values_.count(flag) > 0; }

std::string Args::get(const std::string& flag, const std::string& def) const {
  auto it = values_.find(flag);
  return it == values_.end() ? def : it->second.back();
}

std::optional<std::string> Args::get_opt(const std::string& flag) const {
  auto it = values_.find(flag);
  if (it == values_.end()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> Args::get_all(const std::string& flag) const {
  auto it = values_.find(flag);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

long Args::get_int(const std::string& flag, long def, long min, long max) const {
  auto v = get_opt(flag);
  if (!v) return def;
  errno = 0;
  char* end = nullptr;
  long x = std::strtol(v->c_str(), &end, 10);
  if (v->empty() || *end != '\0' || errno == ERANGE || x < min || x > max) {
    throw Error::Usage(flag + " wants a whole number from " +
                       std::to_string(min) + " to " + std::to_string(max) + ", not '" + *v + "'");
  }
  return x;
}

double Args::get_double(const std::string& flag, double def, double min, double max) const {
  auto v = get_opt(flag);
  if (!v) return def;
  char* end = nullptr;
  double x = std::strtod(v->c_str(), &end);
  if (v->empty() || *end != '\0' || !std::isfinite(x) || x < min || x > max) {
    throw Error::Usage(flag + " wants a number from " +
                       std::to_string(min) + " to " + std::to_string(max) + ", not '" + *v + "'");
  }
  return x;
}

std::string Args::get_choice(const std::string& flag, const std::string& def,
                             const std::vector<std::string>& choices) const {
  std::string v = get(flag, def);
  if (std::find(choices.begin(), choices.end(), v) == choices.end()) {
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : "|") + c;
    throw Error::Usage(flag + " must be one of " + list + ", not '" + v + "'");
  }
  return v;
}

void Args::require_positional(std::size_t min, std::size_t max, const std::string& what) const {
  if (positional_.size() < min || positional_.size() > max) {
    throw Error::Usage("expected " + what + " (see muwazi " + command_ + " --help)");
  }
}

}  // namespace muwazi::cli
