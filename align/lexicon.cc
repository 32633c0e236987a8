#include "align/lexicon.h"

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace muwazi::align {

WordPairs learn_lexicon(const SentenceWords& words, const Alignment& beads, const LexiconOptions& opt) {
  // Distinct word ids per bead side.
  std::vector<std::vector<std::uint32_t>> bs, bt;
  // Long documents: learn from an even sample of beads, which bounds time
  // and memory (co-occurrence pairs grow with beads x words^2).
  const std::size_t step = beads.size() > opt.max_beads ? (beads.size() + opt.max_beads - 1) / opt.max_beads : 1;
  for (std::size_t k = 0; k < beads.size(); k += step) {
    const Bead& b = beads[k];
    if (b.src.empty() || b.tgt.empty()) continue;
    std::vector<std::uint32_t> s, t;
    for (int i : b.src) s.insert(s.end(), words.src[i].begin(), words.src[i].end());
    for (int j : b.tgt) t.insert(t.end(), words.tgt[j].begin(), words.tgt[j].end());
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
    std::sort(t.begin(), t.end());
    t.erase(std::unique(t.begin(), t.end()), t.end());
    bs.push_back(std::move(s));
    bt.push_back(std::move(t));
  }
  const std::size_t nb = bs.size();
  if (nb < 4) return {};
  std::vector<std::uint32_t> cs(words.src_vocab_size, 0), ct(words.tgt_vocab_size, 0);
  for (const auto& s : bs) for (auto w : s) ++cs[w];
  for (const auto& t : bt) for (auto w : t) ++ct[w];
  const double max_count = std::max<double>(opt.min_cooccurrence, opt.max_doc_fraction * nb);
  auto useful_s = [&](std::uint32_t w) { return cs[w] >= std::uint32_t(opt.min_cooccurrence) && cs[w] <= max_count; };
  auto useful_t = [&](std::uint32_t w) { return ct[w] >= std::uint32_t(opt.min_cooccurrence) && ct[w] <= max_count; };
  // Co-occurrence counts as sorted 64-bit keys (cheaper than a hash map).
  std::vector<std::uint64_t> keys;
  for (std::size_t k = 0; k < nb; ++k) {
    for (auto s : bs[k]) {
      if (!useful_s(s)) continue;
      for (auto t : bt[k]) {
        if (useful_t(t)) keys.push_back((std::uint64_t(s) << 32) | t);
      }
    }
  }
  std::sort(keys.begin(), keys.end());
  struct Cand {
    double dice;
    std::uint32_t c, s, t;
  };
  std::vector<Cand> cands;
  for (std::size_t p = 0; p < keys.size();) {
    std::size_t q = p;
    while (q < keys.size() && keys[q] == keys[p]) ++q;
    std::uint32_t c = static_cast<std::uint32_t>(q - p);
    std::uint32_t s = static_cast<std::uint32_t>(keys[p] >> 32), t = static_cast<std::uint32_t>(keys[p]);
    double dice = 2.0 * c / (cs[s] + ct[t]);
    if (c >= std::uint32_t(opt.min_cooccurrence) && dice >= opt.min_dice) cands.push_back({dice, c, s, t});
    p = q;
  }
  std::sort(cands.begin(), cands.end(), [](const Cand& x, const Cand& y) {
    if (x.dice != y.dice) return x.dice > y.dice;
    if (x.c != y.c) return x.c > y.c;
    return std::tie(x.s, x.t) < std::tie(y.s, y.t);
  });
  std::vector<char> used_s(cs.size(), 0), used_t(ct.size(), 0);
  WordPairs out;
  for (const auto& c : cands) {
    if (used_s[c.s] || used_t[c.t]) continue;
    used_s[c.s] = used_t[c.t] = 1;
    out.emplace_back(c.s, c.t);
  }
  return out;
}

}  // namespace muwazi::align
