#include "tm/lookup.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <unordered_set>

#include "text/error.h"
#include "text/utf8.h"
#include "tm/codes.h"
#include "tm/keys.h"
#include "tm/lang.h"
#include "tm/sqlite_util.h"
#include "tm/word_index.h"

namespace muwazi::tm {
namespace {

// Scores are rounded to a tenth (round1): a bound compared with them keeps
// this much slack, so that rounding never cuts off a match that ties.
constexpr double kBoundSlack = 0.15;

struct Row {
  std::int64_t id;
  std::string src_lang, tgt_lang, src_text, tgt_text;
  std::string src_codes, tgt_codes;  // code_signature()s
};

// Whether side `side` of a unit with these languages answers a query from
// o.src_lang to o.tgt_lang.
bool side_wanted(std::string_view src_lang, std::string_view tgt_lang, int side, const LookupOptions& o) {
  const std::string_view mine = side == 0 ? src_lang : tgt_lang;
  const std::string_view other = side == 0 ? tgt_lang : src_lang;
  return lang_matches(o.src_lang, mine) && lang_matches(o.tgt_lang, other);
}
bool side_wanted(const Row& r, int side, const LookupOptions& o) { return side_wanted(r.src_lang, r.tgt_lang, side, o); }

Match make_match(const Row& r, int side, double score, std::vector<Penalty> penalties) {
  Match m;
  m.id = r.id;
  m.score = score;
  m.reversed = side == 1;
  m.source = side == 0 ? r.src_text : r.tgt_text;
  m.target = side == 0 ? r.tgt_text : r.src_text;
  m.src_lang = side == 0 ? r.src_lang : r.tgt_lang;
  m.tgt_lang = side == 0 ? r.tgt_lang : r.src_lang;
  m.penalties = std::move(penalties);
  return m;
}

void finish(std::vector<Match>& out, int limit) {
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.same_codes != b.same_codes) return a.same_codes;
    if (a.id != b.id) return a.id > b.id;
    return a.reversed < b.reversed;
  });
  if (out.size() > static_cast<std::size_t>(std::max(0, limit))) out.resize(static_cast<std::size_t>(std::max(0, limit)));
}

// Counts per doc id: open addressing, linear probing, no allocation per
// entry (an unordered_map spent most of a lookup in malloc). Each slot
// carries the stamp of the lookup that filled it, so reset() empties the
// table in O(1) and keeps its memory for the next lookup: clearing and
// regrowing it each time was an eighth of a server's CPU on a 300k-unit TM
// (perf, scripts/bench_serve.sh queries).
class DocCounter {
 public:
  // Empties the counter for a lookup that adds about `n` postings.
  void reset(std::size_t n) {
    std::size_t cap = 1024;
    while (cap < 2 * n) cap <<= 1;
    if (cap > slots_.size()) {
      slots_.assign(cap, Slot{});
      stamp_ = 0;
    }
    mask_ = cap - 1;
    used_.clear();
    if (++stamp_ == 0) {  // wrapped: no slot may look filled
      std::fill(slots_.begin(), slots_.end(), Slot{});
      stamp_ = 1;
    }
  }
  void add(std::uint64_t doc) {
    if (2 * (used_.size() + 1) > mask_ + 1) grow();
    std::size_t i = mix(doc) & mask_;
    while (slots_[i].stamp == stamp_ && slots_[i].key != doc) i = (i + 1) & mask_;
    Slot& s = slots_[i];
    if (s.stamp != stamp_) {
      s = Slot{doc, 0, stamp_};
      used_.push_back(static_cast<std::uint32_t>(i));
    }
    ++s.count;
  }
  template <typename F>
  void for_each(F&& f) const {
    for (std::uint32_t i : used_) f(slots_[i].key, slots_[i].count);
  }
  std::size_t size() const { return used_.size(); }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t count = 0;
    std::uint32_t stamp = 0;  // the lookup that filled it; 0: never
  };
  static std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ULL;
    x ^= x >> 27;
    return x;
  }
  // More postings than reset() was told: twice the table, same entries.
  void grow() {
    const std::size_t cap = 2 * (mask_ + 1);
    std::vector<Slot> bigger(std::max(cap, slots_.size()));
    std::vector<std::uint32_t> used;
    used.reserve(used_.size());
    for (std::uint32_t i : used_) {
      std::size_t j = mix(slots_[i].key) & (cap - 1);
      while (bigger[j].stamp != 0) j = (j + 1) & (cap - 1);
      bigger[j] = Slot{slots_[i].key, slots_[i].count, 1};
      used.push_back(static_cast<std::uint32_t>(j));
    }
    slots_.swap(bigger);
    used_.swap(used);
    mask_ = cap - 1;
    stamp_ = 1;
  }
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> used_;  // filled slots, in the order filled
  std::size_t mask_ = 0;
  std::uint32_t stamp_ = 0;
};

