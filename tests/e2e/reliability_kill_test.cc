// Kill -9 at random points: `muwazi tm import` of a big TMX and `muwazi tm
// add` of a long document pair are killed many times, each time on a fresh
// copy of the same small TM. Afterwards SQLite's PRAGMA integrity_check must
// say "ok", and the TM must hold either all or none of the file's units
// (one file = one transaction, tm/import.h), and stay usable by muwazi.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>

#include "tests/e2e/cli_util.h"
#include "tests/e2e/reliability_util.h"

namespace muwazi::test {
namespace {

using Clock = std::chrono::steady_clock;

// A TMX of n distinct ar-en units (about 210 bytes each).
std::string big_tmx(int n) {
  static const char* const kAr[] = {"ذهب", "الولد", "إلى", "المدرسة", "في", "الصباح", "وقال", "المعلم", "إن", "الدرس"};
  static const char* const kEn[] = {"the", "boy", "went", "to", "school", "in", "morning", "teacher", "said", "lesson"};
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"ar\" datatype=\"plaintext\" "
      "segtype=\"sentence\" adminlang=\"en\" o-tmf=\"test\" creationtool=\"test\" creationtoolversion=\"1\"/><body>\n";
  std::mt19937 rng(42);
  for (int i = 0; i < n; ++i) {
    std::string a, e;
    for (int w = 0; w < 8; ++w) {
      a += std::string(kAr[rng() % 10]) + " ";
      e += std::string(kEn[rng() % 10]) + " ";
    }
    x += "<tu><tuv xml:lang=\"ar\"><seg>" + a + std::to_string(i) + "</seg></tuv><tuv xml:lang=\"en\"><seg>" + e +
         std::to_string(i) + "</seg></tuv></tu>\n";
  }
  return x + "</body></tmx>\n";
}

// A TM with 3 units from a TSV, closed (no -wal file).
std::string seed_tm(const std::string& dir) {
  const std::string db = dir + "/seed.db";
  write_file(dir + "/seed.tsv", "مرحبا بالعالم\tHello world\nصباح الخير\tGood morning\nشكرا\tThank you\n");
  RunResult r = run_muwazi({"tm", "import", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", dir + "/seed.tsv"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return db;
}

struct KillStats {
  int runs = 0, killed = 0, none = 0, all = 0;
};

// Runs `args` (which write to `db`) on fresh copies of `seed` and kills them
// after a random delay in [0, 1.2 x the time of a full run], until `budget`
// is spent or `max_runs` runs are done. After each run checks integrity and
// that the TM holds kSeedUnits or kSeedUnits + `units` units.
KillStats kill_repeatedly(const std::vector<std::string>& args, const std::string& seed, const std::string& db,
                          long long units, std::chrono::milliseconds budget, int max_runs) {
  constexpr long long kSeedUnits = 3;
  // One full run: how long it takes, and that it stores everything.
  copy_tm(seed, db);
  const auto t0 = Clock::now();
  std::string err;
  EXPECT_EQ(run_with(args, {}, &err), 0) << err;
  const auto full = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0);
  EXPECT_EQ(SqliteDb(db).number("SELECT count(*) FROM units"), kSeedUnits + units);

  std::mt19937 rng(20261129);
  std::uniform_int_distribution<long long> delay(0, full.count() * 6 / 5);
  KillStats st;
  const auto deadline = Clock::now() + budget;
  while (st.runs < max_runs && Clock::now() < deadline) {
    copy_tm(seed, db);
    const pid_t pid = spawn_muwazi(args);
    std::this_thread::sleep_for(std::chrono::microseconds(delay(rng)));
    ::kill(pid, SIGKILL);
    const int rc = wait_child(pid);
    ++st.runs;
    if (rc == -SIGKILL) ++st.killed;
    else EXPECT_EQ(rc, 0) << "run " << st.runs;
    const std::string ok = integrity(db);
    EXPECT_EQ(ok, "ok") << "run " << st.runs << " (rc " << rc << ")";
    SqliteDb sq(db);
    const long long n = sq.number("SELECT count(*) FROM units");
    const long long sources = sq.number("SELECT count(*) FROM sources");
    // A run that finished before the kill stored everything.
    if (rc == 0) {
      EXPECT_EQ(n, kSeedUnits + units) << "run " << st.runs << " exited 0";
    }
    if (n == kSeedUnits) {
      ++st.none;
      EXPECT_EQ(sources, 1) << "run " << st.runs << ": provenance without units";
    } else if (n == kSeedUnits + units) {
      ++st.all;
      EXPECT_EQ(sources, 2) << "run " << st.runs;
    } else {
      ADD_FAILURE() << "run " << st.runs << " (rc " << rc << "): " << n << " units, expected " << kSeedUnits
                    << " or " << kSeedUnits + units;
    }
    if (::testing::Test::HasFailure()) break;
  }
  std::printf("[ kill -9 ] %d runs (full run %.0f ms): %d killed, TM after: %d none, %d all\n", st.runs,
              full.count() / 1000.0, st.killed, st.none, st.all);
  // The TM is still usable: muwazi opens it (recovering the WAL) and writes.
  RunResult r = run_muwazi({"tm", "stats", "--db", db});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string err2;
  EXPECT_EQ(run_with(args, {}, &err2), 0) << err2;
  EXPECT_EQ(SqliteDb(db).number("SELECT count(*) FROM units"), kSeedUnits + units);
  EXPECT_EQ(integrity(db), "ok");
  return st;
}

TEST(ReliabilityKill, TmImportKilledAtRandomPointsStoresAllOrNothing) {
  const std::string dir = temp_dir();
  const std::string seed = seed_tm(dir);
  constexpr int kUnits = 20000;
  write_file(dir + "/big.tmx", big_tmx(kUnits));
  const std::string db = dir + "/tm.db";
  KillStats st = kill_repeatedly({"tm", "import", "--db", db, "--quiet", dir + "/big.tmx"}, seed, db, kUnits,
                                 std::chrono::seconds(15), 40);
  // (Fewer runs fit in the budget under the sanitizers.)
  EXPECT_GE(st.runs, 4);
  // Kills land while the import runs, and some leave nothing behind (most
  // do; the exact share depends on the machine's load).
  EXPECT_GE(st.killed, 1);
  EXPECT_GE(st.none, 1);
}

TEST(ReliabilityKill, TmAddKilledAtRandomPointsStoresAllOrNothing) {
  const std::string dir = temp_dir();
  const std::string seed = seed_tm(dir);
  // A long article pair: the bundled sample, presplit, 5 times with the
  // sentences numbered so that no two are the same.
  std::string ar, en;
  {
    const std::string sar = read_file(test_data("sample/sentences.ar"));
    const std::string sen = read_file(test_data("sample/sentences.en"));
    for (int k = 0; k < 5; ++k) {
      for (auto [in, out] : {std::pair{&sar, &ar}, std::pair{&sen, &en}}) {
        std::size_t pos = 0, line = 0;
        while (pos < in->size()) {
          std::size_t nl = in->find('\n', pos);
          if (nl == std::string::npos) nl = in->size();
          *out += in->substr(pos, nl - pos) + " (" + std::to_string(k) + "." + std::to_string(line++) + ")\n";
          pos = nl + 1;
        }
      }
    }
  }
  write_file(dir + "/a.ar", ar);
  write_file(dir + "/a.en", en);
  const std::string db = dir + "/tm.db";
  const std::vector<std::string> args = {"tm", "add", "--db", db, "--presplit", "--min-score", "0", dir + "/a.ar",
                                         dir + "/a.en"};
  // How many units one complete add stores.
  copy_tm(seed, db);
  std::string err;
  ASSERT_EQ(run_with(args, {}, &err), 0) << err;
  const long long units = SqliteDb(db).number("SELECT count(*) FROM units") - 3;
  ASSERT_GT(units, 50);
  KillStats st = kill_repeatedly(args, seed, db, units, std::chrono::seconds(10), 30);
  EXPECT_GE(st.runs, 4);
  EXPECT_GE(st.killed, 1);
}

}  // namespace
}  // namespace muwazi::test
