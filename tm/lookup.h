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
#include <string>
#include <string_view>
#include <vector>

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

struct Match {
  std::int64_t id = 0;
  double score = 0;
  std::string source;    // the stored segment that matched (query language)
  std::string target;    // its translation
  std::string src_lang, tgt_lang;
  bool reversed = false; // the match is the unit's target side
  std::vector<Penalty> penalties;
};

class Lookup {
 public:
  explicit Lookup(const Tm& tm);
  ~Lookup();
  // Matches with score >= min_score, best first (ties: newer unit first).
  // Throws Error::Usage for an empty query (no letters or digits).
  std::vector<Match> lookup(std::string_view query, const LookupOptions& options);
  // Same result by scoring every segment of the TM (for measuring recall).
  std::vector<Match> lookup_exhaustive(std::string_view query, const LookupOptions& options);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_LOOKUP_H_