// One read transaction per lookup: one shared lock instead of one per
// statement, and a consistent view while an import is running.
class ReadTxn {
 public:
  explicit ReadTxn(sqlite3* db) : db_(db) { ok_ = sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK; }
  ~ReadTxn() {
    if (ok_) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  }

 private:
  sqlite3* db_;
  bool ok_ = false;
};

ScoredText query_text(std::string_view query) {
  if (text::find_invalid_utf8(query) != text::kNpos) throw Error::Input("query: invalid UTF-8");
  ScoredText q = score_text(query);
  if (q.tokens.empty()) throw Error::Usage("empty query: it has no letters or digits");
  return q;
}

// The query's side of codes and context, computed once per query.
struct QueryExtras {
  explicit QueryExtras(const Query& q) {
    codes_given = q.markup.has_value();
    if (codes_given) codes = code_signature(*q.markup);
    shape = code_shape(codes);
    if (q.prev) prev = context_hash(*q.prev);
    if (q.next) next = context_hash(*q.next);
  }
  bool codes_given = false;
  std::string codes, shape;
  std::optional<std::uint64_t> prev, next;
  bool has_context() const { return prev || next; }
};

// Codes: an identical text compares the codes in place, any other the
// codes' shape (their places cannot be compared across texts).
void judge_codes(Match& m, const QueryExtras& x, std::string_view cand_codes, bool identical_text) {
  const bool same = identical_text ? cand_codes == x.codes : code_shape(cand_codes) == x.shape;
  m.same_codes = same;
  if (same || !x.codes_given) return;
  m.score = std::max(0.0, m.score - kFormattingPenalty);
  m.penalties.push_back({"formatting", kFormattingPenalty,
                         x.codes.empty()     ? "the match has inline codes, the query none"
                         : cand_codes.empty() ? "the query has inline codes, the match none"
                                              : "the inline codes differ from the query's"});
}

}  // namespace

struct Lookup::Impl {
  explicit Impl(const Tm& t)
      : tm(t),
        index(t.db(), t.path()),
        by_src_loose(t.db(), t.path(),
                     "SELECT id, src_lang, tgt_lang, src_text, tgt_text, src_codes, tgt_codes FROM units WHERE "
                     "src_loose = ?1"),
        by_tgt_loose(t.db(), t.path(),
                     "SELECT id, src_lang, tgt_lang, src_text, tgt_text, src_codes, tgt_codes FROM units WHERE "
                     "tgt_loose = ?1"),
        by_id(t.db(), t.path(),
              "SELECT id, src_lang, tgt_lang, src_text, tgt_text, src_codes, tgt_codes, src_key, tgt_key FROM "
              "units WHERE id = ?1"),
        contexts(t.db(), t.path(), "SELECT prev, next FROM contexts WHERE unit = ?1") {}
  const Tm& tm;
  WordIndexReader index;
  Stmt by_src_loose, by_tgt_loose, by_id, contexts;
  // Scratch space of one lookup, kept for the next: a lookup must not hand
  // megabytes back to the allocator each time (glibc then trims the heap
  // and the next lookup page-faults it back in: 0.4 ms of system time a
  // query in a batch of 1,000 on a 100k-unit TM).
  DocCounter counts;
  std::vector<std::uint64_t> ids;

