// Micro-benchmarks of the aligner on real news: feature extraction per
// sentence and the whole alignment (align_documents) at 1k, 4k, 16k and 64k
// sentences per side, to show that time grows about linearly.
//
// Input: the bundled NTREX dev documents (tests/data/ntrex_dev, clean ones,
// about 1,200 sentences per side), concatenated document pair after document
// pair -- and repeated when more sentences are needed -- into one long
// Arabic document and its English translation, cut at a document boundary
// once the source side has the requested number of sentences. Repeating keeps
// the text real; the aligner sees each copy as more of the same article.
//
//   muwazi_bench --benchmark_filter=Align      (see README, "Benchmarks")
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "align/aligner.h"
#include "align/document_io.h"
#include "align/features.h"
#include "align/parallel.h"

namespace {

namespace fs = std::filesystem;
using muwazi::align::AlignOptions;
using muwazi::align::Document;

struct Pair {
  Document src, tgt;
};

const std::vector<Pair>& news_pairs() {
  static const std::vector<Pair> pairs = [] {
    std::vector<Pair> out;
    std::vector<std::string> names;
    fs::path dir = fs::path(MUWAZI_TEST_DATA) / "ntrex_dev";
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      if (e.path().extension() == ".gold") names.push_back(e.path().stem().string());
    }
    std::sort(names.begin(), names.end());
    for (const auto& n : names) {
      out.push_back({muwazi::align::read_document((dir / (n + ".ar")).string(), "ar", true),
                     muwazi::align::read_document((dir / (n + ".en")).string(), "en", true)});
    }
    return out;
  }();
  return pairs;
}

void append(Document& to, const Document& from) {
  to.sentences.insert(to.sentences.end(), from.sentences.begin(), from.sentences.end());
  if (from.paragraph_start.size() == from.sentences.size()) {
    to.paragraph_start.insert(to.paragraph_start.end(), from.paragraph_start.begin(), from.paragraph_start.end());
  } else {
    to.paragraph_start.insert(to.paragraph_start.end(), from.sentences.size(), false);
  }
}

// A document pair with at least `n` source sentences (whole documents).
Pair long_pair(std::size_t n) {
  Pair p;
  p.src.lang = "ar";
  p.tgt.lang = "en";
  const auto& pairs = news_pairs();
  if (pairs.empty()) return p;
  for (std::size_t k = 0; p.src.sentences.size() < n; ++k) {
    append(p.src, pairs[k % pairs.size()].src);
    append(p.tgt, pairs[k % pairs.size()].tgt);
  }
  return p;
}

// Feature extraction (tokens, numbers, names, punctuation ...) for a 4k-
// sentence pair; the rate is sentences (both sides) per second.
void BM_FeatureExtraction(benchmark::State& state) {
  const Pair p = long_pair(static_cast<std::size_t>(state.range(0)));
  if (p.src.sentences.empty()) {
    state.SkipWithError("tests/data/ntrex_dev not found");
    return;
  }
  AlignOptions options;
  for (auto _ : state) {
    muwazi::align::FeatureExtractor extractor(p.src, p.tgt, options);
    auto features = extractor.build(nullptr);
    benchmark::DoNotOptimize(features.src.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(p.src.sentences.size() + p.tgt.sentences.size()));
  state.counters["sentences"] = static_cast<double>(p.src.sentences.size() + p.tgt.sentences.size());
}
BENCHMARK(BM_FeatureExtraction)->Arg(4096)->Unit(benchmark::kMillisecond);

void align_bench(benchmark::State& state, const AlignOptions& options) {
  const Pair p = long_pair(static_cast<std::size_t>(state.range(0)));
  if (p.src.sentences.empty()) {
    state.SkipWithError("tests/data/ntrex_dev not found");
    return;
  }
  std::size_t beads = 0;
  for (auto _ : state) {
    auto alignment = muwazi::align::align_documents(p.src, p.tgt, options);
    beads = alignment.size();
    benchmark::DoNotOptimize(alignment.data());
  }
  const auto sentences = static_cast<int64_t>(p.src.sentences.size() + p.tgt.sentences.size());
  state.SetItemsProcessed(state.iterations() * sentences);
  state.SetComplexityN(static_cast<int64_t>(p.src.sentences.size()));
  state.counters["src_sentences"] = static_cast<double>(p.src.sentences.size());
  state.counters["tgt_sentences"] = static_cast<double>(p.tgt.sentences.size());
  state.counters["beads"] = static_cast<double>(beads);
}

// The search with length evidence only: features are trivial, so this is
// the banded dynamic programming itself.
void BM_AlignLengthOnly(benchmark::State& state) {
  AlignOptions options;
  options.use_anchors = false;
  options.learn_lexicon = false;
  align_bench(state, options);
}
BENCHMARK(BM_AlignLengthOnly)
    ->RangeMultiplier(4)
    ->Range(1 << 10, 1 << 16)
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oN);

// The whole aligner with its defaults (anchors, learned lexicon pass).
void BM_AlignDefault(benchmark::State& state) { align_bench(state, AlignOptions{}); }
BENCHMARK(BM_AlignDefault)
    ->RangeMultiplier(4)
    ->Range(1 << 10, 1 << 16)
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oN);

// One short news article pair at a time, as `muwazi batch` aligns a crawl:
// the 37 NTREX dev pairs (about 16 sentences a side) in turn. Per-pair costs
// (set-up, allocation, ICU objects) dominate here, not the search.
void news_pair_bench(benchmark::State& state, const AlignOptions& options, bool verdict = false) {
  const auto& pairs = news_pairs();
  if (pairs.empty()) {
    state.SkipWithError("tests/data/ntrex_dev not found");
    return;
  }
  std::size_t k = 0;
  int64_t sentences = 0;
  for (auto _ : state) {
    const Pair& p = pairs[k++ % pairs.size()];
    muwazi::align::PairVerdict v;
    auto alignment = muwazi::align::align_documents(p.src, p.tgt, options, verdict ? &v : nullptr);
    benchmark::DoNotOptimize(alignment.data());
    benchmark::DoNotOptimize(v.score);
    sentences += static_cast<int64_t>(p.src.sentences.size() + p.tgt.sentences.size());
  }
  state.SetItemsProcessed(state.iterations());  // pairs per second
  state.counters["sentences/s"] = benchmark::Counter(static_cast<double>(sentences), benchmark::Counter::kIsRate);
}
void BM_AlignNewsPair(benchmark::State& state) { news_pair_bench(state, AlignOptions{}); }
BENCHMARK(BM_AlignNewsPair)->Unit(benchmark::kMicrosecond);
void BM_AlignNewsPairLengthOnly(benchmark::State& state) {
  AlignOptions options;
  options.use_anchors = false;
  options.learn_lexicon = false;
  news_pair_bench(state, options);
}
BENCHMARK(BM_AlignNewsPairLengthOnly)->Unit(benchmark::kMicrosecond);
// The same with the parallel-pair verdict (align/parallel.h), as `muwazi
// batch` and `tm add` align: what judging a pair adds to aligning it.
void BM_AlignNewsPairVerdict(benchmark::State& state) { news_pair_bench(state, AlignOptions{}, true); }
BENCHMARK(BM_AlignNewsPairVerdict)->Unit(benchmark::kMicrosecond);

}  // namespace
