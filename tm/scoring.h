// How a stored segment scores against a query (0-100). The classes, from the
// top (documented for users in README.md, "Translation memory"):
//
//   100      identical text (same code points after NFC).
//   95-99.5  nearly exact: the loose keys are equal (match key without
//            punctuation and spaces), so the texts differ only in the
//            classes of NearExactClass; each class present costs its
//            penalty (kPenalty*), the total is capped so the score stays
//            >= kNearExactFloor.
//   0-94     fuzzy: token-level edit distance on the match keys' words
//            (OmegaT-style): 100 * (1 - d / max(n, m)) with d the word edit
//            distance and n, m the word counts, capped at kFuzzyCap, minus
//            kPenaltyPerNumber per number not found on the other side
//            (at most kMaxNumberPenalty).
#ifndef MUWAZI_TM_SCORING_H_
#define MUWAZI_TM_SCORING_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace muwazi::tm {

struct Penalty {
  std::string kind;    // "diacritics", "edit", "numbers", ...
  double points = 0;   // subtracted from 100
  std::string detail;  // human-readable
};

inline constexpr double kNearExactFloor = 95.0;
inline constexpr double kFuzzyCap = 94.0;
inline constexpr double kPenaltyPerNumber = 2.0;
inline constexpr double kMaxNumberPenalty = 10.0;

// The nearly-exact classes, each a step of text::MatchKeyOptions, with its
// penalty in points.
struct NearExactClass {
  const char* kind;
  double points;
  const char* detail;
};
const std::vector<NearExactClass>& near_exact_classes();

// The query side of scoring, computed once per query.
struct ScoredText {
  std::string nfc;                       // NFC of the text
  std::string key;                       // match key
  std::uint64_t loose = 0;               // loose-key hash
  std::vector<std::uint64_t> tokens;     // word token hashes, in order
  std::vector<std::uint64_t> numbers;    // hashes of number tokens, sorted
  // Per near-exact class: the loose key with that class's step switched off
  // (filled lazily by near_exact_penalties for the query).
  mutable std::vector<std::string> class_keys;
};
// REQUIRES: valid UTF-8.
ScoredText score_text(std::string_view text);
// Only `key`, `tokens` and `numbers`, from a stored match key: enough for
// fuzzy_score (cheap: no ICU normalization).
ScoredText score_key(std::string_view key);

// Score and penalties when a and b have equal loose keys.
double near_exact_score(const ScoredText& query, const ScoredText& candidate, std::vector<Penalty>& penalties);

// Word edit distance, or bound + 1 when it exceeds bound.
int bounded_edit_distance(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b, int bound);

// Fuzzy score >= min_score, or -1 (and no penalties) when it is below.
double fuzzy_score(const ScoredText& query, const ScoredText& candidate, double min_score,
                   std::vector<Penalty>& penalties);

// Full score of a candidate: 100, nearly exact or fuzzy; -1 when below
// min_score.
double score_pair(const ScoredText& query, const ScoredText& candidate, double min_score,
                  std::vector<Penalty>& penalties);

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_SCORING_H_
