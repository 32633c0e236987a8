#include "align/aligner.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "align/cost.h"
#include "align/features.h"
#include "align/lexicon.h"
#include "align/search.h"

namespace muwazi::align {

namespace {

// Model constants. They were set once on the whole ar-en and de-fr dev data
// (all sources together, never per file); the per-document quantities
// (ratio, variance, bead priors) are estimated from each pair itself.
constexpr double kDefaultVariance = 6.8;    // Gale & Church's value, first pass only
constexpr double kPriorStrength = 20.0;     // Dirichlet pseudo-count for re-estimated priors
constexpr long kFullTableCells = 400000;    // below this, search the whole table
constexpr int kCoarseBlock = 8;             // sentences per block in the coarse pass
constexpr int kBandHalfWidth = 10;          // around a previous path
constexpr int kPosteriorHalfWidth = 4;
constexpr double kTemperature = 1.0;

CostParams initial_params(const std::vector<BeadType>& types, const AlignOptions& opt, double ratio) {
  CostParams p;
  p.ratio = ratio;
  p.variance = kDefaultVariance;
  p.type_cost = default_type_costs(types);
  p.omission_cost = 2.0;
  if (opt.use_anchors) {
    p.anchor_weight[kNumber] = 2.0;
    p.anchor_weight[kVerbatim] = 1.5;
    p.anchor_weight[kName] = 1.0;
    p.anchor_weight[kCognate] = 0.5;
    p.anchor_weight[kLexicon] = 0.5;
    p.punct_weight = 0.7;
    p.para_inner_weight = 3.0;
    p.para_edge_weight = 1.0;
  }
  return p;
}

// Re-estimates ratio, variance and bead priors from an alignment.
void reestimate(CostParams& p, const std::vector<BeadType>& types, const DocumentFeatures& f,
                const SearchResult& r, const std::vector<double>& prior0, bool ratio_too) {
  double s1 = 0, s2 = 0;
  std::vector<std::pair<double, double>> pairs;
  for (const auto& b : r.beads) {
    if (b.src.empty() || b.tgt.empty()) continue;
    double l1 = 0, l2 = 0;
    for (int i : b.src) l1 += f.src[i].len;
    for (int j : b.tgt) l2 += f.tgt[j].len;
    s1 += l1;
    s2 += l2;
    pairs.emplace_back(l1, l2);
  }
  if (ratio_too && s1 > 0 && s2 > 0 && pairs.size() >= 3) p.ratio = s2 / s1;
  if (pairs.size() >= 5) {
    std::vector<double> z2;
    for (auto [l1, l2] : pairs) {
      double a = p.ratio * l1;
      double mean = 0.5 * (a + l2) + 1.0;
      z2.push_back((l2 - a) * (l2 - a) / mean);
    }
    std::nth_element(z2.begin(), z2.begin() + z2.size() / 2, z2.end());
    // The median of a chi-square with one degree of freedom is 0.455.
    double v = z2[z2.size() / 2] / 0.455;
    p.variance = std::clamp(v, 1.0, 40.0);
  }
  std::vector<double> count(types.size(), 0);
  for (int t : r.bead_type) count[t] += 1;
  double total = static_cast<double>(r.bead_type.size());
  for (std::size_t t = 0; t < types.size(); ++t) {
    double p0 = std::exp(-prior0[t]);
    p.type_cost[t] = -std::log((count[t] + kPriorStrength * p0) / (total + kPriorStrength));
  }
}

DocumentFeatures coarsen(const DocumentFeatures& f, int k) {
  auto merge = [k](const std::vector<SentenceFeatures>& side) {
    std::vector<SentenceFeatures> out((side.size() + k - 1) / k);
    for (std::size_t i = 0; i < side.size(); ++i) {
      SentenceFeatures& o = out[i / k];
      const SentenceFeatures& s = side[i];
      if (i % k == 0) o.para_start = s.para_start;
      o.len += s.len;
      o.items.insert(o.items.end(), s.items.begin(), s.items.end());
      for (int p = 0; p < kNumPunct; ++p) o.punct[p] = static_cast<std::uint8_t>(std::min(255, o.punct[p] + s.punct[p]));
    }
    for (auto& o : out) finish_items(o);
    return out;
  };
  return DocumentFeatures{merge(f.src), merge(f.tgt)};
}

SearchResult search(const DocumentFeatures& f, const std::vector<BeadType>& types, const CostParams& params,
                    const std::vector<std::pair<int, int>>* center) {
  const int n = static_cast<int>(f.src.size()), m = static_cast<int>(f.tgt.size());
  CostModel model(f, types, params);
  long full_cells = static_cast<long>(n + 1) * (m + 1);
  Band band;
  int w = kBandHalfWidth;
  if (full_cells <= kFullTableCells) {
    band = full_band(n, m);
  } else if (center) {
    band = band_around(*center, n, m, w);
  } else {
    // Coarse-to-fine (as vecalign): align blocks of sentences, then search a
    // band around the projected coarse path.
    DocumentFeatures coarse = coarsen(f, kCoarseBlock);
    SearchResult cr = search(coarse, types, params, nullptr);
    std::vector<std::pair<int, int>> path;
    for (auto [i, j] : cr.path) path.emplace_back(std::min(n, i * kCoarseBlock), std::min(m, j * kCoarseBlock));
    w = 2 * kCoarseBlock;
    band = band_around(path, n, m, w);
  }
  for (;;) {
    SearchResult r = viterbi(model, band);
    if (!r.touched_edge || band.cells() >= full_cells) return r;
    w *= 2;  // the best path leans on the band: widen around it and retry
    band = band_around(r.path, n, m, w);
    if (band.cells() * 2 >= full_cells && full_cells <= 16 * kFullTableCells) band = full_band(n, m);
  }
}

Alignment all_omissions(int n, int m) {
  Alignment a;
  for (int i = 0; i < n; ++i) a.push_back(Bead{{i}, {}, 1.0});
  for (int j = 0; j < m; ++j) a.push_back(Bead{{}, {j}, 1.0});
  return a;
}

}  // namespace

Alignment align_documents(const Document& src, const Document& tgt, const AlignOptions& options) {
  const int n = static_cast<int>(src.sentences.size()), m = static_cast<int>(tgt.sentences.size());
  if (n == 0 || m == 0) return all_omissions(n, m);
  const std::vector<BeadType> types = bead_types(std::max(1, options.max_bead_side));

  FeatureExtractor extractor(src, tgt, options);
  DocumentFeatures features = extractor.build(nullptr);
  double total_src = 0, total_tgt = 0;
  for (const auto& s : features.src) total_src += s.len;
  for (const auto& t : features.tgt) total_tgt += t.len;
  double ratio = options.fixed_ratio;
  if (options.estimate_ratio && total_src > 0 && total_tgt > 0) ratio = total_tgt / total_src;

  CostParams params = initial_params(types, options, ratio);
  const std::vector<double> prior0 = params.type_cost;
  SearchResult result = search(features, types, params, nullptr);

  if (options.estimate_ratio) {
    reestimate(params, types, features, result, prior0, true);
    result = search(features, types, params, &result.path);
  }
  if (options.learn_lexicon && options.use_anchors) {
    WordPairs lexicon = learn_lexicon(extractor.words(), result.beads, LexiconOptions{});
    if (!lexicon.empty()) {
      features = extractor.build(&lexicon);
      result = search(features, types, params, &result.path);
    }
  }
  CostModel model(features, types, params);
  std::vector<double> post = bead_posteriors(model, result, kPosteriorHalfWidth, kTemperature);
  for (std::size_t k = 0; k < result.beads.size(); ++k) result.beads[k].score = post[k];
  return result.beads;
}

}  // namespace muwazi::align
