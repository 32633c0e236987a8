// Exact, nearly-exact and fuzzy lookup of one query in the TM.
//
// Retrieval never scans the TM:
//  1. nearly-exact candidates come from the loose-key index (units_src_loose,
//     units_tgt_loose);
//  2. fuzzy candidates come from the word index (tm/word_index.h) by prefix
//     filtering: a segment scoring >= T has at most
//     dmax = floor((1 - T) * n / T) of the query's n words missing, so it
//     contains one of the query's dmax + 1 rarest distinct words. The posting
//     lists of those words (then of further words, rarest first, while
//     LookupOptions::extra_postings allows) count, per candidate, how many
//     query words it contains; the max_candidates best-counted candidates are
//     verified with a bounded word edit distance (tm/scoring.h).
// The only approximation is the candidate cap; tm_bench and tm_recall_test
// measure recall against lookup_exhaustive().
#ifndef MUWAZI_TM_LOOKUP_H_
#define MUWAZI_TM_LOOKUP_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tm/scoring.h"
#include "tm/tm.h"

namespace muwazi::tm {

struct LookupOptions {
  // Language of the query: stored segments in this language (RFC 4647 basic
  // filtering, "ar" matches "ar-SA") are compared, on either side of a
  // unit. "" = any language.
  std::string src_lang;
  // Language of the translations wanted ("" = any).
  std::string tgt_lang;
  // Smallest score reported (0-100).
  double min_score = 70;
  // Most matches reported per query.
  int limit = 5;
  // Fuzzy candidates verified per query, best word overlap first.
  int max_candidates = 200;
  // Posting-list entries read per query: the prefix words' lists are read
  // whole (up to max_postings); further words only while the entries read
  // beyond the prefix stay within extra_postings.
  std::size_t max_postings = 300000;
  std::size_t extra_postings = 5000;
};

// Penalty of a match whose inline codes differ from the query's (Trados and
// memoQ show such a "formatting" penalty), when the query carries codes.
inline constexpr double kFormattingPenalty = 1.0;
// Score of an identical match met in the same context (the query's previous
// and next sentences, tm/keys.h context_hash): a translator can take it
// without reading (Trados' "context match", OmegaT's, memoQ's 101%).
inline constexpr double kContextScore = 101.0;

// A query: its plain text, and what a translator's editor knows besides.
struct Query {
  std::string_view text;
  // The query's inline codes (Segment::markup's form, tm/unit.h), when it
  // carries them: null markup = plain text with no codes. nullopt = not
  // known, no formatting penalty (a plain query still ranks a plain unit
  // above a formatted one of the same score).
  std::optional<nlohmann::json> markup;
  // The source sentences before and after the query in its document (""
  // = the document's start or end); nullopt = not given.
  std::optional<std::string> prev, next;
};

struct Match {
  std::int64_t id = 0;
  double score = 0;
  std::string source;    // the stored segment that matched (query language)
  std::string target;    // its translation
  std::string src_lang, tgt_lang;
  bool reversed = false; // the match is the unit's target side
  std::vector<Penalty> penalties;
  // When the query gave a context and this is an identical match: "both"
  // (score 101), "prev" or "next" (only that side is the same), "none" (the
  // unit was met elsewhere), "unknown" (the unit has no context). "" else.
  std::string context;
  // The match's codes equal the query's (a plain query: the match has none).
  bool same_codes = true;
};

class Lookup {
 public:
  explicit Lookup(const Tm& tm);
  ~Lookup();
  // Matches with score >= min_score, best first (ties: newer unit first).
  // Throws Error::Usage for an empty query (no letters or digits).
  std::vector<Match> lookup(std::string_view query, const LookupOptions& options);
  // The same with codes and context: an identical match in the query's
  // context scores kContextScore and sorts first; one whose codes differ
  // from the query's costs kFormattingPenalty ("formatting").
  std::vector<Match> lookup(const Query& query, const LookupOptions& options);
  // Same result by scoring every segment of the TM (for measuring recall).
  std::vector<Match> lookup_exhaustive(std::string_view query, const LookupOptions& options);
  std::vector<Match> lookup_exhaustive(const Query& query, const LookupOptions& options);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_LOOKUP_H_
