// Translation memory benchmarks (targets from issue 3):
//   BM_TmxImport/N     import N units from a TMX file into a fresh TM
//                      (target >= 50,000 units/s): counter units_per_s.
//   BM_TmLookup/N      one query per iteration on an N-unit TM built by
//                      recombining the TICO-19 sentences (target on 1M units:
//                      median <= 2 ms, p99 <= 20 ms): counters median_ms,
//                      p99_ms.
//   BM_TmRecall/N      best match found by the index vs an exhaustive scan
//                      over 40 queries (target >= 99%): counter recall_pct
//                      (at 1M units the scan takes about a minute).
// Default sizes: 10k and 100k units. More sizes on request, e.g.
//   MUWAZI_TM_BENCH_SIZES=1000000 muwazi_bench --benchmark_filter='BM_TmLookup/1000000'
// Built TMs are cached in $TMPDIR (muwazi_bench_tm_v7_N.db) and reused.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "text/error.h"
#include "tm/import.h"
#include "tm/lookup.h"
#include "tm/tm.h"
#include "tm/tmx_reader.h"

namespace {

using namespace muwazi;
// Not the C library's `struct tm` (<ctime>), which clang sees here too.
namespace tm = muwazi::tm;

struct Pair {
  std::string ar, en;
};

const std::vector<Pair>& tico() {
  static const std::vector<Pair> pairs = [] {
    std::vector<Pair> out;
    tm::read_tmx(std::string(MUWAZI_TEST_DATA) + "/tmx/tico19-all.en-ar.tmx", {"ar", "en"},
                 [&](tm::Unit&& u) { out.push_back({u.source.text, u.target.text}); });
    return out;
  }();
  return pairs;
}

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> w;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = s.find(' ', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) w.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return w;
}

std::string join(const std::vector<std::string>& w, std::size_t b, std::size_t e) {
  std::string out;
  for (std::size_t i = b; i < e && i < w.size(); ++i) out += (out.empty() ? "" : " ") + w[i];
  return out;
}

// Unit k of the synthetic TM: the beginning of sentence a glued to the end
// of sentence b (both sides), so every unit is a plausible sentence made of
// real Arabic and English words.
Pair synthetic(std::size_t k) {
  const auto& t = tico();
  std::mt19937_64 rng(k * 0x9E3779B97F4A7C15ULL + 1);
  const Pair& a = t[rng() % t.size()];
  const Pair& b = t[rng() % t.size()];
  std::vector<std::string> aa = words(a.ar), ba = words(b.ar), ae = words(a.en), be = words(b.en);
  // Cut both sentences at the same relative point of each language side
  // (30-70%), so units rarely repeat.
  const double f = 0.3 + 0.4 * static_cast<double>(rng() % 1000) / 1000.0;
  auto cut = [&](const std::vector<std::string>& w) { return static_cast<std::size_t>(f * static_cast<double>(w.size()) + 0.5); };
  Pair p;
  p.ar = join(aa, 0, cut(aa)) + " " + join(ba, cut(ba), ba.size());
  p.en = join(ae, 0, cut(ae)) + " " + join(be, cut(be), be.size());
  return p;
}

std::string cache_path(const std::string& what, std::int64_t n) {
  return (std::filesystem::temp_directory_path() / ("muwazi_bench_" + what + "_v7_" + std::to_string(n))).string();
}