  static Row row(const Stmt& s) {
    return Row{s.int64(0), s.str(1), s.str(2), s.str(3), s.str(4), s.str(5), s.str(6)};
  }

  // An identical match and a query with context: 101 when a context of the
  // unit has the query's previous and next sentences. Only the unit's
  // source side has a context (the document's source sentences around it).
  void judge_context(Match& m, const QueryExtras& x) {
    if (!x.has_context() || m.score != 100) return;
    if (m.reversed) {
      m.context = "unknown";
      return;
    }
    bool prev_same = false, next_same = false, both = false, any = false;
    contexts.bind(1, m.id);
    while (contexts.step()) {
      any = true;
      const bool p = x.prev && static_cast<std::uint64_t>(contexts.int64(0)) == *x.prev;
      const bool n = x.next && static_cast<std::uint64_t>(contexts.int64(1)) == *x.next;
      both = both || (p && n);
      prev_same = prev_same || p;
      next_same = next_same || n;
    }
    contexts.reset();
    if (!any) {
      m.context = "unknown";
    } else if (both) {
      m.context = "both";
      m.score = kContextScore;
    } else if (prev_same || next_same) {
      m.context = prev_same ? "prev" : "next";
      m.penalties.push_back({"context", 0,
                             prev_same ? "the previous sentence is the same, the next one is not: not 101"
                                       : "the next sentence is the same, the previous one is not: not 101"});
    } else {
      m.context = "none";
      m.penalties.push_back({"context", 0, "met in another context: not 101"});
    }
  }
};

Lookup::Lookup(const Tm& tm) : impl_(std::make_unique<Impl>(tm)) {}
Lookup::~Lookup() = default;

std::vector<Match> Lookup::lookup(std::string_view query, const LookupOptions& o) {
  Query q;
  q.text = query;
  return lookup(q, o);
}

std::vector<Match> Lookup::lookup_exhaustive(std::string_view query, const LookupOptions& o) {
  Query q;
  q.text = query;
  return lookup_exhaustive(q, o);
}

