// Full disk and read-only TMs: a write that cannot complete is a clear
// one-line error with exit 3 (the TM) or 1 (an output file), and the TM is
// exactly as before — integrity_check ok, same units — and still usable.
//
// "Full disk" two ways: RLIMIT_FSIZE in the child (works everywhere: writes
// past the limit fail with EFBIG) and, when the test may mount (root in a
// container usually can), a real 1 MiB tmpfs (ENOSPC).
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <filesystem>
#include <cstring>
#include <string>

#include "tests/e2e/cli_util.h"
#include "tests/e2e/reliability_util.h"

namespace muwazi::test {
namespace {

// A TMX of n distinct ar-en units (about 150 bytes each).
std::string tmx_of(int n) {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"ar\" datatype=\"plaintext\" "
      "segtype=\"sentence\" adminlang=\"en\" o-tmf=\"test\" creationtool=\"test\" creationtoolversion=\"1\"/><body>\n";
  for (int i = 0; i < n; ++i) {
    const std::string k = std::to_string(i);
    x += "<tu><tuv xml:lang=\"ar\"><seg>الجملة رقم " + k + " في الملف الكبير</seg></tuv><tuv xml:lang=\"en\"><seg>"
         "Sentence number " + k + " of the big file</seg></tuv></tu>\n";
  }
  return x + "</body></tmx>\n";
}

std::string seed_tm(const std::string& dir) {
  const std::string db = dir + "/tm.db";
  write_file(dir + "/seed.tsv", "مرحبا بالعالم\tHello world\nشكرا\tThank you\n");
  RunResult r = run_muwazi({"tm", "import", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", dir + "/seed.tsv"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return db;
}

long long units(const std::string& db) { return SqliteDb(db).number("SELECT count(*) FROM units"); }

bool one_line(const std::string& err) {
  return !err.empty() && err.back() == '\n' && err.find('\n') == err.size() - 1;
}

// The TM is as the seed left it, and muwazi still reads and writes it.
void expect_intact_and_usable(const std::string& db, const std::string& dir) {
  EXPECT_EQ(integrity(db), "ok");
  EXPECT_EQ(units(db), 2);
  RunResult r = run_muwazi({"tm", "lookup", "--db", db, "--format", "jsonl", "مرحبا بالعالم"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Hello world"), std::string::npos) << r.out;
  write_file(dir + "/more.tsv", "نعم\tYes\n");
  r = run_muwazi({"tm", "import", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", dir + "/more.tsv"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(units(db), 3);
}

TEST(ReliabilityDisk, FileSizeLimitDuringImportIsADatabaseErrorAndTmIntact) {
  const std::string dir = temp_dir();
  const std::string db = seed_tm(dir);
  write_file(dir + "/big.tmx", tmx_of(20000));
  // Room for a little growth only: the WAL (or the database) hits the limit.
  const long long limit = static_cast<long long>(std::filesystem::file_size(db)) + 256 * 1024;
  std::string err;
  const int rc = run_with({"tm", "import", "--db", db, "--quiet", dir + "/big.tmx"}, {.max_file_size = limit}, &err);
  EXPECT_EQ(rc, 3) << err;
  EXPECT_TRUE(one_line(err)) << err;
  EXPECT_NE(err.find(db), std::string::npos) << err;
  std::printf("[ fsize ] %s", err.c_str());
  expect_intact_and_usable(db, dir);
}

TEST(ReliabilityDisk, FileSizeLimitOnOutputIsAnIoError) {
  const std::string dir = temp_dir();
  const std::string db = seed_tm(dir);
  write_file(dir + "/big.tmx", tmx_of(2000));
  ASSERT_EQ(run_muwazi({"tm", "import", "--db", db, "--quiet", dir + "/big.tmx"}).exit_code, 0);
  std::string err;
  // -o: the temporary file hits the limit; nothing is left behind.
  int rc = run_with({"tm", "export", "--db", db, "-o", dir + "/out.tmx"}, {.max_file_size = 64 * 1024}, &err);
  EXPECT_EQ(rc, 1) << err;
  EXPECT_TRUE(one_line(err)) << err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/out.tmx"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/out.tmx.tmp"));
  // Standard output redirected to a file that hits the limit.
  rc = run_with({"align", "--presplit", test_data("sample/sentences.ar"), test_data("sample/sentences.en")},
                {.stdout_path = dir + "/beads", .max_file_size = 100}, &err);
  EXPECT_EQ(rc, 1) << err;
  EXPECT_NE(err.find("error writing to stdout"), std::string::npos) << err;
}

// A real full file system: a 1 MiB tmpfs. Skipped when mount(2) is not
// allowed (not root, or no CAP_SYS_ADMIN).
class ReliabilityTmpfs : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir();
    mnt_ = dir_ + "/mnt";
    std::filesystem::create_directory(mnt_);
    if (::mount("tmpfs", mnt_.c_str(), "tmpfs", 0, "size=1m") != 0) {
      GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno) << ")";
    }
    mounted_ = true;
  }
  void TearDown() override {
    if (mounted_) ::umount2(mnt_.c_str(), MNT_DETACH);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string dir_, mnt_;
  bool mounted_ = false;
};

TEST_F(ReliabilityTmpfs, FullDiskDuringImportIsADatabaseErrorAndTmIntact) {
  const std::string db = seed_tm(mnt_);
  write_file(dir_ + "/big.tmx", tmx_of(20000));  // outside the tmpfs
  RunResult r = run_muwazi({"tm", "import", "--db", db, "--quiet", dir_ + "/big.tmx"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("disk full"), std::string::npos) << r.err;
  std::printf("[ tmpfs ] %s", r.err.c_str());
  // Free the space the failed transaction's WAL still holds, as a user
  // would by deleting files, then the TM must be fine.
  expect_intact_and_usable(db, mnt_);
}

TEST_F(ReliabilityTmpfs, TmOnAReadOnlyFileSystem) {
  const std::string db = seed_tm(mnt_);
  ASSERT_EQ(::mount("tmpfs", mnt_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, "size=1m"), 0) << std::strerror(errno);
  write_file(dir_ + "/more.tsv", "نعم\tYes\n");
  RunResult r = run_muwazi({"tm", "import", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", dir_ + "/more.tsv"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("read-only"), std::string::npos) << r.err;
  // Reading still works on read-only media.
  r = run_muwazi({"tm", "lookup", "--db", db, "--format", "jsonl", "مرحبا بالعالم"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Hello world"), std::string::npos) << r.out;
  r = run_muwazi({"tm", "stats", "--db", db});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(ReliabilityDisk, ReadOnlyTmFileIsRefusedForWritesAndStillReadable) {
  const std::string dir = temp_dir();
  const std::string db = seed_tm(dir);
  ASSERT_EQ(::chmod(db.c_str(), 0444), 0);
  write_file(dir + "/more.tsv", "نعم\tYes\n");
  // Root could write anyway: muwazi refuses by the permission bits.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"tm", "import", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", dir + "/more.tsv"},
        std::vector<std::string>{"tm", "add", "--db", db, "--presplit", test_data("sample/sentences.ar"),
                                 test_data("sample/sentences.en")}}) {
    RunResult r = run_muwazi(args);
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_TRUE(one_line(r.err)) << r.err;
    EXPECT_NE(r.err.find("read-only"), std::string::npos) << r.err;
  }
  RunResult r = run_muwazi({"tm", "lookup", "--db", db, "--format", "jsonl", "مرحبا بالعالم"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Hello world"), std::string::npos) << r.out;
  ASSERT_EQ(::chmod(db.c_str(), 0644), 0);
  expect_intact_and_usable(db, dir);
}

}  // namespace
}  // namespace muwazi::test
