#include "align/corpus_lexicon.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>
#include <unordered_map>

#include "align/features.h"
#include "text/tokenize.h"

namespace muwazi::align {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// What the learner knows of one key: in how many segments it occurs, and
// the shortest folded form it was written in (for the output file).
struct KeyInfo {
  std::uint64_t count = 0;
  std::string form;
  std::string stem;  // its key in the map (set with the ids)
  std::uint32_t id = UINT32_MAX;
};
using Vocab = std::unordered_map<std::string, KeyInfo>;

// Keeps a count map below about 2 x cap entries: drops the rarest ones
// (lossy counting; a key that comes back starts again from 1).
void prune(Vocab& v, std::size_t cap) {
  if (v.size() <= 2 * cap) return;
  std::vector<std::uint64_t> counts;
  counts.reserve(v.size());
  for (const auto& [k, i] : v) counts.push_back(i.count);
  std::nth_element(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(counts.size() - cap), counts.end());
  const std::uint64_t floor = counts[counts.size() - cap];
  for (auto it = v.begin(); it != v.end();) it = it->second.count < floor ? v.erase(it) : std::next(it);
}

// Distinct keys of one segment (digits skipped), with their folded forms
// and their stems (Arabic: the key of the word without a pronoun suffix).
struct KeyForm {
  std::string key, form, stem;
};
struct SegmentKeys {
  std::vector<KeyForm> keys;
};

bool segment_keys(std::string_view text, std::size_t max_words, SegmentKeys& out) {
  out.keys.clear();
  auto toks = text::tokenize(text);
  if (toks.size() > max_words) return false;
  for (auto& t : toks) {
    if (t.script == text::Script::kDigit) continue;
    std::string key = lexicon_key(t);
    if (key.empty()) continue;
    std::string form = t.text, stem = key;
    if (t.script == text::Script::kArabic) {
      std::string bare = strip_pronoun_suffix(t.text, t.surface);
      if (bare != t.text) {
        t.text = std::move(bare);
        stem = lexicon_key(t);
      }
    }
    out.keys.push_back({std::move(key), std::move(form), std::move(stem)});
  }
  std::sort(out.keys.begin(), out.keys.end(), [](const KeyForm& a, const KeyForm& b) { return a.key < b.key; });
  out.keys.erase(std::unique(out.keys.begin(), out.keys.end(),
                             [](const KeyForm& a, const KeyForm& b) { return a.key == b.key; }),
                 out.keys.end());
  return true;
}

void note(Vocab& v, const std::string& key, const std::string& form, const std::string& stem = {}) {
  KeyInfo& k = v[key];
  if (k.stem.empty()) k.stem = stem;
  ++k.count;
  if (k.form.empty() || form.size() < k.form.size() || (form.size() == k.form.size() && form < k.form)) k.form = form;
}

double xlogx_term(double k, double n, double row, double col) { return k > 0 ? k * std::log(k * n / (row * col)) : 0; }

// Dunning's G^2 for a 2x2 table: c co-occurrences, a and b marginals, n total.
double llr(double c, double a, double b, double n) {
  const double k12 = a - c, k21 = b - c, k22 = n - a - b + c;
  return 2 * (xlogx_term(c, n, a, b) + xlogx_term(k12, n, a, n - b) + xlogx_term(k21, n, n - a, b) +
              xlogx_term(k22, n, n - a, n - b));
}

}  // namespace

std::string strip_pronoun_suffix(const std::string& word, std::string_view surface) {
  // Longest first; a final ه that was a ة (folded) is not a pronoun.
  static const char* kSuffixes[] = {"هما", "كما", "هم", "هن", "ها", "كم", "كن", "نا", "ه", "ي"};
  const bool teh_marbuta = ends_with(surface, "ة");
  for (const char* s : kSuffixes) {
    const std::string_view suf(s);
    if (suf == "ه" && teh_marbuta) continue;
    if (ends_with(word, suf) && word.size() - suf.size() >= 6) return word.substr(0, word.size() - suf.size());
  }
  return word;
}