// An N-unit TM (ar -> en): TICO itself, then synthetic units.
tm::Tm& lookup_tm(std::int64_t n) {
  static std::map<std::int64_t, std::unique_ptr<tm::Tm>> cache;
  auto it = cache.find(n);
  if (it != cache.end()) return *it->second;
  std::string path = cache_path("tm", n) + ".db";
  // A ".ok" file beside the TM marks a completed build (synthetic units
  // that happen to repeat are deduplicated, so the count is a bit below n).
  const std::string ok = path + ".ok";
  bool ready = std::filesystem::exists(path) && std::filesystem::exists(ok);
  if (!ready) {
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
    tm::Tm t = tm::Tm::open(path, {.create = true});
    tm::WriteBatch b(t, tm::Provenance::file("tsv", "synthetic"), {});
    const auto& base = tico();
    for (std::int64_t k = 0; k < n; ++k) {
      tm::Unit u;
      Pair p = k < static_cast<std::int64_t>(base.size()) ? base[static_cast<std::size_t>(k)] : synthetic(static_cast<std::size_t>(k));
      u.source = tm::Segment{"ar", p.ar, nullptr};
      u.target = tm::Segment{"en", p.en, nullptr};
      b.add(u);
    }
    b.commit();
    std::ofstream(ok) << t.unit_count() << "\n";
  }
  auto t = std::make_unique<tm::Tm>(tm::Tm::open(path, {.read_only = true}));
  return *cache.emplace(n, std::move(t)).first->second;
}

// Queries: TICO Arabic sentences with 0-3 word edits (most have a fuzzy or
// better match in the TM) — the workload of a translator.
std::vector<std::string> queries(std::size_t count) {
  const auto& t = tico();
  std::mt19937 rng(7);
  std::vector<std::string> out;
  while (out.size() < count) {
    std::vector<std::string> w = words(t[rng() % t.size()].ar);
    if (w.size() < 3) continue;
    int edits = static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && w.size() > 2; ++e) {
      std::vector<std::string> donor = words(t[rng() % t.size()].ar);
      std::size_t at = rng() % w.size();
      if (rng() % 2) {
        w.erase(w.begin() + static_cast<std::ptrdiff_t>(at));
      } else {
        w[at] = donor[rng() % donor.size()];
      }
    }
    out.push_back(join(w, 0, w.size()));
  }
  return out;
}

// Lookup options of the benchmarks; MUWAZI_TM_BENCH_EXTRA and
// MUWAZI_TM_BENCH_CANDIDATES override extra_postings / max_candidates (to
// explore the speed/recall trade-off).
tm::LookupOptions bench_options() {
  tm::LookupOptions o{.src_lang = "ar", .tgt_lang = "en"};
  if (const char* e = std::getenv("MUWAZI_TM_BENCH_EXTRA")) o.extra_postings = static_cast<std::size_t>(std::atoll(e));
  if (const char* c = std::getenv("MUWAZI_TM_BENCH_CANDIDATES")) o.max_candidates = std::atoi(c);
  return o;
}

void BM_TmxImport(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  // A TMX file of n units: TICO units numbered so none is a duplicate.
  std::string tmx = cache_path("import", n) + ".tmx";
  if (!std::filesystem::exists(tmx)) {
    std::ofstream out(tmx, std::ios::binary);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"bench\" "
           "creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"en\" "
           "datatype=\"plaintext\"/><body>\n";
    const auto& t = tico();
    for (std::int64_t k = 0; k < n; ++k) {
      const Pair& p = t[static_cast<std::size_t>(k) % t.size()];
      // The texts need no escaping: TICO has no '<' or '&'.
      out << "<tu tuid=\"" << k << "\"><prop type=\"x-n\">" << k << "</prop><tuv xml:lang=\"en\"><seg>" << p.en << " ("
          << k << ")</seg></tuv><tuv xml:lang=\"ar\"><seg>" << p.ar << " (" << k << ")</seg></tuv></tu>\n";
    }
    out << "</body></tmx>\n";
  }
  std::string db = cache_path("import", n) + ".db";
  std::int64_t units = 0;
  double cpu_s = 0;  // both threads (the machine may be shared: wall rates vary)
  auto process_cpu = [] {
    rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           1e-6 * static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
  };
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(db + ext);
    state.ResumeTiming();
    const double c0 = process_cpu();
    tm::Tm t = tm::Tm::open(db, {.create = true});
    tm::ImportResult r = tm::import_file(t, tmx, {});
    units += r.write.added;
    cpu_s += process_cpu() - c0;
  }
  state.counters["units_per_s"] = benchmark::Counter(static_cast<double>(units), benchmark::Counter::kIsRate);
  // Units per CPU-second of the whole process: the wall rate on an idle
  // 2-core machine lies between this and twice this (two threads).
  state.counters["units_per_cpu_s"] = static_cast<double>(units) / std::max(cpu_s, 1e-9);
}