std::vector<Match> Lookup::lookup(const Query& query, const LookupOptions& o) {
  Impl& m = *impl_;
  ScoredText q = query_text(query.text);
  const QueryExtras x(query);
  ReadTxn txn(m.tm.db());
  std::vector<Match> out;
  std::unordered_set<std::uint64_t> seen;  // doc ids already scored
  std::vector<Penalty> pens;

  // 1. Identical and nearly exact, through the loose-key indexes.
  for (int side = 0; side < 2; ++side) {
    Stmt& s = side == 0 ? m.by_src_loose : m.by_tgt_loose;
    s.bind(1, to_sql(q.loose));
    while (s.step()) {
      Row r = Impl::row(s);
      if (!side_wanted(r, side, o)) continue;
      seen.insert(doc_id(r.id, side));
      ScoredText c = score_text(side == 0 ? r.src_text : r.tgt_text);
      double sc = score_pair(q, c, o.min_score, pens);
      if (sc < 0) continue;
      Match mt = make_match(r, side, sc, pens);
      // Context first: it asks for an identical text; codes that differ
      // cost their point after it (a 101 with other codes is a 100).
      m.judge_context(mt, x);
      judge_codes(mt, x, side == 0 ? r.src_codes : r.tgt_codes, sc == 100);
      if (mt.score >= o.min_score) out.push_back(std::move(mt));
    }
    s.reset();
  }

  // 2. Fuzzy, through the word index.
  if (o.min_score <= kFuzzyCap) {
    const double t = std::max(o.min_score, 1.0) / 100.0;
    std::vector<std::uint64_t> terms = q.tokens;
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    const std::size_t u = terms.size();
    const std::size_t n = q.tokens.size();
    const std::size_t dmax = static_cast<std::size_t>(std::floor((1.0 - t) * static_cast<double>(n) / t + 1e-9));
    std::vector<std::pair<std::int64_t, std::uint64_t>> by_df;
    for (std::uint64_t term : terms) by_df.push_back({m.index.doc_frequency(term), term});
    std::sort(by_df.begin(), by_df.end());
    // Prefix filtering, by word occurrences: a segment without any of the
    // rarest words whose occurrences in the query add up to dmax + 1 needs
    // more than dmax edits (each occurrence of a missing word is one), so
    // those words' lists hold every candidate. Counting each distinct word
    // once instead read a list more for every repeated word, such as that
    // of في (the longest lists of a 296k-unit TM hold 140k-204k entries),
    // for a query that repeats a rarer word.
    std::size_t prefix = 0;
    for (std::size_t occurrences = 0; prefix < u && occurrences < dmax + 1; ++prefix) {
      occurrences += static_cast<std::size_t>(std::count(q.tokens.begin(), q.tokens.end(), by_df[prefix].second));
    }
    // The lists to read, rarest first: the prefix whole (while the entries
    // stay within max_postings, and at least one list), then further lists
    // while the entries beyond the prefix stay within extra_postings. A
    // list's length is its document frequency, so the plan is made from
    // the lengths alone, and their sum sizes the counter once.
    std::size_t read_terms = 0, planned = 0, extra = 0;
    for (; read_terms < by_df.size(); ++read_terms) {
      const auto d = static_cast<std::size_t>(by_df[read_terms].first);
      if (read_terms < prefix) {
        if (d > 0 && planned + d > o.max_postings && planned > 0) break;
      } else if (extra + d > o.extra_postings) {
        break;
      }
      planned += d;
      if (read_terms >= prefix) extra += d;
    }
    // A document whose word count m cannot reach the score whatever it
    // shares (|n - m| > (1 - T) * max(n, m)) is not counted at all.
    std::array<bool, kMaxPostedWords + 1> length_ok{};
    for (std::uint32_t mw = 0; mw <= kMaxPostedWords; ++mw) {
      const double len = static_cast<double>(std::max<std::size_t>(n, mw));
      const double diff = std::abs(static_cast<double>(n) - static_cast<double>(mw));
      length_ok[mw] = mw >= kMaxPostedWords || diff <= std::floor((1.0 - t) * len + 1e-9);
    }
    DocCounter& counts = m.counts;
    counts.reset(planned);
    std::vector<std::uint64_t>& ids = m.ids;
    for (std::size_t i = 0; i < read_terms; ++i) {
      if (by_df[i].first == 0) continue;
      ids.clear();
      m.index.postings(by_df[i].second, ids);
      for (std::uint64_t d : ids) {
        if (length_ok[posting_words(d)]) counts.add(d);
      }
    }
    const std::size_t unread = u - read_terms;
    // Necessary conditions for a score >= T, from the counts (query words
    // found among the lists read) and the candidate's word count m:
    //  - at most dmax distinct query words missing (prefix filtering);
    //  - |n - m| <= d <= (1 - T) * max(n, m) (length_ok, before counting);
    //  - d >= max(n, m) - common words, and common words <= distinct
    //    shared words (<= count + unread) + repeated query words (n - u).
    // Candidates are ranked by the estimated similarity count / max(n, m).
    struct Cand {
      double est;
      std::uint32_t count;
      std::uint64_t posting;
    };
    std::vector<Cand> cands;
    cands.reserve(counts.size());
    counts.for_each([&](std::uint64_t p, std::uint32_t c) {
      if (c + unread + dmax < u || seen.count(posting_doc(p))) return;
      const std::uint32_t m_words = posting_words(p);
      const double len = static_cast<double>(std::max<std::size_t>(n, m_words));
      if (m_words < kMaxPostedWords) {
        const double dmax_len = std::floor((1.0 - t) * len + 1e-9);
        const double common_ub = static_cast<double>(c + unread + (n - u));
        if (len - common_ub > dmax_len) return;
      }
      cands.push_back({static_cast<double>(c) / len, c, p});
    });
    std::size_t k = std::min(cands.size(), static_cast<std::size_t>(std::max(0, o.max_candidates)));
    auto better = [](const Cand& a, const Cand& b) {
      if (a.est != b.est) return a.est > b.est;
      if (a.count != b.count) return a.count > b.count;
      return a.posting > b.posting;
    };
    std::partial_sort(cands.begin(), cands.begin() + static_cast<std::ptrdiff_t>(k), cands.end(), better);
    // Verifying a candidate (its row, its key, the edit distance) is most of
    // a lookup's cost on a big TM. A candidate's score is at most 100 x the
    // words it can share over max(n, m): count + unread + (n - u) of them,
    // so at most 100 x (est + (unread + n - u) / n), and est only falls
    // along the sorted list. Once `limit` matches are in hand and that bound
    // is below the worst of them, no later candidate can make the list.
    const double shared_extra = static_cast<double>(unread + (n - u)) / static_cast<double>(n);
    const std::size_t limit = static_cast<std::size_t>(std::max(0, o.limit));
    std::vector<double> best;  // the `limit` best scores so far, best first
    auto note = [&](double score) {
      if (limit == 0) return;
      if (best.size() == limit) {
        if (score <= best.back()) return;
        best.pop_back();
      }
      best.insert(std::upper_bound(best.begin(), best.end(), score, std::greater<double>()), score);
    };
    for (const Match& mt : out) note(mt.score);
    for (std::size_t i = 0; i < k; ++i) {
      if (limit > 0 && best.size() == limit) {
        const double bound = std::min(kFuzzyCap, 100.0 * (cands[i].est + shared_extra));
        if (bound < best.back() - kBoundSlack) break;
      }
      const std::uint64_t p = cands[i].posting;
      // A unit id reused after a delete can have stale postings too: score
      // each document once.
      if (!seen.insert(posting_doc(p)).second) continue;
      const int side = posting_side(p);
      m.by_id.bind(1, posting_unit(p));
      if (m.by_id.step()) {
        if (!side_wanted(m.by_id.text(1), m.by_id.text(2), side, o)) {
          m.by_id.reset();
          continue;
        }
        // Loose-key twins were all scored in step 1: fuzzy only here, on
        // the stored key; the texts are copied only for a match.
        double sc = fuzzy_score(q, score_key(m.by_id.text(side == 0 ? 7 : 8)), o.min_score, pens);
        if (sc >= 0) {
          Match mt = make_match(Impl::row(m.by_id), side, sc, pens);
          judge_codes(mt, x, m.by_id.text(side == 0 ? 5 : 6), false);
          if (mt.score >= o.min_score) {
            note(mt.score);
            out.push_back(std::move(mt));
          }
        }
        m.by_id.reset();
      } else {
        m.by_id.reset();  // stale posting of a deleted unit
      }
    }
  }
  finish(out, o.limit);
  return out;
}