std::vector<LexiconEntry> learn_corpus_lexicon(const SegmentStream& stream, const CorpusLexiconOptions& opt,
                                               CorpusLexiconStats* stats) {
  // Pass 1: segment counts of every key (Arabic keys also of their stems).
  Vocab src_keys, src_stems, tgt_keys;
  std::size_t n = 0;
  SegmentKeys ks, kt;
  std::vector<std::pair<std::string, std::string>> stems;  // stem, form
  auto stems_of = [&](const SegmentKeys& k) -> const std::vector<std::pair<std::string, std::string>>& {
    stems.clear();
    for (const auto& kf : k.keys) stems.emplace_back(kf.stem, kf.form);
    std::sort(stems.begin(), stems.end());
    stems.erase(std::unique(stems.begin(), stems.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
                stems.end());
    return stems;
  };
  stream([&](const SegmentPair& p) {
    if (!segment_keys(p.src, opt.max_words_per_segment, ks) || !segment_keys(p.tgt, opt.max_words_per_segment, kt)) {
      return;
    }
    if (ks.keys.empty() || kt.keys.empty()) return;
    ++n;
    for (const auto& kf : ks.keys) note(src_keys, kf.key, kf.form, kf.stem);
    for (const auto& [stem, form] : stems_of(ks)) note(src_stems, stem, form);
    for (const auto& kf : kt.keys) note(tgt_keys, kf.key, kf.form);
    prune(src_keys, opt.max_vocabulary);
    prune(src_stems, opt.max_vocabulary);
    prune(tgt_keys, opt.max_vocabulary);
  });
  if (stats) stats->segments = n;
  if (n == 0) return {};

  // The vocabulary: words frequent enough to be counted, not so frequent
  // that they are function words, at most max_vocabulary per side.
  const double max_count = std::max<double>(opt.min_cooccurrence, opt.max_fraction * static_cast<double>(n));
  auto assign = [&](Vocab& v, std::vector<KeyInfo*>& by_id) {
    std::vector<KeyInfo*> keep;
    for (auto& [k, i] : v) {
      i.stem = k;
      if (i.count >= static_cast<std::uint64_t>(opt.min_cooccurrence) && static_cast<double>(i.count) <= max_count) {
        keep.push_back(&i);
      }
    }
    std::sort(keep.begin(), keep.end(), [](const KeyInfo* a, const KeyInfo* b) {
      return std::tie(b->count, a->form) < std::tie(a->count, b->form);
    });
    if (keep.size() > opt.max_vocabulary) keep.resize(opt.max_vocabulary);
    for (std::size_t k = 0; k < keep.size(); ++k) keep[k]->id = static_cast<std::uint32_t>(k);
    by_id = std::move(keep);
  };
  std::vector<KeyInfo*> src_by_id, tgt_by_id;
  assign(src_stems, src_by_id);
  assign(tgt_keys, tgt_by_id);
  if (stats) {
    stats->src_vocabulary = src_by_id.size();
    stats->tgt_vocabulary = tgt_by_id.size();
  }
  if (src_by_id.empty() || tgt_by_id.empty()) return {};

  // The ids of one segment pair (the same filter as pass 1).
  std::vector<std::uint32_t> is, it;
  auto ids_of = [&](const SegmentPair& p) {
    is.clear();
    it.clear();
    if (!segment_keys(p.src, opt.max_words_per_segment, ks) || !segment_keys(p.tgt, opt.max_words_per_segment, kt)) {
      return false;
    }
    for (const auto& [stem, form] : stems_of(ks)) {
      auto f = src_stems.find(stem);
      if (f != src_stems.end() && f->second.id != UINT32_MAX) is.push_back(f->second.id);
    }
    for (const auto& kf : kt.keys) {
      auto f = tgt_keys.find(kf.key);
      if (f != tgt_keys.end() && f->second.id != UINT32_MAX) it.push_back(f->second.id);
    }
    return !is.empty() && !it.empty();
  };
  // Pass 2: how many pair occurrences there are, hence how many shards.
  std::uint64_t total = 0;
  stream([&](const SegmentPair& p) {
    if (ids_of(p)) total += static_cast<std::uint64_t>(is.size()) * it.size();
  });
  const std::uint64_t shards = std::max<std::uint64_t>(1, (total + opt.max_pairs_in_memory - 1) / opt.max_pairs_in_memory);
  if (stats) stats->shards = shards;

  // Passes 3...: co-occurrences of the source ids of one shard, as sorted
  // 64-bit keys; candidates that pass the thresholds are kept.
  struct Cand {
    double dice;
    std::uint32_t c, s, t;
  };
  std::vector<Cand> cands;
  std::vector<std::uint64_t> keys;
  for (std::uint64_t shard = 0; shard < shards; ++shard) {
    keys.clear();
    stream([&](const SegmentPair& p) {
      if (!ids_of(p)) return;
      for (auto s : is) {
        if (s % shards != shard) continue;
        for (auto t : it) keys.push_back((std::uint64_t(s) << 32) | t);
      }
    });
    std::sort(keys.begin(), keys.end());
    for (std::size_t a = 0; a < keys.size();) {
      std::size_t b = a;
      while (b < keys.size() && keys[b] == keys[a]) ++b;
      const auto c = static_cast<std::uint32_t>(b - a);
      const auto s = static_cast<std::uint32_t>(keys[a] >> 32), t = static_cast<std::uint32_t>(keys[a]);
      a = b;
      if (c < static_cast<std::uint32_t>(opt.min_cooccurrence)) continue;
      const double cs = static_cast<double>(src_by_id[s]->count), ct = static_cast<double>(tgt_by_id[t]->count);
      const double dice = 2.0 * c / (cs + ct);
      if (dice < opt.min_dice) continue;
      const double nn = static_cast<double>(n);
      if (c * nn <= cs * ct || llr(c, cs, ct, nn) < opt.min_llr) continue;
      cands.push_back({dice, c, s, t});
    }
  }
  std::vector<std::uint64_t>().swap(keys);

  // Each word among the other's best max_translations partners.
  std::sort(cands.begin(), cands.end(), [&](const Cand& x, const Cand& y) {
    if (x.dice != y.dice) return x.dice > y.dice;
    if (x.c != y.c) return x.c > y.c;
    return std::tie(src_by_id[x.s]->form, tgt_by_id[x.t]->form) < std::tie(src_by_id[y.s]->form, tgt_by_id[y.t]->form);
  });
  std::vector<int> used_s(src_by_id.size(), 0), used_t(tgt_by_id.size(), 0);
  std::vector<Cand> kept;
  for (const auto& c : cands) {
    // Counted in rank order: a candidate is ranked among all of each word's
    // candidates, kept or not.
    const bool ok = used_s[c.s] < opt.max_translations && used_t[c.t] < opt.max_translations;
    ++used_s[c.s];
    ++used_t[c.t];
    if (ok) kept.push_back(c);
  }

  // The Arabic side: every frequent written key of a stem gets the pair (the
  // aligner matches keys, and كتابه has another key than كتاب).
  std::unordered_map<std::string, std::vector<const KeyInfo*>> variants;
  for (const auto& [key, info] : src_keys) {
    if (info.count < 2) continue;
    auto f = src_stems.find(info.stem);
    if (f != src_stems.end() && f->second.id != UINT32_MAX) variants[f->first].push_back(&info);
  }
  for (auto& [stem, v] : variants) {
    std::sort(v.begin(), v.end(), [](const KeyInfo* a, const KeyInfo* b) {
      return std::tie(b->count, a->form) < std::tie(a->count, b->form);
    });
    if (v.size() > 4) v.resize(4);
  }
  std::vector<LexiconEntry> out;
  for (const auto& c : kept) {
    const std::string& stem_form = src_by_id[c.s]->form;
    const std::string& tgt = tgt_by_id[c.t]->form;
    out.push_back({stem_form, tgt, c.dice, c.c});
    auto v = variants.find(src_by_id[c.s]->stem);
    if (v == variants.end()) continue;
    for (const KeyInfo* k : v->second) {
      if (lexicon_key_of(k->form) != lexicon_key_of(stem_form)) out.push_back({k->form, tgt, c.dice, c.c});
    }
  }
  return out;
}

void write_lexicon(std::ostream& out, const std::vector<LexiconEntry>& entries) {
  char score[32];
  for (const auto& e : entries) {
    std::snprintf(score, sizeof score, "%.4f", e.score);
    out << e.src << '\t' << e.tgt << '\t' << score << '\n';
  }
}

}  // namespace muwazi::align
