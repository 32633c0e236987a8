// Helpers for end-to-end tests: run the muwazi binary and capture its
// stdout, stderr and exit code.
#ifndef MUWAZI_TESTS_E2E_CLI_UTIL_H_
#define MUWAZI_TESTS_E2E_CLI_UTIL_H_

#include <string>
#include <vector>

namespace muwazi::test {

struct RunResult {
  int exit_code = -1;  // -1: killed by a signal
  std::string out;
  std::string err;
};

// Runs `muwazi args...` with `stdin_data` on standard input.
RunResult run_muwazi(const std::vector<std::string>& args, const std::string& stdin_data = "");

// A fresh empty temporary directory, removed at process exit.
std::string temp_dir();
void write_file(const std::string& path, const std::string& content);
std::string read_file(const std::string& path);
// Path inside tests/data, and inside ../shared/data ("" when absent).
std::string test_data(const std::string& rel);
std::string shared_data(const std::string& rel);

}  // namespace muwazi::test

#endif  // MUWAZI_TESTS_E2E_CLI_UTIL_H_
