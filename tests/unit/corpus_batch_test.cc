// corpus/ordered_pool.h and corpus/batch.h: order under many threads,
// bounded memory, bad pairs, resume, the TM output.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <mutex>
#include <utility>

#include "corpus/batch.h"
#include "corpus/ordered_pool.h"
#include "tests/unit/tm_test_util.h"
#include "text/error.h"
#include "tm/keys.h"
#include "tm/tm.h"

namespace muwazi::corpus {
namespace {

using tm::testing::read_file;
using tm::testing::TempDir;
using tm::testing::write_file;

TEST(CorpusPool, ResultsComeInInputOrderAndTheWindowBoundsWhatIsInFlight) {
  for (int jobs : {1, 2, 4, 8}) {
    const std::size_t window = 3 * static_cast<std::size_t>(jobs);
    int next_item = 0;
    std::atomic<int> in_flight{0}, max_in_flight{0};
    std::vector<int> got;
    run_ordered<int, int>(
        jobs, window,
        [&]() -> std::optional<int> {
          if (next_item == 500) return std::nullopt;
          const int now = ++in_flight;
          int seen = max_in_flight.load();
          while (now > seen && !max_in_flight.compare_exchange_weak(seen, now)) {
          }
          return next_item++;
        },
        [](int& x, int) {
          // Uneven work: later items often finish first.
          std::this_thread::sleep_for(std::chrono::microseconds((x * 7919) % 13 * 20));
          return x * 2;
        },
        [&](int& r) {
          got.push_back(r);
          --in_flight;
        });
    ASSERT_EQ(got.size(), 500u) << jobs;
    for (int i = 0; i < 500; ++i) ASSERT_EQ(got[static_cast<std::size_t>(i)], 2 * i) << jobs;
    // The window, plus the one item being delivered.
    EXPECT_LE(max_in_flight.load(), static_cast<int>(window) + 1) << jobs;
  }
}

// Delivered results are freed by the workers, not by the delivering thread
// (the TM writer): only the last window's worth, delivered after the input
// ran out, is left to the caller.
TEST(CorpusPool, DeliveredResultsAreDestroyedByTheWorkers) {
  struct Log {
    std::mutex mu;
    std::vector<std::thread::id> destroyed_on;
  };
  struct Tracked {
    Log* log = nullptr;
    explicit Tracked(Log* l) : log(l) {}
    Tracked(Tracked&& o) noexcept : log(std::exchange(o.log, nullptr)) {}
    Tracked& operator=(Tracked&& o) noexcept {
      log = std::exchange(o.log, nullptr);
      return *this;
    }
    ~Tracked() {
      if (!log) return;  // moved from
      std::lock_guard lock(log->mu);
      log->destroyed_on.push_back(std::this_thread::get_id());
    }
  };
  Log log;
  const int jobs = 2;
  const std::size_t window = 4;
  int next_item = 0;
  int delivered = 0;
  run_ordered<int, Tracked>(
      jobs, window, [&]() -> std::optional<int> { return next_item < 300 ? std::optional<int>(next_item++) : std::nullopt; },
      [&](int&, int) { return Tracked(&log); }, [&](Tracked&) { ++delivered; });
  ASSERT_EQ(delivered, 300);
  ASSERT_EQ(log.destroyed_on.size(), 300u);
  const auto caller = std::this_thread::get_id();
  const auto on_caller = std::count(log.destroyed_on.begin(), log.destroyed_on.end(), caller);
  EXPECT_LE(on_caller, static_cast<long>(window) + jobs) << "results freed on the delivering thread";
}

TEST(CorpusPool, AWorkErrorArrivesInItsPlaceAndStopsThePool) {
  int next_item = 0;
  std::vector<int> got;
  auto go = [&] {
    run_ordered<int, int>(
                   4, 8, [&]() -> std::optional<int> { return next_item < 1000 ? std::optional<int>(next_item++) : std::nullopt; },
                   [](int& x, int) {
                     if (x == 40) throw std::runtime_error("boom");
                     return x;
                   },
                   [&](int& r) { got.push_back(r); });
  };
  EXPECT_THROW(go(), std::runtime_error);
  ASSERT_EQ(got.size(), 40u);  // everything before the failing item, nothing after
  for (int i = 0; i < 40; ++i) EXPECT_EQ(got[static_cast<std::size_t>(i)], i);
  EXPECT_LT(next_item, 1000);  // reading stopped
}

TEST(CorpusPool, ADeliverErrorStopsThePool) {
  int next_item = 0;
  auto go = [&] {
    run_ordered<int, int>(
                   2, 4, [&]() -> std::optional<int> { return next_item < 1000 ? std::optional<int>(next_item++) : std::nullopt; },
                   [](int& x, int) { return x; },
                   [&](int& r) {
                     if (r == 10) throw Error::Database("disk full");
                   });
  };
  EXPECT_THROW(go(), Error);
  EXPECT_LE(next_item, 10 + 4 + 1);
}

// A small corpus on disk: n presplit pairs whose sentences carry their pair
// number, plus bad pairs at the given places.
struct Corpus {
  TempDir dir;
  std::string manifest = dir.file("pairs.tsv");
  explicit Corpus(int n) {
    std::string tsv;
    for (int i = 0; i < n; ++i) {
      const std::string k = std::to_string(i);
      write_file(dir.file(k + ".ar"), "ذهب الولد " + k + " إلى المدرسة.\nوقال إنه سعيد جدا بذلك.\n");
      write_file(dir.file(k + ".en"), "The boy " + k + " went to school.\nHe said he was very happy about it.\n");
      tsv += k + ".ar\t" + k + ".en\n";
      if (i == 3) tsv += "missing.ar\tmissing.en\n";  // an unreadable pair
      if (i == 5) {
        write_file(dir.file("bin.ar"), std::string("abc\0def", 7));
        tsv += "bin.ar\t0.en\n";  // binary
      }
    }
    write_file(manifest, tsv);
  }
};

BatchOptions presplit_options() {
  BatchOptions o;
  o.pair.presplit = true;
  o.jobs = 3;
  return o;
}

std::vector<PairReport> run(const Corpus& c, const BatchOptions& o, BatchSummary* summary = nullptr) {
  ManifestReader m({c.manifest}, {});
  std::vector<PairReport> reports;
  BatchSummary s = run_batch([&] { return m.next(); }, o, [&](const PairReport& r) { reports.push_back(r); });
  if (summary) *summary = s;
  return reports;
}

TEST(CorpusBatch, StreamOutputIsTheSameForAnyNumberOfThreads) {
  Corpus c(30);
  std::string first;
  for (int jobs : {1, 2, 5}) {
    std::ostringstream out;
    BatchOptions o = presplit_options();
    o.jobs = jobs;
    o.stream = &out;
    BatchSummary s;
    const auto reports = run(c, o, &s);
    EXPECT_EQ(s.pairs, 32);
    EXPECT_EQ(s.done, 30);
    EXPECT_EQ(s.failed, 2);
    ASSERT_EQ(reports.size(), 32u);
    // Bad pairs are reported in their place, with the file that failed.
    EXPECT_EQ(reports[4].status, PairReport::Status::kFailed);
    EXPECT_NE(reports[4].error.find("missing.ar"), std::string::npos) << reports[4].error;
    EXPECT_EQ(reports[4].where, c.manifest + ":5");
    EXPECT_EQ(reports[7].status, PairReport::Status::kFailed);
    EXPECT_NE(reports[7].error.find("binary"), std::string::npos) << reports[7].error;
    if (first.empty()) {
      first = out.str();
      EXPECT_NE(first.find("{\"pair\":\"0\",\"src\":[0],\"tgt\":[0]"), std::string::npos) << first.substr(0, 200);
    } else {
      EXPECT_EQ(out.str(), first) << "jobs " << jobs;
    }
  }
}

TEST(CorpusBatch, TmOutputStoresEachPairWithProvenanceAndResumes) {
  Corpus c(12);
  BatchOptions o = presplit_options();
  o.db_path = c.dir.file("tm.db");
  o.commit_pairs = 5;  // several transactions
  BatchSummary s;
  run(c, o, &s);
  EXPECT_EQ(s.done, 12);
  // The second sentence is the same in every pair: stored once.
  EXPECT_EQ(s.write.added, 13);
  EXPECT_EQ(s.write.identical, 11);
  {
    tm::Tm t = tm::Tm::open(o.db_path, {.read_only = true});
    EXPECT_EQ(t.unit_count(), 13);
    int pairs = 0;
    t.for_each_pair_source([&](std::string_view id, std::string_view a, std::string_view b) {
      ++pairs;
      EXPECT_FALSE(id.empty());
      EXPECT_EQ(a.size(), 64u);
      EXPECT_EQ(b.size(), 64u);
    });
    EXPECT_EQ(pairs, 12);
    const tm::StoredUnit u = t.get_unit(1);
    EXPECT_EQ(u.source_kind, "docpair");
    EXPECT_EQ(u.source_name, c.dir.file("0.ar"));
    EXPECT_EQ(u.unit.bead, "1-1");
    EXPECT_EQ(u.unit.position, 0);
  }
  // Again: every good pair is already done (not aligned again), the bad ones fail again.
  const auto again = run(c, o, &s);
  EXPECT_EQ(s.done, 0);
  EXPECT_EQ(s.already_done, 12);
  EXPECT_EQ(s.failed, 2);
  // A changed text is a new pair, even under the same id.
  write_file(c.dir.file("2.en"), "The boy 2 went to the school.\nHe said he was very happy about it.\n");
  run(c, o, &s);
  EXPECT_EQ(s.done, 1);
  EXPECT_EQ(s.already_done, 11);
  EXPECT_EQ(s.write.added, 1);     // the changed sentence
  EXPECT_EQ(s.write.identical, 1);  // the other one
}

TEST(CorpusBatch, AFolderOfFilesResumesByFinishedFiles) {
  Corpus c(6);
  BatchOptions o = presplit_options();
  o.out_dir = c.dir.file("out");
  o.format = OutFormat::kTsv;
  BatchSummary s;
  run(c, o, &s);
  EXPECT_EQ(s.done, 6);
  const std::string tsv = read_file(c.dir.file("out/4.tsv"));
  EXPECT_EQ(tsv.rfind("ذهب الولد 4 إلى المدرسة.\tThe boy 4 went to school.\t0.", 0), 0u) << tsv;
  EXPECT_NE(tsv.find("\nوقال إنه سعيد جدا بذلك.\tHe said he was very happy about it.\t0."), std::string::npos) << tsv;
  std::filesystem::remove(c.dir.file("out/4.tsv"));
  run(c, o, &s);
  EXPECT_EQ(s.done, 1);  // only the missing file
  EXPECT_EQ(s.already_done, 5);
  EXPECT_TRUE(std::filesystem::exists(c.dir.file("out/4.tsv")));
  o.resume = false;
  run(c, o, &s);
  EXPECT_EQ(s.done, 6);
}

TEST(CorpusBatch, MosesFilesAreCutBackToTheJournalOnResume) {
  Corpus c(5);
  BatchOptions o = presplit_options();
  o.out_dir = c.dir.file("moses");
  o.format = OutFormat::kMoses;
  BatchSummary s;
  run(c, o, &s);
  EXPECT_EQ(s.lines, 10);
  const std::string ar = read_file(c.dir.file("moses/corpus.ar")), en = read_file(c.dir.file("moses/corpus.en"));
  // A killed run: a torn journal line and lines of a pair not journalled.
  write_file(c.dir.file("moses/corpus.ar"), ar + "half a pair\n");
  std::string journal = read_file(c.dir.file("moses/corpus.done"));
  journal.resize(journal.rfind('\n', journal.size() - 2) + 1);  // drop pair 4's line
  write_file(c.dir.file("moses/corpus.done"), journal + "4\t12");
  std::string ar_cut = ar.substr(0, std::stoul(journal.substr(journal.rfind('\n', journal.size() - 2) + 1).substr(2)));
  run(c, o, &s);
  EXPECT_EQ(s.done, 1);
  EXPECT_EQ(s.already_done, 4);
  EXPECT_EQ(read_file(c.dir.file("moses/corpus.ar")), ar);
  EXPECT_EQ(read_file(c.dir.file("moses/corpus.en")), en);
  EXPECT_LT(ar_cut.size(), ar.size());
}

// units_of() computes each source sentence's match key once and reuses it
// for the unit of that sentence and the contexts of its neighbours: the keys
// must be exactly those that prepare_unit() and context_hash() compute from
// the texts (Arabic with harakat and hamza forms, so that a key is not the
// text itself).
TEST(CorpusBatch, UnitKeysAndContextsAreThoseOfTheirTexts) {
  AlignedPair pair;
  pair.src.lang = "ar";
  pair.src.sentences = {"قَالَ أحمد: نعم.",
                        "ذهب إلى السوق.",
                        "واشترى خبزاً.",
                        "جملة محذوفة.",
                        "عاد في ١٢ مساءً."};
  pair.tgt.lang = "en";
  pair.tgt.sentences = {"Ahmed said: Yes.", "He went to the market and bought bread.", "He came back at 12 p.m."};
  pair.beads = {{{0}, {0}, 0.9}, {{1, 2}, {1}, 0.8}, {{3}, {}, 0.7}, {{4}, {2}, 0.95}};
  PairSpec spec;
  spec.id = "p1";
  PairTexts texts;
  texts.src_lang = "ar";
  texts.tgt_lang = "en";
  const PairUnits got = units_of(spec, texts, pair, 0.5);
  ASSERT_EQ(got.units.size(), 3u);
  EXPECT_EQ(got.omissions, 1);
  const std::vector<std::pair<int, int>> neighbours = {{-1, 1}, {0, 3}, {3, -1}};
  for (std::size_t k = 0; k < got.units.size(); ++k) {
    const tm::PreparedUnit& u = got.units[k];
    const tm::PreparedUnit fresh = tm::prepare_unit(u.unit);
    EXPECT_EQ(u.src.key, fresh.src.key) << k;
    EXPECT_NE(u.src.key, u.unit.source.text) << k;
    EXPECT_EQ(u.src.loose, fresh.src.loose) << k;
    EXPECT_EQ(u.src.tokens, fresh.src.tokens) << k;
    EXPECT_EQ(u.tgt.key, fresh.tgt.key) << k;
    EXPECT_EQ(u.source_identity, fresh.source_identity) << k;
    ASSERT_EQ(u.unit.contexts.size(), 1u) << k;
    auto sentence = [&](int i) {
      return i < 0 ? std::string_view() : std::string_view(pair.src.sentences[static_cast<std::size_t>(i)]);
    };
    EXPECT_EQ(u.unit.contexts[0].prev, tm::context_hash(sentence(neighbours[k].first))) << k;
    EXPECT_EQ(u.unit.contexts[0].next, tm::context_hash(sentence(neighbours[k].second))) << k;
  }
  EXPECT_EQ(got.units[1].unit.source.text, pair.src.sentences[1] + " " + pair.src.sentences[2]);
}

TEST(CorpusBatch, OptionsThatDoNotFitAreUsageErrors) {
  Corpus c(1);
  BatchOptions o = presplit_options();
  EXPECT_THROW(run(c, o), Error);  // no output
  o.db_path = c.dir.file("tm.db");
  o.out_dir = c.dir.file("out");
  EXPECT_THROW(run(c, o), Error);  // two
  o.out_dir.clear();
  o.format = OutFormat::kMoses;
  EXPECT_THROW(run(c, o), Error);  // moses without a folder
}

}  // namespace
}  // namespace muwazi::corpus
