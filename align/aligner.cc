#include "align/aligner.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "align/cost.h"
#include "align/features.h"
#include "align/lexicon.h"
#include "align/parallel.h"
#include "align/search.h"

namespace muwazi::align {

namespace {

constexpr long kFullTableCells = 400000;  // below this many cells, search the whole table
constexpr int kCoarseBlock = 8;           // sentences per block in the coarse pass
constexpr int kBandHalfWidth = 6;        // band around a previous pass's path
constexpr int kRatioWindow = 100;         // beads on each side for the local length ratio
constexpr int kPosteriorHalfWidth = 4;    // band for the confidence computation
constexpr int kMaxBeadSide = 32;         // larger AlignOptions::max_bead_side values are treated as this
constexpr int kMaxWidenings = 1;          // retries when the path leans on the band edge; later passes re-centre anyway
// Local re-alignment of weak stretches (align_documents).
constexpr double kDoubtfulScore = 0.5;     // a bead below this confidence is doubtful
constexpr int kWeakWindow = 10;            // beads on each side of a bead ...
constexpr int kWeakCount = 5;              // ... of which this many doubtful make it weak
constexpr int kWeakGap = 50;               // weak zones closer than this many beads merge
constexpr int kWeakMargin = 15;            // confident beads added on each side
constexpr int kMinStretchSentences = 80;   // both sides together
constexpr double kMaxStretchShare = 0.6;   // of all sentences of the document
constexpr double kRealignGain = 0.1;       // mean confidence the re-alignment must gain
constexpr int kStretchMinHalfWidth = 32;   // band around a stretch's diagonal: at least this,
constexpr int kStretchWidthDivisor = 8;    // else (n + m) / this,
constexpr long kMaxStretchBandCells = 2000000;  // up to this many cells

CostParams initial_params(const std::vector<BeadType>& types, const AlignOptions& opt, double ratio) {
  const ModelParams& m = opt.model;
  CostParams p;
  p.ratio = ratio;
  p.variance = m.first_pass_variance;
  p.tail_weight = 0;  // plain Gale–Church first: a robust start for the priors
  p.tail_scale = m.tail_scale;
  p.type_cost = default_type_costs(types);
  p.omission_cost = m.omission_cost;
  p.omission_extend_cost = m.omission_extend_cost;
  p.omission_anchor_factor = m.omission_anchor_factor;
  if (opt.use_anchors) {
    p.anchor_weight[kNumber] = m.number_weight;
    p.anchor_weight[kVerbatim] = m.verbatim_weight;
    p.anchor_weight[kName] = m.name_weight;
    p.anchor_weight[kCognate] = m.cognate_weight;
    p.anchor_weight[kLexicon] = m.lexicon_weight;
    p.punct_weight = m.punct_weight;
    p.para_inner_weight = m.para_inner_weight;
    p.para_edge_weight = m.para_edge_weight;
  }
  return p;
}

// The length ratio around each of `n_src` source sentences: target over
// source length of the `window` aligned beads on each side of the
// sentence's bead (`fallback` where a window holds no length). `lengths`
// holds (source, target) length of each aligned bead in order, `first_src`
// its first source id.
std::vector<double> local_ratios(const std::vector<std::pair<double, double>>& lengths,
                                 const std::vector<int>& first_src, int n_src, double fallback, int window) {
  const int nb = static_cast<int>(lengths.size());
  std::vector<double> c1(nb + 1, 0), c2(nb + 1, 0);
  for (int k = 0; k < nb; ++k) {
    c1[k + 1] = c1[k] + lengths[k].first;
    c2[k + 1] = c2[k] + lengths[k].second;
  }
  std::vector<double> out(n_src, fallback);
  if (nb == 0) return out;
  int k = 0;
  for (int i = 0; i < n_src; ++i) {
    while (k + 1 < nb && first_src[k + 1] <= i) ++k;
    int lo = std::max(0, k - window), hi = std::min(nb, k + window + 1);
    double a = c1[hi] - c1[lo], b = c2[hi] - c2[lo];
    if (a > 0 && b > 0) out[i] = b / a;
  }
  return out;
}

// Re-estimates the length ratio (optionally), the variance and the bead
// priors from an alignment of the same document pair (one EM-style step).
// `discount` (ModelParams::prior_discount) is taken off each type's count.
void reestimate(CostParams& p, const std::vector<BeadType>& types, const DocumentFeatures& f,
                const SearchResult& r, const std::vector<double>& prior0, bool ratio_too,
                double prior_strength, double discount) {
  double s1 = 0, s2 = 0;
  std::vector<std::pair<double, double>> pairs;  // (source, target) length of each aligned bead
  std::vector<int> first_src;                     // and its first source id
  for (const auto& b : r.beads) {
    if (b.src.empty() || b.tgt.empty()) continue;
    double l1 = 0, l2 = 0;
    for (int i : b.src) l1 += f.src[i].len;
    for (int j : b.tgt) l2 += f.tgt[j].len;
    s1 += l1;
    s2 += l2;
    pairs.emplace_back(l1, l2);
    first_src.push_back(b.src.front());
  }
  if (ratio_too && s1 > 0 && s2 > 0 && pairs.size() >= 3) p.ratio = s2 / s1;
  // Long documents: the ratio of a window of beads around each sentence.
  p.local_ratio.clear();
  if (ratio_too && static_cast<int>(pairs.size()) > 4 * kRatioWindow) {
    p.local_ratio = local_ratios(pairs, first_src, static_cast<int>(f.src.size()), p.ratio, kRatioWindow);
  }
  if (!pairs.empty()) {
    // Mean squared standardized difference: the variance of the model.
    double sum = 0;
    for (auto [l1, l2] : pairs) {
      double a = p.ratio * l1;  // (global ratio: a fair variance estimate either way)
      double mean = 0.5 * (a + l2) + 1.0;
      sum += (l2 - a) * (l2 - a) / mean;
    }
    p.variance = std::clamp(sum / static_cast<double>(pairs.size()), 1.0, 40.0);
  }
  std::vector<double> count(types.size(), 0);
  for (int t : r.bead_type) {
    const BeadType& bt = types[t];
    if (bt.a == 0) count[2] += 1;  // a run of omissions is one event
    else if (bt.b == 0) count[1] += 1;
    else count[t] += 1;
  }
  double total = static_cast<double>(r.bead_type.size());
  if (discount > 0) {
    // Leave-one-out (discount 1): the prior that scores a bead is estimated
    // from the other beads of the path, so that a bead the previous pass
    // chose does not raise its own type's prior.
    for (double& c : count) c = std::max(0.0, c - discount);
    total = std::max(0.0, total - 1);
  }
  for (std::size_t t = 0; t < types.size(); ++t) {
    double p0 = std::exp(-prior0[t]);
    p.type_cost[t] = -std::log((count[t] + prior_strength * p0) / (total + prior_strength));
  }
}

// Sorted anchor items of a group of sentences.
std::vector<std::uint32_t> gather_items(const std::vector<SentenceFeatures>& side, const std::vector<int>& ids) {
  std::vector<std::uint32_t> out;
  for (int i : ids) out.insert(out.end(), side[i].items.begin(), side[i].items.end());
  std::sort(out.begin(), out.end());
  return out;
}

// Calibrates the weight of one anchor kind on the document pair itself:
// r = share of its items matched inside their bead in `beads`, q = share
// matched when each bead's source meets the target of a bead further on
// (chance). An unmatched item then costs -log((1-r)/(1-q)), a match earns
// log(r/q), and an omitted sentence's items cost nothing relative to those
// (a likelihood ratio against chance, scaled by `scale`). With too few items
// the weight stays; a kind that matches no better than chance gets 0.
// Used for the learned lexicon, whose reliability varies most between
// documents: on a long document a fixed weight let its many unmatched items
// push correct beads into omissions.
void calibrate_anchor_kind(CostParams& p, const DocumentFeatures& f, const Alignment& beads, AnchorKind kind,
                           double scale) {
  constexpr int kShift = 7;
  constexpr double kMinItems = 20;
  if (p.anchor_weight[kind] == 0) return;
  // Items of `kind` on a side whose items of that kind are keys (names of
  // an Arabic side, verbatim words of a Latin side) are not counted.
  auto counts = [&](bool src) -> double {
    if (kind == kName) return (src ? f.src_names_are_keys : f.tgt_names_are_keys) ? 0 : 1;
    if (kind == kVerbatim) return (src ? f.src_verbatim_are_keys : f.tgt_verbatim_are_keys) ? 0 : 1;
    return 1;
  };
  const double src_count = counts(true), tgt_count = counts(false);
  // Items of `kind` of both sides (`total`) and those matched across (`matched`).
  auto tally = [&](const std::vector<std::uint32_t>& s, const std::vector<std::uint32_t>& t, double& total,
                   double& matched) {
    for (auto it : s) total += kind_of(it) == kind ? src_count : 0;
    for (auto it : t) total += kind_of(it) == kind ? tgt_count : 0;
    std::size_t a = 0, b = 0;
    while (a < s.size() && b < t.size()) {
      if (s[a] < t[b]) ++a;
      else if (s[a] > t[b]) ++b;
      else {
        if (kind_of(s[a]) == kind) matched += src_count + tgt_count;
        ++a;
        ++b;
      }
    }
  };
  std::vector<const Bead*> aligned;
  for (const auto& b : beads) {
    if (!b.src.empty() && !b.tgt.empty()) aligned.push_back(&b);
  }
  double n = 0, m = 0, nq = 0, mq = 0;
  for (std::size_t k = 0; k < aligned.size(); ++k) {
    auto s = gather_items(f.src, aligned[k]->src);
    tally(s, gather_items(f.tgt, aligned[k]->tgt), n, m);
    if (k + kShift < aligned.size()) tally(s, gather_items(f.tgt, aligned[k + kShift]->tgt), nq, mq);
  }
  if (n < kMinItems) return;
  double r = std::min(m / n, 0.97);
  double q = std::clamp(nq > 0 ? mq / nq : 0.0, 0.005, 0.5);
  if (r <= q) {
    p.anchor_weight[kind] = 0;
    return;
  }
  double cu = -std::log((1 - r) / (1 - q)), cm = std::log(r / q);
  p.anchor_weight[kind] = scale * (cu + cm);
  p.omission_factor[kind] = cm / (cu + cm);
}

// Blocks of `ks` source and `kt` target sentences (the last may be shorter).
DocumentFeatures coarsen(const DocumentFeatures& f, int ks, int kt) {
  auto merge = [](const std::vector<SentenceFeatures>& side, int k) {
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
  return DocumentFeatures{merge(f.src, ks), merge(f.tgt, kt)};
}

// Block sizes (source, target) of a coarse pass over n x m sentences.
// REQUIRES: n, m > 0.
std::pair<int, int> coarse_blocks(int n, int m) {
  auto scaled = [](int more, int fewer) {
    return static_cast<int>(std::lround(static_cast<double>(kCoarseBlock) * more / fewer));
  };
  return n <= m ? std::pair{kCoarseBlock, scaled(m, n)} : std::pair{scaled(n, m), kCoarseBlock};
}

// Best alignment of a band: the full table for small documents, else a band
// around `center` (a previous pass's path) or around a coarse pass's path.
// Without a centre and with `retry`, a path that leans on the band's edge is
// searched again in a band re-centred on it (and widened from then on).
SearchResult search(const DocumentFeatures& f, const std::vector<BeadType>& types, const CostParams& params,
                    const std::vector<std::pair<int, int>>* center, bool retry = true,
                    long full_table_cells = kFullTableCells) {
  const int n = static_cast<int>(f.src.size()), m = static_cast<int>(f.tgt.size());
  CostModel model(f, types, params);
  long full_cells = static_cast<long>(n + 1) * (m + 1);
  Band band;
  // Half-width in target sentences: a path that strays by a few source
  // sentences strays by m / n times as many target sentences.
  int w = static_cast<int>(std::lround(kBandHalfWidth * std::max(1.0, static_cast<double>(m) / std::max(1, n))));
  if (full_cells <= full_table_cells) {
    band = full_band(n, m);
  } else if (center) {
    band = band_around(*center, n, m, w);
  } else {
    // Coarse-to-fine (as vecalign): align blocks of sentences, then search a
    // band around the projected coarse path. A block holds the same share of
    // each document's sentences (kCoarseBlock on the side with fewer, more
    // on the other), so that the coarse 1-1 bead the priors favour follows
    // the document's diagonal. With blocks of 8 on both sides, a translation
    // that splits sentences (1-2 and 1-3 beads throughout) needed coarse 1-2
    // beads, which the priors price as rare; block sums of length barely
    // tell one path from a parallel one, so the coarse path fell behind by
    // more than the band's width and the alignment collapsed (strict F1 0.02
    // on a synthetic 1,000 x 1,879 pair that the whole table aligns exactly;
    // 0.95 now).
    const auto [ks, kt] = coarse_blocks(n, m);
    DocumentFeatures coarse = coarsen(f, ks, kt);
    CostParams coarse_params = params;
    coarse_params.src_unit = params.src_unit * ks;
    coarse_params.tgt_unit = params.tgt_unit * kt;
    // Blocks hold many anchors that straddle block edges: omitting a block
    // must not look cheaper than aligning it roughly.
    coarse_params.omission_anchor_factor = 1;
    coarse_params.approximate_anchors = true;
    SearchResult cr = search(coarse, types, coarse_params, nullptr);
    std::vector<std::pair<int, int>> path;
    for (auto [i, j] : cr.path) path.emplace_back(std::min(n, i * ks), std::min(m, j * kt));
    w = kt + kt / 2;  // the band's width is in target sentences
    band = band_around(path, n, m, w);
  }
  for (int widenings = 0;; ++widenings) {
    SearchResult r = viterbi(model, band);
    // A path still on the edge after a few widenings follows a real drift
    // (e.g. a long omission): keep it rather than grow towards n x m.
    // With a previous pass's path as centre, the next pass re-centres anyway.
    if (!r.touched_edge || band.cells() >= full_cells || widenings == kMaxWidenings || center || !retry) return r;
    // The best path leans on the band: centre the band on that path (it
    // usually follows the drift) and, from the second retry on, widen it.
    if (widenings > 0) w *= 2;
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

// Runs of omissions are one bead inside the search; on output every omitted
// sentence is a bead of its own (each with the run's confidence).
Alignment split_omission_runs(const SearchResult& r, const std::vector<double>& post) {
  Alignment out;
  out.reserve(r.beads.size());
  for (std::size_t k = 0; k < r.beads.size(); ++k) {
    const Bead& b = r.beads[k];
    if (b.src.empty() || b.tgt.empty()) {
      for (int i : b.src) out.push_back(Bead{{i}, {}, post[k]});
      for (int j : b.tgt) out.push_back(Bead{{}, {j}, post[k]});
    } else {
      out.push_back(Bead{b.src, b.tgt, post[k]});
    }
  }
  return out;
}

}  // namespace

bool set_model_param(ModelParams& p, const std::string& name, double v) {
  struct Field {
    const char* name;
    double ModelParams::*field;
  };
  static const Field kFields[] = {
      {"first_pass_variance", &ModelParams::first_pass_variance},
      {"tail_weight", &ModelParams::tail_weight},
      {"tail_scale", &ModelParams::tail_scale},
      {"prior_strength", &ModelParams::prior_strength},
      {"prior_discount", &ModelParams::prior_discount},
      {"omission_cost", &ModelParams::omission_cost},
      {"omission_extend_cost", &ModelParams::omission_extend_cost},
      {"omission_anchor_factor", &ModelParams::omission_anchor_factor},
      {"number_weight", &ModelParams::number_weight},
      {"verbatim_weight", &ModelParams::verbatim_weight},
      {"name_weight", &ModelParams::name_weight},
      {"cognate_weight", &ModelParams::cognate_weight},
      {"lexicon_weight", &ModelParams::lexicon_weight},
      {"punct_weight", &ModelParams::punct_weight},
      {"para_inner_weight", &ModelParams::para_inner_weight},
      {"para_edge_weight", &ModelParams::para_edge_weight},
      {"lexicon_min_dice", &ModelParams::lexicon_min_dice},
      {"lexicon_max_fraction", &ModelParams::lexicon_max_fraction},
      {"temperature", &ModelParams::temperature},
      {"lexicon_calibration", &ModelParams::lexicon_calibration},
  };
  for (const auto& f : kFields) {
    if (name == f.name) {
      p.*(f.field) = v;
      return true;
    }
  }
  if (name == "lexicon_min_count") {
    p.lexicon_min_count = static_cast<int>(v);
    return true;
  }
  return false;
}

namespace {

// One alignment of the whole pair under one model (passes 1-3 and the
// confidences).
// Pass 1 searches the whole table up to kFullTableCells, else coarse-to-
// fine (a `stretch`: a band around its diagonal); passes 2 and 3 the whole
// table up to kFullTableCells, else (and always for a `stretch`) a band
// around the previous pass's path.
// REQUIRES: options.max_bead_side resolved (> 0); n, m > 0.
// `base_features` (may be null) receives the features without a learned
// lexicon (those the parallel verdict judges on), built here anyway.
Alignment align_once(const FeatureExtractor& extractor, const AlignOptions& options, bool stretch = false,
                     DocumentFeatures* base_features = nullptr) {
  const long refine_full_cells = stretch ? 0 : kFullTableCells;
  const ModelParams& mp = options.model;
  const std::vector<BeadType> types = bead_types(options.max_bead_side);
  DocumentFeatures features = extractor.build(nullptr);
  double total_src = 0, total_tgt = 0;
  for (const auto& s : features.src) total_src += s.len;
  for (const auto& t : features.tgt) total_tgt += t.len;
  double ratio = options.fixed_ratio;
  if (options.estimate_ratio && total_src > 0 && total_tgt > 0) ratio = total_tgt / total_src;

  // Pass 1: Gale–Church with default priors (and anchors).
  CostParams params = initial_params(types, options, ratio);
  const std::vector<double> prior0 = params.type_cost;
  // Later passes re-centre on this one's path: no retries needed here then.
  const bool more_passes = options.estimate_ratio || (options.learn_lexicon && options.use_anchors);
  SearchResult result;
  const int n = static_cast<int>(features.src.size()), m = static_cast<int>(features.tgt.size());
  const int diag_w = std::max(kStretchMinHalfWidth, (n + m) / kStretchWidthDivisor);
  const long diag_cells = static_cast<long>(n + 1) * (2 * diag_w + 1);
  if (stretch && static_cast<long>(n + 1) * (m + 1) > 2 * diag_cells && diag_cells <= kMaxStretchBandCells) {
    // A stretch re-aligned on its own: its ends are fixed and its model is
    // its own, so its path stays near its diagonal; a band of an eighth of
    // its size around it (re-centred once if the path leans on its edge).
    // That band grows with the square of the stretch: a very long stretch
    // goes coarse-to-fine like a document.
    CostModel model(features, types, params);
    const std::vector<std::pair<int, int>> diagonal = {{0, 0}, {n, m}};
    result = viterbi(model, band_around(diagonal, n, m, diag_w));
    if (result.touched_edge) result = viterbi(model, band_around(result.path, n, m, diag_w));
  } else {
    result = search(features, types, params, nullptr, !more_passes);
  }

  // Pass 2: ratio, variance and bead priors estimated from pass 1, and the
  // heavy-tailed length model.
  if (options.estimate_ratio) {
    reestimate(params, types, features, result, prior0, true, mp.prior_strength, mp.prior_discount);
    // The extra cost of an omission is a guess for the first pass only; from
    // here on the 1-0 and 0-1 priors are estimated on the pair itself. Kept
    // on top of them, it priced an omission (about 7 nats) above any merge
    // that swallows the dropped sentence into a neighbour (the prior of a
    // 1-2 bead, about 3, plus a length cost that the heavy tail caps near 3):
    // next to a 1-1 bead an omission could then only win through anchors,
    // and the deletion pulled its neighbours out of their beads (dev/hard:
    // 14 of the 17 news beads missed were a neighbour of a dropped unit).
    params.omission_cost = 0;
    params.tail_weight = mp.tail_weight;
    result = search(features, types, params, &result.path, true, refine_full_cells);
  }
  // Pass 3: word translations learned from pass 2 become anchors.
  if (options.learn_lexicon && options.use_anchors) {
    LexiconOptions lo;
    lo.min_cooccurrence = mp.lexicon_min_count;
    lo.min_dice = mp.lexicon_min_dice;
    lo.max_doc_fraction = mp.lexicon_max_fraction;
    WordPairs lexicon = learn_lexicon(extractor.words(), result.beads, lo);
    if (!lexicon.empty()) {
      if (base_features) *base_features = std::move(features);
      features = extractor.build(&lexicon);
      if (mp.lexicon_calibration > 0) {
        calibrate_anchor_kind(params, features, result.beads, kLexicon, mp.lexicon_calibration);
      }
      result = search(features, types, params, &result.path, true, refine_full_cells);
    }
  }
  CostModel model(features, types, params);
  std::vector<double> post = bead_posteriors(model, result, kPosteriorHalfWidth, mp.temperature);
  if (base_features && base_features->src.empty()) *base_features = std::move(features);
  return split_omission_runs(result, post);
}

// A range of beads [begin, end) of an alignment.
struct Stretch {
  int begin, end;
};

// Stretches where the model fits badly: many beads with low confidence
// close together (a part of the document whose ratio, bead shapes or
// omissions differ from the rest), widened by a margin of confident beads
// that fix the stretch's ends. Only stretches large enough to estimate a
// model of their own, and not most of the document (then the document's
// model is already theirs).
std::vector<Stretch> weak_stretches(const Alignment& a, int total_sentences) {
  const int nb = static_cast<int>(a.size());
  std::vector<int> doubtful(nb + 1, 0);  // prefix counts
  for (int k = 0; k < nb; ++k) doubtful[k + 1] = doubtful[k] + (a[k].score < kDoubtfulScore ? 1 : 0);
  std::vector<Stretch> zones;
  for (int k = 0; k < nb; ++k) {
    int lo = std::max(0, k - kWeakWindow), hi = std::min(nb, k + kWeakWindow + 1);
    bool weak = doubtful[hi] - doubtful[lo] >= kWeakCount;
    if (!weak) continue;
    if (!zones.empty() && k - zones.back().end < kWeakGap) zones.back().end = k + 1;
    else zones.push_back({k, k + 1});
  }
  std::vector<Stretch> out;
  for (Stretch z : zones) {
    z.begin = std::max(0, z.begin - kWeakMargin);
    z.end = std::min(nb, z.end + kWeakMargin);
    int sentences = 0;
    for (int k = z.begin; k < z.end; ++k) sentences += static_cast<int>(a[k].src.size() + a[k].tgt.size());
    if (sentences < kMinStretchSentences || sentences > kMaxStretchShare * total_sentences) continue;
    if (!out.empty() && z.begin <= out.back().end) out.back().end = z.end;
    else out.push_back(z);
  }
  return out;
}

// Mean confidence per sentence (each sentence counts its bead's score).
double sentence_mean_score(const Alignment& a, int begin, int end) {
  double sum = 0, count = 0;
  for (int k = begin; k < end; ++k) {
    double w = static_cast<double>(a[k].src.size() + a[k].tgt.size());
    sum += w * a[k].score;
    count += w;
  }
  return count > 0 ? sum / count : 1.0;
}

}  // namespace

Alignment align_documents(const Document& src, const Document& tgt, const AlignOptions& options) {
  return align_documents(src, tgt, options, nullptr);
}

Alignment align_documents(const Document& src, const Document& tgt, const AlignOptions& user_options,
                          PairVerdict* verdict) {
  const int n = static_cast<int>(src.sentences.size()), m = static_cast<int>(tgt.sentences.size());
  AlignOptions options = user_options;
  if (options.max_bead_side <= 0 && n > 0 && m > 0) {
    double r = static_cast<double>(std::max(n, m)) / std::min(n, m);
    options.max_bead_side = std::clamp(static_cast<int>(std::ceil(3.0 * r)), 4, 8);
  }
  // The cost model keeps a bead's sentences in 32-bit masks.
  options.max_bead_side = std::min(options.max_bead_side, kMaxBeadSide);
  // (Stretches re-aligned below keep the document's largest bead: a stretch
  // with a long omission has a skewed sentence-count ratio.)
  if (n == 0 || m == 0) {
    if (verdict) *verdict = empty_side_verdict();
    return all_omissions(n, m);
  }
  FeatureExtractor extractor(src, tgt, options);
  DocumentFeatures base;  // filled only for a verdict
  Alignment a = align_once(extractor, options, false, verdict ? &base : nullptr);
  auto judged = [&](Alignment&& result) {
    if (verdict) *verdict = judge_pair(extractor, base, result);
    return std::move(result);
  };
  if (!options.realign_weak_stretches) return judged(std::move(a));
  std::vector<Stretch> stretches = weak_stretches(a, n + m);
  if (stretches.empty()) return judged(std::move(a));
  Alignment out;
  out.reserve(a.size());
  int next = 0;  // first bead of `a` not yet copied
  for (Stretch z : stretches) {
    out.insert(out.end(), a.begin() + next, a.begin() + z.begin);
    next = z.end;
    // The stretch's sentences: beads keep ids in order, so they are the
    // ranges between the first and last ids of its beads on each side.
    int i0 = -1, i1 = -1, j0 = -1, j1 = -1;
    for (int k = z.begin; k < z.end; ++k) {
      for (int i : a[k].src) {
        if (i0 < 0) i0 = i;
        i1 = i + 1;
      }
      for (int j : a[k].tgt) {
        if (j0 < 0) j0 = j;
        j1 = j + 1;
      }
    }
    if (i0 < 0 || j0 < 0) {
      out.insert(out.end(), a.begin() + z.begin, a.begin() + z.end);
      continue;
    }
    FeatureExtractor part(extractor, i0, i1, j0, j1);
    Alignment local = align_once(part, options, true);
    for (Bead& b : local) {
      for (int& i : b.src) i += i0;
      for (int& j : b.tgt) j += j0;
    }
    const double old_score = sentence_mean_score(a, z.begin, z.end);
    if (sentence_mean_score(local, 0, static_cast<int>(local.size())) >= old_score + kRealignGain) {
      out.insert(out.end(), local.begin(), local.end());
    } else {
      out.insert(out.end(), a.begin() + z.begin, a.begin() + z.end);
    }
  }
  out.insert(out.end(), a.begin() + next, a.end());
  return judged(std::move(out));
}

}  // namespace muwazi::align
