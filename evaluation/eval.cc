#include "evaluation/eval.h"

#include <algorithm>
#include <cstdio>
#include <tuple>
#include <unordered_map>

#include "text/error.h"

namespace muwazi::evaluation {

using align::Alignment;
using align::Bead;

namespace {

// A bead as a comparable value (score ignored), like score.py's tuples.
using Key = std::pair<std::vector<int>, std::vector<int>>;

Key key_of(const Bead& b) { return {b.src, b.tgt}; }

bool non_empty(const Bead& b) { return !b.src.empty() || !b.tgt.empty(); }
bool no_empty_side(const Bead& b) { return !b.src.empty() && !b.tgt.empty(); }

// Distinct beads passing `keep`, sorted (score.py builds sets).
std::vector<Key> distinct(const Alignment& beads, bool (*keep)(const Bead&)) {
  std::vector<Key> out;
  out.reserve(beads.size());
  for (const Bead& b : beads) {
    if (keep(b)) out.push_back(key_of(b));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

using IdIndex = std::unordered_map<int, std::vector<int>>;

// id -> indices of the beads containing it, for one side.
template <typename GetIds>
IdIndex index_ids(std::size_t n, GetIds get_ids) {
  IdIndex index;
  for (std::size_t k = 0; k < n; ++k) {
    for (int id : get_ids(k)) {
      auto& v = index[id];
      if (v.empty() || v.back() != static_cast<int>(k)) v.push_back(static_cast<int>(k));
    }
  }
  return index;
}

const std::vector<int>& lookup(const IdIndex& index, int id) {
  static const std::vector<int> kNone;
  auto it = index.find(id);
  return it == index.end() ? kNone : it->second;
}

// Union of the bead indices of `ids`, sorted and unique.
std::vector<int> beads_of(const IdIndex& index, const std::vector<int>& ids) {
  std::vector<int> out;
  for (int id : ids) {
    const auto& v = lookup(index, id);
    out.insert(out.end(), v.begin(), v.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// score.py's lax criterion: some source id of the hypothesis lies in a
// reference bead that also contains one of its target ids.
bool lax_match(const std::vector<int>& src, const std::vector<int>& tgt, const IdIndex& ref_src,
               const IdIndex& ref_tgt) {
  std::vector<int> src_beads = beads_of(ref_src, src);
  if (src_beads.empty()) return false;
  for (int j : tgt) {
    for (int k : lookup(ref_tgt, j)) {
      if (std::binary_search(src_beads.begin(), src_beads.end(), k)) return true;
    }
  }
  return false;
}

// score.py's _match_counts(reference, hypothesis).
MatchCounts match_counts(const Alignment& reference, const Alignment& hypothesis,
                         bool (*keep)(const Bead&)) {
  std::vector<Key> ref = distinct(reference, keep);
  std::vector<Key> hyp = distinct(hypothesis, keep);
  IdIndex bead_of_src = index_ids(ref.size(), [&](std::size_t k) -> const std::vector<int>& { return ref[k].first; });
  IdIndex bead_of_tgt = index_ids(ref.size(), [&](std::size_t k) -> const std::vector<int>& { return ref[k].second; });
  MatchCounts c;
  c.n = static_cast<long>(hyp.size());
  for (const Key& h : hyp) {
    if (std::binary_search(ref.begin(), ref.end(), h)) {
      ++c.strict_tp;
      ++c.lax_tp;
    } else if (lax_match(h.first, h.second, bead_of_src, bead_of_tgt)) {
      ++c.lax_tp;
    }
  }
  return c;
}

double ratio(long a, long b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0; }
double f1(double p, double r) { return (p + r) != 0 ? 2 * p * r / (p + r) : 0.0; }

std::vector<int> sorted(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

void EvalCounts::add(const EvalCounts& o) {
  precision.strict_tp += o.precision.strict_tp;
  precision.lax_tp += o.precision.lax_tp;
  precision.n += o.precision.n;
  recall.strict_tp += o.recall.strict_tp;
  recall.lax_tp += o.recall.lax_tp;
  recall.n += o.recall.n;
  docs += o.docs;
  gold_beads += o.gold_beads;
  test_beads += o.test_beads;
}

EvalCounts count_document(const Alignment& gold, const Alignment& test) {
  EvalCounts c;
  c.docs = 1;
  c.precision = match_counts(gold, test, non_empty);
  // Recall: hypothesis = gold, reference = test, both without empty sides.
  c.recall = match_counts(test, gold, no_empty_side);
  c.gold_beads = static_cast<long>(std::count_if(gold.begin(), gold.end(), non_empty));
  c.test_beads = static_cast<long>(std::count_if(test.begin(), test.end(), non_empty));
  return c;
}

EvalResult score_counts(const EvalCounts& counts) {
  EvalResult r;
  r.counts = counts;
  r.strict.p = ratio(counts.precision.strict_tp, counts.precision.n);
  r.strict.r = ratio(counts.recall.strict_tp, counts.recall.n);
  r.strict.f1 = f1(r.strict.p, r.strict.r);
  r.lax.p = ratio(counts.precision.lax_tp, counts.precision.n);
  r.lax.r = ratio(counts.recall.lax_tp, counts.recall.n);
  r.lax.f1 = f1(r.lax.p, r.lax.r);
  return r;
}

EvalResult score_documents(const std::vector<Alignment>& golds, const std::vector<Alignment>& tests) {
  if (golds.size() != tests.size()) {
    throw Error::Usage("number of gold and test documents differ: " + std::to_string(golds.size()) +
                       " vs " + std::to_string(tests.size()));
  }
  EvalCounts total;
  for (std::size_t k = 0; k < golds.size(); ++k) total.add(count_document(golds[k], tests[k]));
  return score_counts(total);
}

std::string format_table(const EvalResult& r) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "docs=%ld gold_beads=%ld test_beads=%ld\n"
                "          strict    lax\n"
                "P         %.4f    %.4f\n"
                "R         %.4f    %.4f\n"
                "F1        %.4f    %.4f",
                r.counts.docs, r.counts.gold_beads, r.counts.test_beads, r.strict.p, r.lax.p, r.strict.r,
                r.lax.r, r.strict.f1, r.lax.f1);
  return buf;
}

nlohmann::json to_json(const EvalResult& r) {
  auto prf = [](const Prf& x) { return nlohmann::json{{"p", x.p}, {"r", x.r}, {"f1", x.f1}}; };
  auto mc = [](const MatchCounts& m) {
    return nlohmann::json{{"strict_tp", m.strict_tp}, {"lax_tp", m.lax_tp}, {"n", m.n}};
  };
  return nlohmann::json{{"strict", prf(r.strict)},
                        {"lax", prf(r.lax)},
                        {"docs", r.counts.docs},
                        {"gold_beads", r.counts.gold_beads},
                        {"test_beads", r.counts.test_beads},
                        {"counts", {{"precision", mc(r.counts.precision)}, {"recall", mc(r.counts.recall)}}}};
}

// ---------------------------------------------------------------------------
// Diagnostics

std::string shape_name(const BeadShape& s) { return std::to_string(s.first) + "-" + std::to_string(s.second); }

BeadShape shape_of(const Bead& b) { return {static_cast<int>(b.src.size()), static_cast<int>(b.tgt.size())}; }

std::string error_kind_name(BeadErrorKind kind) {
  switch (kind) {
    case BeadErrorKind::kMissedOmission: return "missed omission (gold leaves a sentence unaligned)";
    case BeadErrorKind::kFalseOmission: return "false omission (test leaves a sentence unaligned)";
    case BeadErrorKind::kSplit: return "split where gold merges";
    case BeadErrorKind::kMerge: return "merge where gold splits";
    case BeadErrorKind::kShifted: return "shifted boundaries";
    case BeadErrorKind::kUnaligned: return "not covered by the test alignment";
  }
  return "?";
}

std::string error_kind_key(BeadErrorKind kind) {
  switch (kind) {
    case BeadErrorKind::kMissedOmission: return "missed_omission";
    case BeadErrorKind::kFalseOmission: return "false_omission";
    case BeadErrorKind::kSplit: return "split";
    case BeadErrorKind::kMerge: return "merge";
    case BeadErrorKind::kShifted: return "shifted";
    case BeadErrorKind::kUnaligned: return "unaligned";
  }
  return "?";
}

void Diagnostics::add(const Diagnostics& o) {
  for (const auto& [shape, s] : o.by_shape) {
    auto& t = by_shape[shape];
    t.gold += s.gold;
    t.strict += s.strict;
    t.lax += s.lax;
  }
  for (const auto& [k, n] : o.errors) errors[k] += n;
  for (const auto& [k, n] : o.error_details) error_details[k] += n;
  omissions.omissions += o.omissions.omissions;
  omissions.omissions_found += o.omissions.omissions_found;
  omissions.neighbours += o.omissions.neighbours;
  omissions.neighbours_found += o.omissions.neighbours_found;
}

long Diagnostics::total_errors() const {
  long n = 0;
  for (const auto& [k, c] : errors) n += c;
  return n;
}

Diagnostics diagnose_document(const Alignment& gold, const Alignment& test_in) {
  // Distinct test beads in document order; ids sorted inside each bead so
  // that containment is a std::includes.
  Alignment test;
  {
    std::vector<Key> seen;
    for (const Bead& b : test_in) {
      if (!non_empty(b)) continue;
      Key k{sorted(b.src), sorted(b.tgt)};
      auto it = std::lower_bound(seen.begin(), seen.end(), k);
      if (it != seen.end() && *it == k) continue;
      seen.insert(it, k);
      Bead s;
      s.src = std::move(k.first);
      s.tgt = std::move(k.second);
      test.push_back(std::move(s));
    }
  }
  std::vector<Key> exact = distinct(test_in, non_empty);
  IdIndex test_src = index_ids(test.size(), [&](std::size_t k) -> const std::vector<int>& { return test[k].src; });
  IdIndex test_tgt = index_ids(test.size(), [&](std::size_t k) -> const std::vector<int>& { return test[k].tgt; });
  // Recall's lax criterion looks only at test beads without an empty side.
  static const std::vector<int> kEmpty;
  IdIndex full_src = index_ids(test.size(), [&](std::size_t k) -> const std::vector<int>& {
    return no_empty_side(test[k]) ? test[k].src : kEmpty;
  });
  IdIndex full_tgt = index_ids(test.size(), [&](std::size_t k) -> const std::vector<int>& {
    return no_empty_side(test[k]) ? test[k].tgt : kEmpty;
  });

  Diagnostics d;
  for (const Bead& g : gold) {
    if (!non_empty(g)) continue;
    ShapeRecall& sr = d.by_shape[shape_of(g)];
    ++sr.gold;
    if (std::binary_search(exact.begin(), exact.end(), key_of(g))) {
      ++sr.strict;
      ++sr.lax;
      continue;
    }
    if (no_empty_side(g) && lax_match(g.src, g.tgt, full_src, full_tgt)) ++sr.lax;

    std::vector<int> around = beads_of(test_src, g.src);
    std::vector<int> around_tgt = beads_of(test_tgt, g.tgt);
    around.insert(around.end(), around_tgt.begin(), around_tgt.end());
    std::sort(around.begin(), around.end());
    around.erase(std::unique(around.begin(), around.end()), around.end());

    const std::vector<int> gs = sorted(g.src), gt = sorted(g.tgt);
    BeadErrorKind kind;
    if (around.empty()) {
      kind = BeadErrorKind::kUnaligned;
    } else if (gs.empty() || gt.empty()) {
      kind = BeadErrorKind::kMissedOmission;
    } else if (std::any_of(around.begin(), around.end(), [&](int k) { return !no_empty_side(test[k]); })) {
      kind = BeadErrorKind::kFalseOmission;
    } else {
      bool inside = true;
      std::size_t n_src = 0, n_tgt = 0;
      for (int k : around) {
        const Bead& t = test[k];
        inside = inside && std::includes(gs.begin(), gs.end(), t.src.begin(), t.src.end()) &&
                 std::includes(gt.begin(), gt.end(), t.tgt.begin(), t.tgt.end());
        n_src += t.src.size();
        n_tgt += t.tgt.size();
      }
      if (inside) {
        kind = (n_src == gs.size() && n_tgt == gt.size()) ? BeadErrorKind::kSplit : BeadErrorKind::kUnaligned;
      } else if (around.size() == 1 &&
                 std::includes(test[around[0]].src.begin(), test[around[0]].src.end(), gs.begin(), gs.end()) &&
                 std::includes(test[around[0]].tgt.begin(), test[around[0]].tgt.end(), gt.begin(), gt.end())) {
        kind = BeadErrorKind::kMerge;
      } else {
        kind = BeadErrorKind::kShifted;
      }
    }
    ++d.errors[kind];
    std::string detail = error_kind_key(kind) + ": gold " + shape_name(shape_of(g)) + " -> test ";
    constexpr std::size_t kMaxShown = 4;
    if (around.empty()) detail += "nothing";
    for (std::size_t k = 0; k < around.size() && k < kMaxShown; ++k) {
      if (k) detail += " + ";
      detail += shape_name(shape_of(test[around[k]]));
    }
    if (around.size() > kMaxShown) detail += " + ...";
    ++d.error_details[detail];
  }
  // Omission locality, over the gold beads in their order.
  auto omission = [&](std::size_t k) { return non_empty(gold[k]) && !no_empty_side(gold[k]); };
  for (std::size_t k = 0; k < gold.size(); ++k) {
    if (!non_empty(gold[k])) continue;
    const bool found = std::binary_search(exact.begin(), exact.end(), key_of(gold[k]));
    if (omission(k)) {
      ++d.omissions.omissions;
      d.omissions.omissions_found += found;
    } else if ((k > 0 && omission(k - 1)) || (k + 1 < gold.size() && omission(k + 1))) {
      ++d.omissions.neighbours;
      d.omissions.neighbours_found += found;
    }
  }
  return d;
}

std::vector<BeadShape> ordered_shapes(const Diagnostics& d) {
  std::vector<BeadShape> shapes;
  for (const auto& [shape, s] : d.by_shape) shapes.push_back(shape);
  std::sort(shapes.begin(), shapes.end(), [](const BeadShape& a, const BeadShape& b) {
    auto rank = [](const BeadShape& s) {
      return std::make_tuple(s != BeadShape{1, 1}, s.first + s.second, s.first);
    };
    return rank(a) < rank(b);
  });
  return shapes;
}

std::vector<std::pair<std::string, long>> top_error_details(const Diagnostics& d, std::size_t limit) {
  std::vector<std::pair<std::string, long>> v(d.error_details.begin(), d.error_details.end());
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (v.size() > limit) v.resize(limit);
  return v;
}

nlohmann::json to_json(const Diagnostics& d, std::size_t detail_limit) {
  nlohmann::json shapes = nlohmann::json::object();
  for (const BeadShape& shape : ordered_shapes(d)) {
    const ShapeRecall& s = d.by_shape.at(shape);
    shapes[shape_name(shape)] = {{"gold", s.gold},
                                 {"strict", s.strict},
                                 {"lax", s.lax},
                                 {"recall_strict", ratio(s.strict, s.gold)},
                                 {"recall_lax", ratio(s.lax, s.gold)}};
  }
  nlohmann::json errors = nlohmann::json::object();
  for (const auto& [k, n] : d.errors) errors[error_kind_key(k)] = n;
  nlohmann::json details = nlohmann::json::array();
  for (const auto& [name, n] : top_error_details(d, detail_limit)) details.push_back({{"kind", name}, {"count", n}});
  return {{"shapes", shapes}, {"errors", errors}, {"error_details", details}};
}

std::string format_diagnostics(const Diagnostics& d, std::size_t detail_limit) {
  std::string out = "recall by gold bead shape:\n  shape      gold   strict      lax";
  char buf[256];
  for (const BeadShape& shape : ordered_shapes(d)) {
    const ShapeRecall& s = d.by_shape.at(shape);
    std::snprintf(buf, sizeof buf, "\n  %-7s %7ld   %.4f   %.4f", shape_name(shape).c_str(), s.gold,
                  ratio(s.strict, s.gold), ratio(s.lax, s.gold));
    out += buf;
  }
  out += "\nerrors (gold beads not reproduced exactly): " + std::to_string(d.total_errors());
  std::vector<std::pair<BeadErrorKind, long>> kinds(d.errors.begin(), d.errors.end());
  std::stable_sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [k, n] : kinds) {
    std::snprintf(buf, sizeof buf, "\n  %7ld  %s", n, error_kind_name(k).c_str());
    out += buf;
  }
  auto top = top_error_details(d, detail_limit);
  if (!top.empty()) out += "\nmost common:";
  for (const auto& [name, n] : top) {
    std::snprintf(buf, sizeof buf, "\n  %7ld  %s", n, name.c_str());
    out += buf;
  }
  return out;
}

}  // namespace muwazi::evaluation