std::vector<Match> Lookup::lookup_exhaustive(const Query& query, const LookupOptions& o) {
  Impl& m = *impl_;
  ScoredText q = query_text(query.text);
  const QueryExtras x(query);
  std::vector<Match> out;
  std::vector<Penalty> pens;
  // Every segment of the TM is scored with the same rules as lookup(): the
  // loose-key twins in full, all others by fuzzy_score on the stored key.
  Stmt s(m.tm.db(), m.tm.path(),
         "SELECT id, src_lang, tgt_lang, src_text, tgt_text, src_codes, tgt_codes, src_key, tgt_key, src_loose, "
         "tgt_loose FROM units");
  while (s.step()) {
    Row r = Impl::row(s);
    for (int side = 0; side < 2; ++side) {
      if (!side_wanted(r, side, o)) continue;
      double sc;
      const bool twin = static_cast<std::uint64_t>(s.int64(side == 0 ? 9 : 10)) == q.loose;
      if (twin) {
        sc = score_pair(q, score_text(side == 0 ? r.src_text : r.tgt_text), o.min_score, pens);
      } else {
        sc = fuzzy_score(q, score_key(s.text(side == 0 ? 7 : 8)), o.min_score, pens);
      }
      if (sc < 0) continue;
      Match mt = make_match(r, side, sc, pens);
      if (twin) m.judge_context(mt, x);
      judge_codes(mt, x, side == 0 ? r.src_codes : r.tgt_codes, twin && sc == 100);
      if (mt.score >= o.min_score) out.push_back(std::move(mt));
    }
  }
  finish(out, o.limit);
  return out;
}

}  // namespace muwazi::tm