void BM_TmLookup(benchmark::State& state) {
  tm::Tm& t = lookup_tm(state.range(0));
  tm::Lookup lk(t);
  tm::LookupOptions o = bench_options();
  const std::vector<std::string> qs = queries(1000);
  std::vector<double> ms, cpu_ms;
  std::size_t i = 0, hits = 0;
  auto thread_cpu_ms = [] {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return 1e3 * static_cast<double>(ts.tv_sec) + 1e-6 * static_cast<double>(ts.tv_nsec);
  };
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    const double c0 = thread_cpu_ms();
    auto r = lk.lookup(qs[i % qs.size()], o);
    cpu_ms.push_back(thread_cpu_ms() - c0);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    hits += !r.empty();
    ++i;
  }
  std::sort(ms.begin(), ms.end());
  state.counters["median_ms"] = ms[ms.size() / 2];
  state.counters["p99_ms"] = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  // The same on the thread's CPU clock: what a query costs when the machine
  // is not shared (wall times above include waiting for a core).
  std::sort(cpu_ms.begin(), cpu_ms.end());
  state.counters["median_cpu_ms"] = cpu_ms[cpu_ms.size() / 2];
  state.counters["p99_cpu_ms"] = cpu_ms[std::min(cpu_ms.size() - 1, cpu_ms.size() * 99 / 100)];
  state.counters["with_match_pct"] = 100.0 * static_cast<double>(hits) / static_cast<double>(ms.size());
}

void BM_TmRecall(benchmark::State& state) {
  tm::Tm& t = lookup_tm(state.range(0));
  tm::Lookup lk(t);
  tm::LookupOptions o = bench_options();
  o.limit = 1;
  const std::vector<std::string> qs = queries(40);
  int with_match = 0, found = 0;
  for (auto _ : state) {
    for (const std::string& q : qs) {
      auto ex = lk.lookup_exhaustive(q, o);
      if (ex.empty()) continue;
      ++with_match;
      auto ix = lk.lookup(q, o);
      found += !ix.empty() && ix[0].score == ex[0].score;
    }
  }
  state.counters["recall_pct"] = with_match ? 100.0 * found / with_match : 100.0;
  state.counters["queries_with_match"] = with_match;
}

std::vector<std::int64_t> sizes() {
  std::vector<std::int64_t> s = {10000, 100000};
  if (const char* env = std::getenv("MUWAZI_TM_BENCH_SIZES")) {
    std::string v = env;
    std::size_t i = 0;
    while (i < v.size()) {
      std::size_t j = v.find(',', i);
      if (j == std::string::npos) j = v.size();
      s.push_back(std::atoll(v.substr(i, j - i).c_str()));
      i = j + 1;
    }
  }
  return s;
}

[[maybe_unused]] const bool kRegistered = [] {
  for (std::int64_t n : sizes()) {
    benchmark::RegisterBenchmark("BM_TmxImport", BM_TmxImport)
        ->Arg(n)
        ->Iterations(1)
        ->UseRealTime()  // two threads: rates per wall-clock second
        ->Unit(benchmark::kMillisecond);
  }
  for (std::int64_t n : sizes()) {
    benchmark::RegisterBenchmark("BM_TmLookup", BM_TmLookup)->Arg(n)->Iterations(2000)->Unit(benchmark::kMicrosecond);
  }
  for (std::int64_t n : sizes()) {
    benchmark::RegisterBenchmark("BM_TmRecall", BM_TmRecall)->Arg(n)->Iterations(1)->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace
