// Helpers for the reliability tests (tests/e2e/reliability_*_test.cc):
// running muwazi in the background, killing it, limiting its file size, and
// looking inside a TM with SQLite directly.
#ifndef MUWAZI_TESTS_E2E_RELIABILITY_UTIL_H_
#define MUWAZI_TESTS_E2E_RELIABILITY_UTIL_H_

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tests/e2e/cli_util.h"

namespace muwazi::test {

struct SpawnOptions {
  std::string stdin_path = "/dev/null";
  std::string stdout_path = "/dev/null";
  std::string stderr_path = "/dev/null";
  // RLIMIT_FSIZE for the child in bytes (< 0: unlimited). SIGXFSZ is
  // ignored in the child so an oversized write fails with EFBIG, like a full
  // disk, instead of killing the process.
  long long max_file_size = -1;
  // Run the child as this user and group id (< 0: unchanged). Tests run as
  // root, whom chmod 000 does not stop; "nobody" (65534) is stopped. The
  // child drops root's supplementary groups too.
  int uid = -1;
  // The program to run instead of MUWAZI_BIN (e.g. a copy that another user
  // can reach, or /bin/bash for a script), and NAME=VALUE pairs added to the
  // environment.
  std::string bin{};
  std::vector<std::string> env{};
};

// Starts `muwazi args...` (o.bin, when set) and returns its pid without
// waiting.
inline pid_t spawn_muwazi(const std::vector<std::string>& args, const SpawnOptions& o = {}) {
  // Everything the child needs is built before fork(): the child only makes
  // system calls until exec.
  std::string bin = o.bin.empty() ? std::string(MUWAZI_BIN) : o.bin;
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  argv.push_back(bin.data());
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_copy = o.env;
  std::vector<char*> envp;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view var(*e);
    const auto overridden = [&](const std::string& set) {
      return var.substr(0, var.find('=')) == std::string_view(set).substr(0, set.find('='));
    };
    if (std::none_of(env_copy.begin(), env_copy.end(), overridden)) envp.push_back(*e);
  }
  for (auto& e : env_copy) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int fi = ::open(o.stdin_path.c_str(), O_RDONLY);
    int fo = ::open(o.stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int fe = ::open(o.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fi < 0 || fo < 0 || fe < 0) ::_exit(126);
    ::dup2(fi, 0);
    ::dup2(fo, 1);
    ::dup2(fe, 2);
    if (o.max_file_size >= 0) {
      ::signal(SIGXFSZ, SIG_IGN);  // SIG_IGN survives exec
      struct rlimit rl = {static_cast<rlim_t>(o.max_file_size), static_cast<rlim_t>(o.max_file_size)};
      ::setrlimit(RLIMIT_FSIZE, &rl);
    }
    if (o.uid >= 0 && (::setgroups(0, nullptr) != 0 || ::setgid(static_cast<gid_t>(o.uid)) != 0 ||
                       ::setuid(static_cast<uid_t>(o.uid)) != 0)) {
      ::_exit(125);
    }
    ::execve(bin.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  return pid;
}

// Waits for `pid`: its exit code, or -N when killed by signal N.
inline int wait_child(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// Runs muwazi to completion with SpawnOptions; returns exit code (or -signal)
// and fills err with its stderr.
inline int run_with(const std::vector<std::string>& args, SpawnOptions o, std::string* err = nullptr) {
  const std::string dir = temp_dir();
  if (o.stderr_path == "/dev/null") o.stderr_path = dir + "/stderr";
  const int rc = wait_child(spawn_muwazi(args, o));
  if (err) *err = read_file(o.stderr_path);
  std::filesystem::remove_all(dir);
  return rc;
}

// A read-write SQLite connection to a TM, independent of muwazi's code.
class SqliteDb {
 public:
  explicit SqliteDb(const std::string& path, bool read_only = false) {
    const int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string m = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error(path + ": " + m);
    }
    sqlite3_busy_timeout(db_, 10000);
  }
  ~SqliteDb() { sqlite3_close(db_); }
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // All rows of the first column joined by '\n' (e.g. integrity_check).
  std::string text(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    }
    std::string out;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      if (!out.empty()) out += '\n';
      const unsigned char* t = sqlite3_column_text(s, 0);
      out += t ? reinterpret_cast<const char*>(t) : "NULL";
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    return out;
  }
  long long number(const std::string& sql) { return std::stoll(text(sql)); }

 private:
  sqlite3* db_ = nullptr;
};

// PRAGMA integrity_check of a TM ("ok" when sound).
inline std::string integrity(const std::string& db) { return SqliteDb(db).text("PRAGMA integrity_check"); }

// Copies a closed TM file (no -wal/-shm left behind) to `to`, removing any
// -wal/-shm of `to`.
inline void copy_tm(const std::string& from, const std::string& to) {
  namespace fs = std::filesystem;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(to + suffix);
  fs::copy_file(from, to);
}

}  // namespace muwazi::test

#endif  // MUWAZI_TESTS_E2E_RELIABILITY_UTIL_H_
