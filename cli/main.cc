// The `muwazi` command: dispatches to the subcommands registered in cli/cmd_*.cc
// and turns muwazi::Error into one line on stderr and an exit code.
#include <cstdio>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "cli/command.h"
#include "text/error.h"

namespace muwazi::cli {

std::map<std::string, Command>& command_registry() {
  static std::map<std::string, Command> registry;
  return registry;
}

namespace {
void print_help(std::ostream& out) {
  out << "muwazi " << "— align Arabic articles with their translations and keep a translation memory\n\n"
      << "usage: muwazi COMMAND [options] [args]\n\ncommands:\n";
  for (const auto& [name, cmd] : command_registry()) {
    out << "  " << name << std::string(name.size() < 12 ? 12 - name.size() : 1, ' ') << cmd.summary << "\n";
  }
  out << "\n`muwazi COMMAND --help` describes a command.\n";
}
}  // namespace

}  // namespace muwazi::cli

int main(int argc, char** argv) {
  using namespace muwazi::cli;
  std::ios::sync_with_stdio(false);
  if (argc < 2) {
    print_help(std::cerr);
    return 2;
  }
  std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_help(std::cout);
    return 0;
  }
  if (name == "--version") {
    std::cout << "muwazi 0.1.0\n";
    return 0;
  }
  auto& reg = command_registry();
  auto it = reg.find(name);
  if (it == reg.end()) {
    std::cerr << "muwazi: unknown command '" << name << "' (see muwazi --help)\n";
    return 2;
  }
  std::vector<std::string> args(argv + 2, argv + argc);
  try {
    int rc = it->second.run(args);
    std::cout.flush();
    if (!std::cout) {
      std::cerr << "muwazi " << name << ": error writing to stdout\n";
      return 1;
    }
    return rc;
  } catch (const muwazi::Error& e) {
    std::cout.flush();
    std::cerr << "muwazi " << name << ": " << e.what() << "\n";
    return muwazi::exit_code(e.kind());
  } catch (const std::bad_alloc&) {
    std::cerr << "muwazi " << name << ": out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "muwazi " << name << ": internal error: " << e.what() << "\n";
    return 1;
  }
}
