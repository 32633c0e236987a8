// The bad input catalogue (docs/BAD_INPUT.md): every kind of bad input we
// tried, with what muwazi must do — one line on stderr naming the problem,
// exit 1 (input/io), 2 (usage) or 3 (database), never a crash or a hang, and
// the TM unchanged. Also the regression tests for what the fuzzers found.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/cli_util.h"
#include "tests/e2e/reliability_util.h"

namespace muwazi::test {
namespace {

using nlohmann::json;

// stderr is one line (ends in a newline, none before).
bool one_line(const std::string& err) {
  return !err.empty() && err.back() == '\n' && std::count(err.begin(), err.end(), '\n') == 1;
}

long long unit_count(const std::string& db) {
  RunResult r = run_muwazi({"tm", "stats", "--db", db, "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? json::parse(r.out)["units"].get<long long>() : -1;
}

// A TM holding one unit, for "the TM is unchanged" checks.
std::string one_unit_tm(const std::string& dir) {
  const std::string db = dir + "/tm.db";
  write_file(dir + "/seed.tsv", "مرحبا بالعالم\tHello world\n");
  RunResult r = run_muwazi({"tm", "import", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", dir + "/seed.tsv"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return db;
}

// --- Regressions found by the fuzzers (tests/fuzz) ---------------------------

// jsonl_fuzz: a number too large for a double ("2e308") made nlohmann::json
// throw out_of_range, which nobody caught: muwazi died with terminate().
TEST(BadInputFuzzRegression, JsonlNumberOverflowIsAnInputError) {
  const std::string dir = temp_dir();
  const std::string db = one_unit_tm(dir);
  write_file(dir + "/big.jsonl",
             "{\"src\":[0],\"tgt\":[0],\"src_text\":\"نص\",\"tgt_text\":\"text\",\"score\":0.9}\n"
             "{\"src\":[1],\"tgt\":[1],\"src_text\":\"a b\",\"tgt_text\":\"c\",\"score\":2e308}\n");
  RunResult r = run_muwazi({"tm", "import", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", dir + "/big.jsonl"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("big.jsonl:2: invalid JSON"), std::string::npos) << r.err;
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_EQ(unit_count(db), 1);
}

// Scores are confidences in [0,1] (tm/unit.h); a TSV or JSONL score outside
// that range (or nan/inf) used to be stored as given.
TEST(BadInputFuzzRegression, ScoreOutsideZeroOneIsAnInputError) {
  const std::string dir = temp_dir();
  const std::string db = one_unit_tm(dir);
  for (const char* score : {"5", "-0.5", "nan", "inf"}) {
    write_file(dir + "/s.tsv", std::string("أ\tA\t0.5\nب\tB\t") + score + "\n");
    RunResult r = run_muwazi({"tm", "import", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", dir + "/s.tsv"});
    EXPECT_EQ(r.exit_code, 1) << score << ": " << r.err;
    EXPECT_NE(r.err.find("s.tsv:2: third column is not a score"), std::string::npos) << r.err;
  }
  write_file(dir + "/s.jsonl", "{\"src_text\":\"أ\",\"tgt_text\":\"A\",\"score\":1.5}\n");
  RunResult r = run_muwazi({"tm", "import", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", dir + "/s.jsonl"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("s.jsonl:1: \"score\" must lie between 0 and 1"), std::string::npos) << r.err;
  EXPECT_EQ(unit_count(db), 1);
}

// --- Output that cannot be written -------------------------------------------

// `tm export -o PATH` wrote PATH.tmp and renamed it over PATH, so with PATH
// a device (/dev/full, /dev/stdout, a FIFO) root replaced the device node by
// a regular file and reported success. The link below points at /dev/full
// so a regression replaces only the link, not the device.
TEST(BadInputOutput, ExportToAFullDeviceFailsAndKeepsTheDevice) {
  const std::string dir = temp_dir();
  const std::string db = one_unit_tm(dir);
  const std::string link = dir + "/full";
  std::filesystem::create_symlink("/dev/full", link);
  for (const char* format : {"tmx", "tsv"}) {
    RunResult r = run_muwazi({"tm", "export", "--db", db, "--format", format, "-o", link});
    EXPECT_EQ(r.exit_code, 1) << format << ": " << r.err;
    // "PATH: write error" (caught at the flush) or "error writing TMX output".
    EXPECT_TRUE(r.err.find("write error") != std::string::npos || r.err.find("error writing") != std::string::npos)
        << r.err;
    EXPECT_TRUE(one_line(r.err)) << r.err;  // and no libxml2 "I/O error" line
    EXPECT_TRUE(std::filesystem::is_symlink(link));
    EXPECT_FALSE(std::filesystem::exists(link + ".tmp"));
  }
  RunResult r = run_muwazi({"tm", "export", "--db", db, "-o", dir});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("is a directory"), std::string::npos) << r.err;
}

// Every command that prints results reports a full standard output (exit 1)
// instead of losing its output silently.
TEST(BadInputOutput, FullStdoutIsAnIoError) {
  const std::string dir = temp_dir();
  const std::string db = one_unit_tm(dir);
  const std::string ar = test_data("sample/sentences.ar"), en = test_data("sample/sentences.en");
  const std::string gold = test_data("sample/sentences.gold");
  const std::vector<std::vector<std::string>> commands = {
      {"segment", test_data("sample/article.en.txt")},
      {"align", "--presplit", ar, en},
      {"eval", gold, gold},
      {"tm", "export", "--db", db},
      {"tm", "export", "--db", db, "--format", "tsv"},
      {"tm", "lookup", "--db", db, "مرحبا بالعالم"},
      {"tm", "concordance", "--db", db, "مرحبا"},
      {"tm", "stats", "--db", db},
  };
  for (const auto& args : commands) {
    std::string err;
    const int rc = run_with(args, {.stdout_path = "/dev/full"}, &err);
    EXPECT_EQ(rc, 1) << args[0] << " " << args[1] << ": " << err;
    EXPECT_NE(err.find("error writing"), std::string::npos) << err;
    EXPECT_TRUE(one_line(err)) << err;
  }
}

// --- Text input: encodings, binary data, odd files ----------------------------

// Paths of the bundled sample (NTREX, see tests/data/sample/NOTICE.md).
std::string sample(const std::string& name) { return test_data("sample/" + name); }

// A gold/bead alignment covers n_src and n_tgt sentences exactly once, in
// order (what muwazi align promises for any input).
void expect_covers(const std::string& beads, int n_src, int n_tgt) {
  int next_src = 0, next_tgt = 0;
  std::istringstream in(beads);
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t mid = line.find("]:[");
    ASSERT_NE(mid, std::string::npos) << line;
    auto ids = [](const std::string& list) {
      std::vector<int> v;
      std::istringstream ls(list);
      std::string tok;
      while (std::getline(ls, tok, ',')) {
        if (tok.find_first_not_of(" ") != std::string::npos) v.push_back(std::stoi(tok));
      }
      return v;
    };
    const std::size_t end = line.find(']', mid + 3);
    for (int id : ids(line.substr(1, mid - 1))) EXPECT_EQ(id, next_src++) << line;
    for (int id : ids(line.substr(mid + 3, end - mid - 3))) EXPECT_EQ(id, next_tgt++) << line;
  }
  EXPECT_EQ(next_src, n_src);
  EXPECT_EQ(next_tgt, n_tgt);
}

int count_lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

// Every command that reads text names the file, the line and the byte
// (0-based offset in the file, and the byte's value).
TEST(BadInputText, InvalidUtf8IsRefusedWithLineAndByteEverywhere) {
  const std::string dir = temp_dir();
  const std::string bad = dir + "/bad.txt";
  write_file(bad, "سطر أول صحيح.\nالسطر \xD9 الثاني\n");  // a lone lead byte on line 2
  // Arabic in Windows-1256, the usual legacy encoding: not UTF-8 either.
  const std::string cp1256 = dir + "/cp1256.txt";
  write_file(cp1256, "Title\n\xE3\xD1\xCD\xC8\xC7 \xC8\xC7\xE1\xDA\xC7\xE1\xE3\n");
  const std::string db = one_unit_tm(dir);
  struct Case {
    std::vector<std::string> args;
    std::string want;
  };
  const std::vector<Case> cases = {
      {{"segment", bad}, "bad.txt:2: byte 35: invalid UTF-8 (0xD9)"},
      {{"segment", cp1256}, "cp1256.txt:2: byte 6: invalid UTF-8 (0xE3)"},
      {{"align", bad, sample("article.en.txt")}, "bad.txt:2: byte 35: invalid UTF-8 (0xD9)"},
      {{"align", sample("article.ar.txt"), bad}, "bad.txt:2: byte 35: invalid UTF-8 (0xD9)"},
      {{"eval", bad, sample("sentences.gold")}, "bad.txt:2: byte 35: invalid UTF-8 (0xD9)"},
      {{"tm", "add", "--db", db, bad, sample("article.en.txt")}, "bad.txt:2: byte 35: invalid UTF-8 (0xD9)"},
      {{"tm", "lookup", "--db", db, "\xD9\xFF"}, "query: invalid UTF-8"},
  };
  for (const Case& c : cases) {
    RunResult r = run_muwazi(c.args);
    EXPECT_EQ(r.exit_code, 1) << c.args[0] << ": " << r.err;
    EXPECT_NE(r.err.find(c.want), std::string::npos) << r.err;
    EXPECT_TRUE(one_line(r.err)) << r.err;
    EXPECT_EQ(r.out, "");
  }
  // The TSV importer counts bytes within the line, from 1.
  write_file(dir + "/bad.tsv", "أ\tA\nب\tB \xC0\xAF\n");
  RunResult r = run_muwazi({"tm", "import", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", dir + "/bad.tsv"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("bad.tsv:2: invalid UTF-8 at byte"), std::string::npos) << r.err;
  EXPECT_EQ(unit_count(db), 1);
}

TEST(BadInputText, NulBytesAndUtf16AreNotText) {
  const std::string dir = temp_dir();
  write_file(dir + "/nul.txt", std::string("line one\nline\0two\n", 18));
  const std::string hello = "hello world, this is English text\n";
  std::string le = "\xFF\xFE", be = "\xFE\xFF", le_nobom;
  for (char c : hello) {
    le += c, le += '\0';
    be += '\0', be += c;
    le_nobom += c, le_nobom += '\0';
  }
  write_file(dir + "/le.txt", le);
  write_file(dir + "/be.txt", be);
  write_file(dir + "/le_nobom.txt", le_nobom);
  struct Case {
    std::string file, want;
  };
  for (const Case& c : std::vector<Case>{{"nul.txt", "nul.txt:2: byte 13: NUL byte: binary data"},
                                         {"le.txt", "UTF-16 text (byte-order mark)"},
                                         {"be.txt", "UTF-16 text (byte-order mark)"},
                                         {"le_nobom.txt", "looks like UTF-16 text without byte-order mark"}}) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"segment", dir + "/" + c.file},
          std::vector<std::string>{"align", dir + "/" + c.file, sample("article.en.txt")}}) {
      RunResult r = run_muwazi(args);
      EXPECT_EQ(r.exit_code, 1) << c.file << ": " << r.err;
      EXPECT_NE(r.err.find(c.want), std::string::npos) << r.err;
      EXPECT_TRUE(one_line(r.err)) << r.err;
    }
  }
  // Binary data on standard input, and as a TSV to import.
  RunResult r = run_muwazi({"segment", "-"}, std::string("\x7F" "ELF\x02\x01\x01\0\0\0", 10));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("<stdin>:1: byte 7: NUL byte"), std::string::npos) << r.err;
  const std::string db = one_unit_tm(dir);
  write_file(dir + "/nul.tsv", std::string("a\tb\nc\0\td\n", 9));
  r = run_muwazi({"tm", "import", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", dir + "/nul.tsv"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("nul.tsv:2: NUL byte"), std::string::npos) << r.err;
  EXPECT_EQ(unit_count(db), 1);
}

// An empty file is valid (empty) text: nothing to segment; an empty side of
// a pair makes every sentence of the other side an omission.
TEST(BadInputText, EmptyFiles) {
  const std::string dir = temp_dir();
  const std::string empty = dir + "/empty.txt";
  write_file(empty, "");
  RunResult r = run_muwazi({"segment", empty});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  r = run_muwazi({"align", "--presplit", empty, sample("sentences.en")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  expect_covers(r.out, 0, count_lines(read_file(sample("sentences.en"))));
  EXPECT_EQ(r.out.find("]:[]"), std::string::npos);  // no source side at all
  r = run_muwazi({"align", "--presplit", sample("sentences.ar"), empty});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  expect_covers(r.out, count_lines(read_file(sample("sentences.ar"))), 0);
  r = run_muwazi({"align", empty, empty});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  // tm add of an empty pair stores nothing; an empty TSV imports nothing; an
  // empty "TMX" is not XML.
  const std::string db = one_unit_tm(dir);
  r = run_muwazi({"tm", "add", "--db", db, empty, sample("article.en.txt")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = run_muwazi({"tm", "import", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", "--format", "tsv", empty});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  write_file(dir + "/empty.tmx", "");
  r = run_muwazi({"tm", "import", "--db", db, dir + "/empty.tmx"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("empty.tmx:1: XML error"), std::string::npos) << r.err;
  EXPECT_EQ(unit_count(db), 1);
}

TEST(BadInputText, DirectoriesAreRefused) {
  const std::string dir = temp_dir();
  const std::string db = one_unit_tm(dir);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"segment", dir}, std::vector<std::string>{"align", dir, sample("article.en.txt")},
        std::vector<std::string>{"eval", dir, sample("sentences.gold")},
        std::vector<std::string>{"tm", "add", "--db", db, sample("article.ar.txt"), dir},
        std::vector<std::string>{"tm", "import", "--db", db, "--format", "tmx", dir}}) {
    RunResult r = run_muwazi(args);
    EXPECT_EQ(r.exit_code, 1) << args[0] << ": " << r.err;
    EXPECT_TRUE(one_line(r.err)) << r.err;
    EXPECT_TRUE(r.err.find("is a directory") != std::string::npos || r.err.find("Is a directory") != std::string::npos)
        << r.err;
  }
  RunResult r = run_muwazi({"tm", "lookup", "--db", dir, "hello"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("not a regular file"), std::string::npos) << r.err;
}

// A FIFO is read like a pipe (`muwazi align <(cmd1) <(cmd2)` works); with no
// writer it waits, as cat does.
TEST(BadInputText, FifosAreReadLikePipes) {
  const std::string dir = temp_dir();
  const std::string fa = dir + "/a.fifo", fe = dir + "/e.fifo";
  ASSERT_EQ(::mkfifo(fa.c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo(fe.c_str(), 0600), 0);
  const std::string ar = read_file(sample("sentences.ar")), en = read_file(sample("sentences.en"));
  // One writer process per FIFO (content prepared before fork).
  auto writer = [](const std::string& path, const std::string& content) {
    pid_t pid = ::fork();
    if (pid == 0) {
      int fd = ::open(path.c_str(), O_WRONLY);
      std::size_t done = 0;
      while (fd >= 0 && done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
      }
      ::_exit(done == content.size() ? 0 : 1);
    }
    return pid;
  };
  const pid_t wa = writer(fa, ar), we = writer(fe, en);
  RunResult r = run_muwazi({"align", "--presplit", fa, fe});
  EXPECT_EQ(wait_child(wa), 0);
  EXPECT_EQ(wait_child(we), 0);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  expect_covers(r.out, count_lines(ar), count_lines(en));
  RunResult file = run_muwazi({"align", "--presplit", sample("sentences.ar"), sample("sentences.en")});
  EXPECT_EQ(r.out, file.out);
}

// -o onto a FIFO or a device (/dev/null, /dev/stdout) writes into it: the
// temporary-file-and-rename that protects a regular file would replace the
// node with a regular file (as root, `align -o /dev/null` replaced /dev/null
// with one). A FIFO stands for the devices here.
TEST(BadInputText, OutputOntoAFifoOrDeviceIsWrittenInPlace) {
  const std::string dir = temp_dir();
  write_file(dir + "/pairs.tsv", sample("sentences.ar") + "\t" + sample("sentences.en") + "\tdoc\n");
  const std::vector<std::vector<std::string>> commands = {
      {"align", "--presplit", sample("sentences.ar"), sample("sentences.en")},
      {"batch", "--presplit", "--quiet", dir + "/pairs.tsv"},
  };
  for (const std::vector<std::string>& args : commands) {
    SCOPED_TRACE(args[0]);
    const std::string fifo = dir + "/out.fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    // A reader copies the FIFO into a file.
    const pid_t reader = ::fork();
    if (reader == 0) {
      const int in = ::open(fifo.c_str(), O_RDONLY);
      const int out = ::open((dir + "/read").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      char buf[4096];
      ssize_t n = 0;
      while (in >= 0 && out >= 0 && (n = ::read(in, buf, sizeof buf)) > 0) {
        if (::write(out, buf, static_cast<std::size_t>(n)) != n) ::_exit(1);
      }
      ::_exit(in >= 0 && out >= 0 && n == 0 ? 0 : 1);
    }
    // Held open (read-write) while muwazi runs, so that the reader gets its
    // end of file even when muwazi never opens the FIFO: no hang.
    const int hold = ::open(fifo.c_str(), O_RDWR);
    ASSERT_GE(hold, 0);
    std::vector<std::string> to_fifo = args;
    to_fifo.insert(to_fifo.end(), {"-o", fifo});
    RunResult r = run_muwazi(to_fifo);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    ::close(hold);
    EXPECT_EQ(wait_child(reader), 0);
    struct stat st {};
    ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the FIFO was replaced";
    EXPECT_FALSE(std::filesystem::exists(fifo + ".tmp"));
    RunResult direct = run_muwazi(args);
    EXPECT_EQ(read_file(dir + "/read"), direct.out);
    EXPECT_FALSE(direct.out.empty());
    std::filesystem::remove(fifo);
  }
  std::filesystem::remove_all(dir);
}

// Tests run as root, whom chmod 000 does not stop: the unreadable cases run
// muwazi as "nobody" (65534) then. Nobody may not reach the tree when the
// checkout sits under a 0700 folder (/root, a `mktemp -d` folder), so the
// binary and the files it reads are copied into a folder nobody can enter,
// made under $TMPDIR or else /tmp, /var/tmp or /dev/shm. Where no such folder
// works (no setuid in a container, ...), or this user can read a mode-000
// file anyway, the test skips and says why.
struct PermissionCase {
  std::string dir;  // 0755, with the binary and the readable input
  SpawnOptions as_user;
};

std::string permission_setup_failure(PermissionCase& c) {
  const bool root = ::geteuid() == 0;
  const std::vector<std::string> bases = {std::filesystem::temp_directory_path().string(), "/tmp", "/var/tmp",
                                          "/dev/shm"};
  std::string why;
  for (const std::string& base : bases) {
    std::string tmpl = base + "/muwazi-perm-XXXXXX";
    if (!::mkdtemp(tmpl.data())) continue;
    c.dir = tmpl;
    std::error_code ec, ec2;
    std::filesystem::copy_file(MUWAZI_BIN, c.dir + "/muwazi", ec);
    std::filesystem::copy_file(test_data("sample/article.ar.txt"), c.dir + "/article.ar.txt", ec2);
    if (ec || ec2 || ::chmod(c.dir.c_str(), 0755) != 0 || ::chmod((c.dir + "/muwazi").c_str(), 0755) != 0 ||
        ::chmod((c.dir + "/article.ar.txt").c_str(), 0644) != 0) {
      why += base + ": cannot copy the binary there; ";
      std::filesystem::remove_all(c.dir, ec);
      continue;
    }
    c.as_user = {};
    c.as_user.bin = c.dir + "/muwazi";
    if (root) c.as_user.uid = 65534;
    std::string err;
    const int rc = run_with({"segment", c.dir + "/article.ar.txt"}, c.as_user, &err);
    if (rc == 0) return "";
    why += base + ": " +
           (rc == 125 ? std::string("cannot switch to uid 65534")
                      : "uid " + std::to_string(root ? 65534 : ::geteuid()) + " cannot run muwazi there (exit " +
                            std::to_string(rc) + ")") +
           "; ";
    std::filesystem::remove_all(c.dir, ec);
  }
  return why.empty() ? "no temporary folder could be made" : why;
}

TEST(BadInputText, MissingPermissions) {
  PermissionCase c;
  const std::string failure = permission_setup_failure(c);
  if (!failure.empty()) GTEST_SKIP() << "cannot run muwazi as a user that permissions stop: " << failure;
  const std::string& dir = c.dir;
  const SpawnOptions& as_user = c.as_user;
  const std::string secret = dir + "/secret.txt";
  write_file(secret, "text\n");
  ASSERT_EQ(::chmod(secret.c_str(), 0000), 0);
  if (::geteuid() != 0 && ::access(secret.c_str(), R_OK) == 0) {
    std::filesystem::remove_all(dir);
    GTEST_SKIP() << "this user (uid " << ::geteuid() << ") can read a mode-000 file (CAP_DAC_OVERRIDE?)";
  }
  const std::string db = one_unit_tm(dir);
  ASSERT_EQ(::chmod(db.c_str(), 0000), 0);
  const std::string read_only_dir = dir + "/ro";  // nobody, or this user, may not write here
  ASSERT_EQ(::mkdir(read_only_dir.c_str(), 0555), 0);
  std::string err;
  EXPECT_EQ(run_with({"segment", secret}, as_user, &err), 1) << err;
  EXPECT_NE(err.find("secret.txt: cannot open: Permission denied"), std::string::npos) << err;
  EXPECT_TRUE(one_line(err)) << err;
  EXPECT_EQ(run_with({"align", dir + "/article.ar.txt", secret}, as_user, &err), 1) << err;
  EXPECT_NE(err.find("secret.txt: cannot open: Permission denied"), std::string::npos) << err;
  EXPECT_EQ(run_with({"tm", "lookup", "--db", db, "مرحبا"}, as_user, &err), 3) << err;
  EXPECT_NE(err.find("cannot open the database file: Permission denied"), std::string::npos) << err;
  EXPECT_TRUE(one_line(err)) << err;
  std::printf("[ no read permission on the TM ] %s", err.c_str());
  // Writing a TM in a directory the user may not write.
  EXPECT_EQ(run_with({"tm", "import", "--db", read_only_dir + "/new.db", "--src-lang", "ar", "--tgt-lang", "en",
                      "--format", "tsv", dir + "/article.ar.txt"},
                     as_user, &err),
            3)
      << err;
  EXPECT_NE(err.find("Permission denied"), std::string::npos) << err;
  EXPECT_TRUE(one_line(err)) << err;
  EXPECT_FALSE(std::filesystem::exists(read_only_dir + "/new.db"));
  ASSERT_EQ(::chmod(db.c_str(), 0644), 0);
  EXPECT_EQ(unit_count(db), 1);
  ASSERT_EQ(::chmod(read_only_dir.c_str(), 0755), 0);
  std::filesystem::remove_all(dir);
}

// muwazi does not strip markup: an HTML page is text with tags in it. It
// aligns (exit 0, every sentence once) — convert to text first for results.
TEST(BadInputText, HtmlIsAlignedAsText) {
  const std::string dir = temp_dir();
  write_file(dir + "/page.html",
             "<!DOCTYPE html>\n<html><head><title>BBC</title><script>var x = 1;</script></head>\n<body>\n"
             "<p>Tax rates rose by 3.5% in 2019.</p>\n\n<p>The <b>minister</b> said &quot;no&quot;.</p>\n</body></html>\n");
  RunResult seg = run_muwazi({"segment", "--lang", "en", dir + "/page.html"});
  ASSERT_EQ(seg.exit_code, 0) << seg.err;
  RunResult r = run_muwazi({"align", sample("article.ar.txt"), dir + "/page.html"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  RunResult ar = run_muwazi({"segment", sample("article.ar.txt")});
  expect_covers(r.out, count_lines(ar.out), count_lines(seg.out));
}

// Mismatched languages (an Arabic article against itself, an English one
// declared Arabic, the two sides swapped) still give a valid alignment;
// an ill-formed language tag is a usage error.
TEST(BadInputText, MismatchedLanguagesStillAlignAndBadTagsAreUsageErrors) {
  const std::string ar = sample("sentences.ar"), en = sample("sentences.en");
  const int n_ar = count_lines(read_file(ar)), n_en = count_lines(read_file(en));
  struct Case {
    std::vector<std::string> args;
    int n_src, n_tgt;
  };
  for (const Case& c : std::vector<Case>{{{"align", "--presplit", ar, ar}, n_ar, n_ar},
                                         {{"align", "--presplit", en, ar}, n_en, n_ar},
                                         {{"align", "--presplit", "--src-lang", "ar", "--tgt-lang", "en", en, en},
                                          n_en, n_en},
                                         {{"align", "--presplit", "--src-lang", "de", "--tgt-lang", "fr", ar, en},
                                          n_ar, n_en}}) {
    RunResult r = run_muwazi(c.args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    expect_covers(r.out, c.n_src, c.n_tgt);
  }
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"align", "--src-lang", "klingon", ar, en},
        std::vector<std::string>{"align", "--tgt-lang", "12", ar, en},
        std::vector<std::string>{"segment", "--lang", "", en},
        std::vector<std::string>{"tm", "add", "--db", temp_dir() + "/tm.db", "--src-lang", "x", ar, en}}) {
    RunResult r = run_muwazi(args);
    EXPECT_EQ(r.exit_code, 2) << args[1] << ": " << r.err;
    EXPECT_TRUE(one_line(r.err)) << r.err;
  }
}

// Big inputs: one 100 MB line (20 MB under the sanitizers, which make every
// byte ~5x slower) and a million tiny lines.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr std::size_t kBigLine = 20u << 20;
#else
constexpr std::size_t kBigLine = 100u << 20;
#endif

TEST(BadInputText, OneHundredMegabyteLine) {
  const std::string dir = temp_dir();
  std::string line;
  line.reserve(kBigLine + 1);
  static const char* const kWords[] = {"boy ", "school ", "went ", "the ", "morning ", "and "};
  for (std::size_t i = 0; line.size() < kBigLine; ++i) line += kWords[(i * 7 + i / 3) % 6];
  line += "\n";
  write_file(dir + "/line.txt", line);
  line.clear();
  line.shrink_to_fit();
  // No stop in it: one sentence of kBigLine bytes (less the final space).
  RunResult r = run_muwazi({"segment", "--lang", "en", dir + "/line.txt"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count_lines(r.out), 1);
  EXPECT_GT(r.out.size(), kBigLine - 16);
  // As a lookup query (one line of standard input): no match, no crash.
  write_file(dir + "/q.txt", std::string(r.out, 0, 1u << 20));
  const std::string db = one_unit_tm(dir);
  std::string err;
  EXPECT_EQ(run_with({"tm", "lookup", "--db", db, "-"}, {.stdin_path = dir + "/q.txt"}, &err), 0) << err;
}

TEST(BadInputText, AMillionTinyLines) {
  const std::string dir = temp_dir();
  std::string text;
  text.reserve(13u << 20);
  for (int i = 0; i < 1000000; ++i) text += "Line " + std::to_string(i) + ".\n";
  write_file(dir + "/lines.txt", text);
  text.clear();
  text.shrink_to_fit();
  RunResult r = run_muwazi({"segment", "--lang", "en", dir + "/lines.txt"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count_lines(r.out), 1000000);
  // Against an empty side: a million omissions, in order.
  write_file(dir + "/empty.txt", "");
  r = run_muwazi({"align", "--presplit", dir + "/lines.txt", dir + "/empty.txt"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count_lines(r.out), 1000000);
  EXPECT_EQ(r.out.substr(r.out.size() - 17), "[999999]:[]:1.00\n");
}

// --- TMX bombs and broken TMX -----------------------------------------------

TEST(BadInputTmx, EntityBombsExternalEntitiesAndDeepNestingAreRefusedQuickly) {
  const std::string dir = temp_dir();
  const std::string db = one_unit_tm(dir);
  const std::string head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  const std::string tu_open =
      "<tmx version=\"1.4\"><header srclang=\"en\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" "
      "o-tmf=\"x\" creationtool=\"x\" creationtoolversion=\"1\"/><body>\n<tu><tuv xml:lang=\"en\"><seg>";
  const std::string tu_close = "</seg></tuv><tuv xml:lang=\"ar\"><seg>نص</seg></tuv></tu>\n</body></tmx>\n";
  // Billion laughs: 10 levels of 10 references, 10^9 "lol" if expanded.
  std::string laughs = head + "<!DOCTYPE tmx [\n<!ENTITY l0 \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    laughs += "<!ENTITY l" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) laughs += "&l" + std::to_string(i - 1) + ";";
    laughs += "\">\n";
  }
  laughs += "]>\n" + tu_open + "&l9;" + tu_close;
  // External entity (XXE) reading a local file, and an external DTD URL.
  const std::string xxe =
      head + "<!DOCTYPE tmx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n" + tu_open + "&x;" + tu_close;
  const std::string dtd = head + "<!DOCTYPE tmx SYSTEM \"http://example.invalid/tmx14.dtd\">\n" + tu_open + "a" +
                          tu_close;
  // 200000 nested elements inside a seg.
  std::string deep = head + tu_open;
  for (int i = 0; i < 200000; ++i) deep += "<hi>";
  deep += "x";
  for (int i = 0; i < 200000; ++i) deep += "</hi>";
  deep += tu_close;
  // Half-downloaded: cut in the middle of a tu.
  const std::string full = read_file(test_data("tmx/tico19-all.en-ar.tmx"));
  const std::string cut = full.substr(0, full.size() / 2);
  struct Case {
    std::string name, content;
  };
  for (const Case& c : std::vector<Case>{{"laughs.tmx", laughs},
                                         {"xxe.tmx", xxe},
                                         {"dtd.tmx", dtd},
                                         {"deep.tmx", deep},
                                         {"cut.tmx", cut}}) {
    write_file(dir + "/" + c.name, c.content);
    const auto t0 = std::chrono::steady_clock::now();
    RunResult r = run_muwazi({"tm", "import", "--db", db, dir + "/" + c.name});
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("[ %s ] exit %d in %.2f s: %s", c.name.c_str(), r.exit_code, secs, r.err.c_str());
    if (c.name == "dtd.tmx") {
      // The DTD is never fetched: the file imports (no network, no wait).
      EXPECT_EQ(r.exit_code, 0) << r.err;
      continue;
    }
    EXPECT_EQ(r.exit_code, 1) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(c.name + ":"), std::string::npos) << r.err;
    EXPECT_TRUE(one_line(r.err)) << r.err;
    EXPECT_EQ(r.err.find("root:"), std::string::npos) << "XXE leaked /etc/passwd: " << r.err;
  }
  EXPECT_EQ(unit_count(db), 2);  // the seed unit + the dtd.tmx unit
}

// --- Broken translation memories -----------------------------------------------

TEST(BadInputTm, TruncatedZeroByteAndForeignFilesAreDatabaseErrors) {
  const std::string dir = temp_dir();
  const std::string db = one_unit_tm(dir);
  ASSERT_EQ(run_muwazi({"tm", "import", "--db", db, test_data("tmx/tico19-all.en-ar.tmx")}).exit_code, 0);
  const std::string bytes = read_file(db);
  ASSERT_GT(bytes.size(), 65536u);
  write_file(dir + "/truncated.db", bytes.substr(0, bytes.size() / 3));  // half-downloaded
  write_file(dir + "/zero.db", "");
  write_file(dir + "/tmx_as_db.db", read_file(test_data("tmx/test01.tmx")));
  struct Case {
    std::string file, want;
  };
  for (const Case& c : std::vector<Case>{{"truncated.db", "corrupt"},
                                         {"zero.db", "empty database, not a muwazi translation memory"},
                                         {"tmx_as_db.db", "not a SQLite database"}}) {
    RunResult r = run_muwazi({"tm", "lookup", "--db", dir + "/" + c.file, "--src-lang", "ar", "مرحبا"});
    EXPECT_EQ(r.exit_code, 3) << c.file << ": " << r.err;
    EXPECT_NE(r.err.find(c.want), std::string::npos) << r.err;
    EXPECT_TRUE(one_line(r.err)) << r.err;
  }
  // Writers refuse the foreign file without touching it.
  RunResult r = run_muwazi({"tm", "import", "--db", dir + "/tmx_as_db.db", test_data("tmx/test01.tmx")});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(read_file(dir + "/tmx_as_db.db"), read_file(test_data("tmx/test01.tmx")));
}

}  // namespace
}  // namespace muwazi::test
