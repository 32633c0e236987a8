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

// The lines of `text` without their '\n' (a last line without one counts).
std::vector<std::string> lines_of(const std::string& text);
// The lines of the file at `path`.
std::vector<std::string> file_lines(const std::string& path);
// `muwazi segment --lang LANG PATH`: the sentences of a raw article, one per
// element; an empty vector (and a gtest failure) when the command fails.
std::vector<std::string> segmented(const std::string& lang, const std::string& path);

}  // namespace muwazi::test

#endif  // MUWAZI_TESTS_E2E_CLI_UTIL_H_
