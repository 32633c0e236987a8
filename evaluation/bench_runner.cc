#include "evaluation/bench_runner.h"

#include <sys/resource.h>
#include <sys/utsname.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <map>
#include <string>
#include <thread>

namespace muwazi::evaluation {

using align::Alignment;
using align::align_documents;

namespace {

// Resets the kernel's peak-RSS mark (VmHWM) to the current RSS. Linux only;
// false when not permitted.
bool reset_peak_rss() {
  std::ofstream f("/proc/self/clear_refs");
  if (!f) return false;
  f << "5";
  f.flush();
  return static_cast<bool>(f);
}

// Peak RSS in KiB: VmHWM from /proc/self/status, else ru_maxrss.
long peak_rss_kib() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  struct rusage ru {};
  ::getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;  // KiB on Linux
}

double cpu_now() {
  struct timespec ts {};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& default_bench_configs() {
  static const std::vector<std::pair<std::string, std::string>> configs = {
      {"gale-church", "--no-ratio --fixed-ratio 1.0 --no-anchors --no-lexicon --no-local"},
      {"length", "--no-anchors --no-lexicon"},
      {"anchors", "--no-lexicon"},
      {"default", ""},
  };
  return configs;
}

namespace {

BenchAggregate aggregate_if(const ConfigRun& run, const std::function<bool(std::size_t)>& include) {
  BenchAggregate a;
  EvalCounts counts;
  a.timed = !run.external;
  for (const DocRun& d : run.docs) {
    if (!include(d.subset)) continue;
    counts.add(d.counts);
    a.diagnostics.add(d.diagnostics);
    ++a.docs;
    a.sentences += d.n_src + d.n_tgt;
    if (d.seconds >= 0) {
      a.seconds += d.seconds;
      a.cpu_seconds += d.cpu_seconds;
    } else {
      a.timed = false;
    }
    a.peak_rss_kib = std::max(a.peak_rss_kib, d.peak_rss_kib);
  }
  if (a.docs == 0) a.timed = false;
  a.eval = score_counts(counts);
  return a;
}

}  // namespace

BenchAggregate aggregate(const ConfigRun& run) {
  return aggregate_if(run, [](std::size_t) { return true; });
}

BenchAggregate aggregate(const ConfigRun& run, const std::vector<std::size_t>& subsets) {
  return aggregate_if(run, [&](std::size_t s) {
    return std::find(subsets.begin(), subsets.end(), s) != subsets.end();
  });
}

// A document's run scored against its gold (times left unset).
static DocRun scored_doc(std::size_t subset, std::size_t k, const BenchDocument& doc, const Alignment& test) {
  DocRun r;
  r.subset = subset;
  r.doc = k;
  r.n_src = static_cast<int>(doc.src.sentences.size());
  r.n_tgt = static_cast<int>(doc.tgt.sentences.size());
  r.counts = count_document(doc.gold, test);
  r.diagnostics = diagnose_document(doc.gold, test);
  return r;
}

ConfigRun run_config(const std::vector<BenchSubset>& subsets, const BenchConfig& config,
                     const ProgressFn& progress, std::size_t done_before, std::size_t total) {
  ConfigRun run;
  run.name = config.name;
  run.flags = config.flags;
  run.peak_rss_per_document = true;
  const auto start = std::chrono::steady_clock::now();
  std::size_t done = done_before;
  for (std::size_t s = 0; s < subsets.size(); ++s) {
    for (std::size_t k = 0; k < subsets[s].docs.size(); ++k) {
      const BenchDocument& doc = subsets[s].docs[k];
      if (!reset_peak_rss()) run.peak_rss_per_document = false;
      const double cpu0 = cpu_now();
      const auto t0 = std::chrono::steady_clock::now();
      Alignment test = align_documents(doc.src, doc.tgt, config.options);
      const auto t1 = std::chrono::steady_clock::now();
      DocRun r = scored_doc(s, k, doc, test);
      r.cpu_seconds = cpu_now() - cpu0;
      r.seconds = std::chrono::duration<double>(t1 - t0).count();
      r.peak_rss_kib = peak_rss_kib();
      run.docs.push_back(std::move(r));
      ++done;
      if (progress) {
        BenchProgress p;
        p.done = done;
        p.total = total;
        p.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        p.config = config.name;
        p.subset = subsets[s].label;
        p.doc = doc.name;
        progress(p);
      }
    }
  }
  return run;
}

ConfigRun score_external(const std::vector<BenchSubset>& subsets, const std::string& name, const std::string& dir,
                         const std::vector<std::vector<Alignment>>& alignments) {
  ConfigRun run;
  run.name = name;
  run.flags = dir;
  run.external = true;
  for (std::size_t s = 0; s < subsets.size(); ++s) {
    for (std::size_t k = 0; k < subsets[s].docs.size(); ++k) {
      const BenchDocument& doc = subsets[s].docs[k];
      run.docs.push_back(scored_doc(s, k, doc, alignments.at(s).at(k)));
    }
  }
  return run;
}

BenchResult run_benchmark(std::vector<BenchSubset> subsets, const std::vector<BenchConfig>& configs,
                          const std::vector<ExternalAlignments>& externals, const ProgressFn& progress) {
  BenchResult result;
  std::size_t docs = 0;
  for (const auto& s : subsets) docs += s.docs.size();
  const std::size_t total = docs * configs.size();
  const auto start = std::chrono::steady_clock::now();
  std::size_t done = 0;
  for (const auto& c : configs) {
    result.configs.push_back(run_config(subsets, c, progress, done, total));
    done += docs;
  }
  result.total_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& e : externals) result.configs.push_back(score_external(subsets, e.name, e.dir, e.alignments));
  result.subsets = std::move(subsets);
  return result;
}

MachineInfo machine_info() {
  MachineInfo m;
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      std::size_t start = colon == std::string::npos ? colon : line.find_first_not_of(" \t", colon + 1);
      if (start != std::string::npos) m.cpu = line.substr(start);
      break;
    }
  }
  if (m.cpu.empty()) m.cpu = "unknown";
  m.cpus = std::thread::hardware_concurrency();
  std::ifstream loadavg("/proc/loadavg");
  std::string l1, l5, l15;
  if (loadavg >> l1 >> l5 >> l15) m.load = l1 + " " + l5 + " " + l15;
  struct utsname u {};
  if (::uname(&u) == 0) m.os = std::string(u.sysname) + " " + u.release + " " + u.machine;
#if defined(__clang__)
  m.compiler = "clang " __clang_version__;
#elif defined(__GNUC__)
  m.compiler = "gcc " __VERSION__;
#else
  m.compiler = "unknown";
#endif
#ifdef NDEBUG
  m.build = "optimized (NDEBUG)";
#else
  m.build = "debug (assertions on)";
#endif
#if defined(__SANITIZE_ADDRESS__)
  m.build += ", AddressSanitizer";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  m.build += ", AddressSanitizer";
#endif
#endif
  return m;
}

}  // namespace muwazi::evaluation
