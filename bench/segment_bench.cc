// Throughput of text::segment() on real news (MB/s of UTF-8 input).
//
// Input: every NTREX dev document of tests/data/ntrex_dev rebuilt as a raw
// article ("headline\n\nbody sentences joined by spaces"), all documents of a
// language concatenated with blank lines in between (about 100 KB per
// language), repeated `range(0)` times to show that the cost per byte stays
// flat as the input grows.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "text/segment.h"

namespace {

namespace fs = std::filesystem;

std::string news_text(const std::string& lang) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(MUWAZI_TEST_DATA) / "ntrex_dev")) {
    if (e.is_regular_file() && e.path().extension() == "." + lang) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::string text;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string line;
    bool headline = true, first_body = true;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      if (headline) {
        text += line + "\n\n";
        headline = false;
      } else {
        if (!first_body) text += ' ';
        text += line;
        first_body = false;
      }
    }
    text += "\n\n";
  }
  return text;
}

void segment_bench(benchmark::State& state, const std::string& lang) {
  const std::string unit = news_text(lang);
  if (unit.empty()) {
    state.SkipWithError("tests/data/ntrex_dev not found");
    return;
  }
  std::string text;
  for (int64_t i = 0; i < state.range(0); ++i) text += unit;
  muwazi::text::SegmentOptions options;
  options.lang = lang;
  std::size_t sentences = 0;
  for (auto _ : state) {
    auto paragraphs = muwazi::text::segment(text, options);
    sentences = 0;
    for (const auto& p : paragraphs) sentences += p.size();
    benchmark::DoNotOptimize(paragraphs);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
  state.counters["sentences"] = static_cast<double>(sentences);
  state.counters["input_KB"] = static_cast<double>(text.size()) / 1024.0;
}

void BM_SegmentEnglishNews(benchmark::State& state) { segment_bench(state, "en"); }
void BM_SegmentArabicNews(benchmark::State& state) { segment_bench(state, "ar"); }

void BM_GuessLanguageArabicNews(benchmark::State& state) {
  const std::string text = news_text("ar");
  for (auto _ : state) benchmark::DoNotOptimize(muwazi::text::guess_language(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}

BENCHMARK(BM_SegmentEnglishNews)->Arg(1)->Arg(8)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SegmentArabicNews)->Arg(1)->Arg(8)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GuessLanguageArabicNews)->Unit(benchmark::kMicrosecond);

}  // namespace
