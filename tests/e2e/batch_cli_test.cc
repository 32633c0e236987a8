// End-to-end tests of `muwazi batch` and `muwazi tm merge`: every input and
// output, order under threads, bad pairs in the middle, resume after a
// normal run and after kill -9, a TM that cannot be written, shards merged.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>

#include "tests/e2e/cli_util.h"
#include "tests/e2e/reliability_util.h"

namespace muwazi::test {
namespace {

namespace fs = std::filesystem;

// The 37 bundled NTREX dev pairs (presplit), copied `copies` times into
// `dir`, each copy's sentences marked " [k]" so every copy is a new pair.
// Returns the manifest (TSV, paths relative to `dir`).
std::string news_corpus(const std::string& dir, int copies) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(test_data("ntrex_dev"))) {
    if (e.path().extension() == ".ar") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  std::string tsv;
  for (int k = 0; k < copies; ++k) {
    for (const std::string& n : names) {
      const std::string id = n + "-" + std::to_string(k);
      for (const char* ext : {".ar", ".en"}) {
        const std::string in = read_file(test_data("ntrex_dev/" + n + ext));
        std::string out;
        std::size_t pos = 0;
        while (pos < in.size()) {
          std::size_t nl = in.find('\n', pos);
          if (nl == std::string::npos) nl = in.size();
          out += in.substr(pos, nl - pos) + (k ? " [" + std::to_string(k) + "]" : "") + "\n";
          pos = nl + 1;
        }
        write_file(dir + "/" + id + ext, out);
      }
      tsv += id + ".ar\t" + id + ".en\n";
    }
  }
  write_file(dir + "/pairs.tsv", tsv);
  return dir + "/pairs.tsv";
}

// What a TM holds, independent of ids' timing columns: every unit with its
// provenance, in id order.
std::string tm_content(const std::string& db) {
  return SqliteDb(db, true).text(
      "SELECT u.id || '|' || u.src_lang || '|' || u.tgt_lang || '|' || u.src_text || '|' || u.tgt_text || '|' || "
      "u.position || '|' || u.score || '|' || u.bead || '|' || u.src_sentences || '|' || u.tgt_sentences || '|' || "
      "s.kind || '|' || s.name || '|' || s.sha256 || '|' || s.name2 || '|' || s.sha256_2 || '|' || s.pair_id "
      "FROM units u JOIN sources s ON s.id = u.source_id ORDER BY u.id");
}

TEST(BatchCli, EveryInputLayoutIntoATm) {
  const std::string dir = temp_dir();
  const std::string tsv = news_corpus(dir, 1);
  // TSV manifest.
  RunResult r = run_muwazi({"batch", "--presplit", "--db", dir + "/a.db", tsv});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("muwazi batch: 37 pairs: 37 aligned, 0 already done, 0 failed"), std::string::npos) << r.err;
  // The same pairs as a folder (NAME.ar / NAME.en) give the same TM.
  r = run_muwazi({"batch", "--presplit", "--db", dir + "/b.db", "--quiet", dir});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(tm_content(dir + "/a.db"), tm_content(dir + "/b.db"));
  // JSONL with raw article texts (segmented), URLs and a numeric id.
  nlohmann::json j = {{"id", 7},
                      {"src", read_file(test_data("sample/article.ar.txt"))},
                      {"tgt", read_file(test_data("sample/article.en.txt"))},
                      {"src_url", "https://example.org/ar/1"},
                      {"tgt_url", "https://example.org/en/1"}};
  write_file(dir + "/p.jsonl", j.dump() + "\n");
  r = run_muwazi({"batch", "--db", dir + "/c.db", dir + "/p.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  SqliteDb c(dir + "/c.db", true);
  EXPECT_EQ(c.text("SELECT pair_id || ' ' || url || ' ' || url2 || ' ' || name FROM sources"),
            "7 https://example.org/ar/1 https://example.org/en/1 https://example.org/ar/1");
  EXPECT_GT(c.number("SELECT count(*) FROM units"), 5);
}

TEST(BatchCli, OutputIsByteIdenticalForAnyNumberOfJobs) {
  const std::string dir = temp_dir();
  const std::string tsv = news_corpus(dir, 2);
  std::string stream1, beads1;
  for (const char* jobs : {"1", "2", "4"}) {
    SCOPED_TRACE(jobs);
    RunResult r = run_muwazi({"batch", "--presplit", "--jobs", jobs, "--quiet", tsv});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string out = dir + "/out" + jobs;
    RunResult d = run_muwazi({"batch", "--presplit", "--jobs", jobs, "--quiet", "--out-dir", out, tsv});
    ASSERT_EQ(d.exit_code, 0) << d.err;
    std::string all;
    for (const auto& line : lines_of(read_file(tsv))) {
      const std::string id = line.substr(0, line.find(".ar\t"));
      all += id + "\n" + read_file(out + "/" + id + ".align");
    }
    if (stream1.empty()) {
      stream1 = r.out;
      beads1 = all;
      EXPECT_EQ(lines_of(r.out).size(), 2u * 603);  // one JSONL line per bead
    } else {
      EXPECT_EQ(r.out, stream1);
      EXPECT_EQ(all, beads1);
    }
  }
}

TEST(BatchCli, BadPairsInTheMiddleAreReportedAndTheRestIsStored) {
  const std::string dir = temp_dir();
  news_corpus(dir, 1);
  const std::string good = read_file(dir + "/pairs.tsv");
  write_file(dir + "/utf8.ar", "صباح الخير\n\xD9\n");
  write_file(dir + "/bin.en", std::string("PK\x03\x04\0\0binary", 12));
  write_file(dir + "/empty.ar", "\n\n");
  const std::vector<std::string> g = lines_of(good);
  std::string tsv;
  for (std::size_t i = 0; i < g.size(); ++i) {
    tsv += g[i] + "\n";
    if (i == 3) tsv += "utf8.ar\t" + g[0].substr(g[0].find('\t') + 1) + "\tbad-utf8\n";
    if (i == 10) tsv += g[0].substr(0, g[0].find('\t')) + "\tbin.en\tbinary\n";
    if (i == 20) tsv += "empty.ar\t" + g[0].substr(g[0].find('\t') + 1) + "\tempty\n";
    if (i == 30) tsv += "nowhere.ar\tnowhere.en\n";
  }
  write_file(dir + "/pairs.tsv", tsv);
  RunResult r = run_muwazi({"batch", "--presplit", "--db", dir + "/tm.db", "--errors", dir + "/errors.txt",
                            dir + "/pairs.tsv"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::string p = dir + "/pairs.tsv";
  EXPECT_NE(r.err.find(p + ":5: bad-utf8: " + dir + "/utf8.ar:2: byte "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("invalid UTF-8"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(p + ":13: binary: " + dir + "/bin.en:1: byte 4: NUL byte: binary data"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(p + ":24: empty: " + dir + "/empty.ar: no sentence (an empty side)"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(p + ":35: nowhere: " + dir + "/nowhere.ar: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("muwazi batch: 4 of 41 pairs failed"), std::string::npos) << r.err;
  // --errors holds exactly the four failure lines.
  const auto errors = lines_of(read_file(dir + "/errors.txt"));
  ASSERT_EQ(errors.size(), 4u);
  for (const auto& e : errors) EXPECT_NE(r.err.find(e + "\n"), std::string::npos) << e;
  // Every good pair is stored.
  EXPECT_EQ(SqliteDb(dir + "/tm.db", true).number("SELECT count(*) FROM sources"), 37);
  // A JSON line that does not parse, in the middle of a JSONL manifest.
  write_file(dir + "/p.jsonl", "{\"id\":\"a\",\"src\":\"نص.\",\"tgt\":\"Text.\"}\n{\"id\":\"b\",\"src\":\n"
                               "{\"id\":\"c\",\"src\":\"نص آخر.\",\"tgt\":\"Another text.\"}\n");
  r = run_muwazi({"batch", "--db", dir + "/j.db", dir + "/p.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(dir + "/p.jsonl:2: 2: not a JSON object"), std::string::npos) << r.err;
  EXPECT_EQ(SqliteDb(dir + "/j.db", true).number("SELECT count(*) FROM sources"), 2);
}

TEST(BatchCli, RunningAgainSkipsWhatIsDone) {
  const std::string dir = temp_dir();
  const std::string tsv = news_corpus(dir, 1);
  ASSERT_EQ(run_muwazi({"batch", "--presplit", "--db", dir + "/tm.db", tsv}).exit_code, 0);
  const std::string before = tm_content(dir + "/tm.db");
  RunResult r = run_muwazi({"batch", "--presplit", "--db", dir + "/tm.db", tsv});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("37 pairs: 0 aligned, 37 already done"), std::string::npos) << r.err;
  EXPECT_EQ(tm_content(dir + "/tm.db"), before);
  ASSERT_EQ(run_muwazi({"batch", "--presplit", "--out-dir", dir + "/out", "--format", "jsonl", tsv}).exit_code, 0);
  r = run_muwazi({"batch", "--presplit", "--out-dir", dir + "/out", "--format", "jsonl", tsv});
  EXPECT_NE(r.err.find("37 already done"), std::string::npos) << r.err;
}

// kill -9 at several points of one batch, each time running the same command
// again afterwards: the TM ends equal to that of an uninterrupted run (same
// units, same provenance, same ids) and passes integrity_check.
TEST(BatchCli, KilledBatchesResumeToTheSameTm) {
  const std::string dir = temp_dir();
  const std::string tsv = news_corpus(dir, 8);  // 296 pairs
  const std::string ref = dir + "/ref.db", db = dir + "/tm.db";
  const auto args = [&](const std::string& tm) {
    // Small transactions, so that many kills find some pairs committed.
    return std::vector<std::string>{"batch", "--presplit", "--quiet", "--jobs", "2", "--commit-every", "10",
                                    "--db", tm, tsv};
  };
  const auto t0 = std::chrono::steady_clock::now();
  std::string err;
  ASSERT_EQ(run_with(args(ref), {}, &err), 0) << err;
  const auto full = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
  const std::string want = tm_content(ref);
  ASSERT_GT(SqliteDb(ref, true).number("SELECT count(*) FROM units"), 2000);
  int partial = 0;
  std::mt19937 rng(11);
  for (int round = 0; round < 6; ++round) {
    fs::remove(db);
    fs::remove(db + "-wal");
    fs::remove(db + "-shm");
    // Up to three kills in a row, each resuming the last one's TM.
    for (int kill = 0; kill < 3; ++kill) {
      const pid_t pid = spawn_muwazi(args(db));
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % static_cast<unsigned>(full.count() + 1)));
      ::kill(pid, SIGKILL);
      wait_child(pid);
      // Killed before it created the TM (a slow start on a loaded machine):
      // nothing to check, the next run starts afresh.
      if (!fs::exists(db)) continue;
      ASSERT_EQ(integrity(db), "ok") << "round " << round;
      // A kill before the schema's first commit leaves a file without
      // tables (a TM to start afresh, as the next run does).
      SqliteDb killed(db, true);
      const long long n = killed.number("SELECT count(*) FROM sqlite_master WHERE name = 'units'") == 0
                              ? 0
                              : killed.number("SELECT count(*) FROM units");
      if (n > 0 && tm_content(db) != want) ++partial;
    }
    ASSERT_EQ(run_with(args(db), {}, &err), 0) << err;
    EXPECT_EQ(integrity(db), "ok");
    ASSERT_EQ(tm_content(db), want) << "round " << round;
  }
  std::printf("[ kill -9 ] full run %.0f ms; %d of 18 kills left a partly stored TM\n", full.count() / 1000.0,
              partial);
  EXPECT_GE(partial, 3);  // kills landed inside the batch, after some commits
}

// The TM cannot grow (a full disk): the batch stops with exit 3, and the
// pairs committed before are stored whole, each with all its units.
TEST(BatchCli, ATmThatCannotBeWrittenStopsWithWhatWasCommittedIntact) {
  const std::string dir = temp_dir();
  const std::string tsv = news_corpus(dir, 4);
  const std::string ref = dir + "/ref.db", db = dir + "/tm.db";
  ASSERT_EQ(run_muwazi({"batch", "--presplit", "--quiet", "--db", ref, tsv}).exit_code, 0);
  SpawnOptions o;
  o.max_file_size = 800 * 1024;
  std::string err;
  EXPECT_EQ(run_with({"batch", "--presplit", "--quiet", "--commit-every", "10", "--db", db, tsv}, o, &err), 3) << err;
  EXPECT_NE(err.find("pairs committed before are stored whole"), std::string::npos) << err;
  EXPECT_EQ(integrity(db), "ok");
  SqliteDb got(db, true), full(ref, true);
  const long long stored = got.number("SELECT count(*) FROM sources");
  EXPECT_GT(stored, 0);
  EXPECT_LT(stored, 148);
  // The stored pairs are the first ones, each with the units of the full run.
  const std::string per_pair =
      "SELECT s.pair_id || ':' || count(u.id) FROM sources s LEFT JOIN units u ON u.source_id = s.id "
      "GROUP BY s.id ORDER BY s.id";
  const auto g = lines_of(got.text(per_pair)), f = lines_of(full.text(per_pair + " LIMIT " + std::to_string(stored)));
  EXPECT_EQ(g, f);
  // And the same command on a disk with room finishes the job.
  ASSERT_EQ(run_muwazi({"batch", "--presplit", "--quiet", "--db", db, tsv}).exit_code, 0);
  EXPECT_EQ(tm_content(db), tm_content(ref));
}

TEST(BatchCli, ShardsMergedEqualOneRunAndMergingAgainAddsNothing) {
  const std::string dir = temp_dir();
  const std::string tsv = news_corpus(dir, 2);
  ASSERT_EQ(run_muwazi({"batch", "--presplit", "--quiet", "--db", dir + "/one.db", tsv}).exit_code, 0);
  std::vector<std::string> merge = {"tm", "merge", "--db", dir + "/all.db"};
  for (int k = 0; k < 3; ++k) {
    const std::string shard = dir + "/s" + std::to_string(k) + ".db";
    RunResult r = run_muwazi({"batch", "--presplit", "--quiet", "--shard", std::to_string(k) + "/3", "--db", shard, tsv});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    merge.push_back(shard);
  }
  ASSERT_EQ(run_muwazi(merge).exit_code, 0);
  // The same units and the same provenance records (ids aside).
  const std::string units = "SELECT src_lang || '|' || tgt_lang || '|' || src_text || '|' || tgt_text FROM units ORDER BY 1";
  const std::string sources =
      "SELECT kind || '|' || name || '|' || sha256 || '|' || name2 || '|' || sha256_2 || '|' || pair_id FROM sources "
      "ORDER BY 1";
  EXPECT_EQ(SqliteDb(dir + "/all.db", true).text(units), SqliteDb(dir + "/one.db", true).text(units));
  EXPECT_EQ(SqliteDb(dir + "/all.db", true).text(sources), SqliteDb(dir + "/one.db", true).text(sources));
  const std::string merged = tm_content(dir + "/all.db");
  RunResult again = run_muwazi(merge);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find(" 0 added"), std::string::npos) << again.out;
  EXPECT_EQ(tm_content(dir + "/all.db"), merged);
  EXPECT_EQ(run_muwazi({"tm", "merge", "--db", dir + "/all.db", dir + "/all.db"}).exit_code, 3);
}

TEST(BatchCli, MosesFilesFromABatchAndFromTheTm) {
  const std::string dir = temp_dir();
  const std::string tsv = news_corpus(dir, 1);
  RunResult r = run_muwazi({"batch", "--presplit", "--quiet", "--format", "moses", "--out-dir", dir + "/m",
                            "--min-score", "0.9", tsv});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto ar = lines_of(read_file(dir + "/m/corpus.ar")), en = lines_of(read_file(dir + "/m/corpus.en"));
  EXPECT_EQ(ar.size(), en.size());
  EXPECT_GT(ar.size(), 500u);
  ASSERT_EQ(run_muwazi({"batch", "--presplit", "--quiet", "--db", dir + "/tm.db", "--min-score", "0", tsv}).exit_code,
            0);
  r = run_muwazi({"tm", "export", "--db", dir + "/tm.db", "--format", "moses", "--src-lang", "ar", "--tgt-lang",
                  "en", "--min-score", "0.9", "-o", dir + "/x"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The TM keeps each distinct pair once; the batch writes every bead.
  const auto xar = lines_of(read_file(dir + "/x.ar")), xen = lines_of(read_file(dir + "/x.en"));
  EXPECT_EQ(xar.size(), xen.size());
  EXPECT_LE(xar.size(), ar.size());
  EXPECT_GT(xar.size(), ar.size() * 9 / 10);
  EXPECT_EQ(xar[0], ar[0]);
  EXPECT_EQ(xen[0], en[0]);
}

TEST(BatchCli, UsageErrors) {
  const std::string dir = temp_dir();
  write_file(dir + "/p.tsv", "a\tb\n");
  for (const std::vector<std::string>& a :
       {std::vector<std::string>{"batch"}, {"batch", "--db", dir + "/t.db", "--out-dir", dir + "/o", dir + "/p.tsv"},
        {"batch", "--shard", "4/4", dir + "/p.tsv"}, {"batch", "--jobs", "0", dir + "/p.tsv"},
        {"batch", "--format", "moses", dir + "/p.tsv"}, {"batch", "--format", "xml", "--out-dir", dir, dir + "/p.tsv"},
        {"batch", "--input", "csv", dir + "/p.tsv"}, {"batch", "--src-lang", "klingon!", dir + "/p.tsv"}}) {
    RunResult r = run_muwazi(a);
    EXPECT_EQ(r.exit_code, 2) << a.size() << ": " << r.err;
  }
  EXPECT_EQ(run_muwazi({"batch", dir + "/missing.tsv"}).exit_code, 1);
}

// A wrong document pairing (another article's English) is refused with its
// reason, reported as a failed pair, and nothing of it reaches the TM;
// --min-pair-score 0 stores it.
TEST(BatchCli, PairsThatAreNotTranslationsAreRefused) {
  const std::string dir = temp_dir();
  const std::string good = read_file(news_corpus(dir, 1));
  const std::string tsv = good + "news_newsweek-51328-0.ar\tnews_cnbc-com-6772-0.en\tcrossed\n";
  write_file(dir + "/pairs.tsv", tsv);
  RunResult r = run_muwazi({"batch", "--presplit", "--jobs", "2", "--db", dir + "/tm.db", "--errors",
                            dir + "/errors.txt", dir + "/pairs.tsv"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::string prefix = dir + "/pairs.tsv:38: crossed: " + dir + "/news_newsweek-51328-0.ar + " + dir +
                             "/news_cnbc-com-6772-0.en: not a translation pair (parallel score ";
  EXPECT_NE(r.err.find(prefix), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("muwazi batch: 1 of 38 pairs failed"), std::string::npos) << r.err;
  const auto errors = lines_of(read_file(dir + "/errors.txt"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind(prefix, 0), 0u) << errors[0];
  SqliteDb db(dir + "/tm.db", true);
  EXPECT_EQ(db.number("SELECT count(*) FROM sources"), 37);  // every translation, not the crossed pair
  EXPECT_EQ(db.number("SELECT count(*) FROM sources WHERE pair_id = 'crossed'"), 0);
  r = run_muwazi({"batch", "--presplit", "--min-pair-score", "0", "--db", dir + "/tm.db", dir + "/pairs.tsv"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(SqliteDb(dir + "/tm.db", true).number("SELECT count(*) FROM sources WHERE pair_id = 'crossed'"), 1);
}

}  // namespace
}  // namespace muwazi::test
