#include "tests/e2e/cli_util.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "gtest/gtest.h"

namespace muwazi::test {

RunResult run_muwazi(const std::vector<std::string>& args, const std::string& stdin_data) {
  // stdin from a temp file, stdout/stderr to temp files: no pipe deadlocks.
  std::string dir = temp_dir();
  std::string in = dir + "/stdin", out = dir + "/stdout", err = dir + "/stderr";
  write_file(in, stdin_data);
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int fi = ::open(in.c_str(), O_RDONLY);
    int fo = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int fe = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fi, 0);
    ::dup2(fo, 1);
    ::dup2(fe, 2);
    std::vector<char*> argv;
    std::string bin = MUWAZI_BIN;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  std::filesystem::remove_all(dir);
  return r;
}

std::string temp_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "muwazi-e2e-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream f(path, std::ios::binary);
  f << content;
  if (!f) throw std::runtime_error("cannot write " + path);
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string test_data(const std::string& rel) { return std::string(MUWAZI_TEST_DATA) + "/" + rel; }

std::string shared_data(const std::string& rel) {
  std::string p = std::string(MUWAZI_SHARED_DATA) + "/" + rel;
  return std::filesystem::exists(p) ? p : "";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> file_lines(const std::string& path) { return lines_of(read_file(path)); }

std::vector<std::string> segmented(const std::string& lang, const std::string& path) {
  RunResult r = run_muwazi({"segment", "--lang", lang, path});
  EXPECT_EQ(r.exit_code, 0) << "muwazi segment " << path << ": " << r.err;
  if (r.exit_code != 0) return {};
  return lines_of(r.out);
}

}  // namespace muwazi::test
