#include "cli/args.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "text/error.h"

namespace muwazi::cli {

namespace {
bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}
}  // namespace

Args::Args(const std::string& command, const std::vector<std::string>& argv, const FlagSpec& spec)
    : command_(command) {
  bool flags_done = false;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (flags_done || a == "-" || a.empty() || a[0] != '-') {
      positional_.push_back(a);
      continue;
    }
    if (a == "--") {
      flags_done = true;
      continue;
    }
    std::string name = a, value;
    bool inline_value = false;
    if (auto eq = a.find('='); eq != std::string::npos && a.rfind("--", 0) == 0) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
      inline_value = true;
    }
    if (contains(spec.bool_flags, name)) {
      if (inline_value) throw Error::Usage(name + " takes no value");
      values_[name].push_back("1");
    } else if (contains(spec.value_flags, name)) {
      if (!inline_value) {
        if (i + 1 >= argv.size()) throw Error::Usage(name + " needs a value");
        value = argv[++i];
      }
      values_[name].push_back(value);
    } else {
      throw Error::Usage("unknown option " + name +
                         " (see muwazi " + command_ + " --help)");
    }
  }
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
  if (!contains(choices, v)) {
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
