// Concordance: units whose source or target contains a phrase, compared by
// match key (so "مدرسة" finds "المدرسةِ"), with the hits mapped back to byte
// ranges of the original text for highlighting.
//
// When the phrase has a word with words on both sides of it, that word must
// occur whole in every hit, and the word index narrows the search to the
// units containing the phrase's rarest such word; otherwise (one- or
// two-word phrases, which may start or end inside a word: Arabic clitics)
// the match keys are scanned.
#ifndef MUWAZI_TM_CONCORDANCE_H_
#define MUWAZI_TM_CONCORDANCE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tm/tm.h"

namespace muwazi::tm {

struct ConcordanceOptions {
  // Only segments in this language ("" = any), RFC 4647 basic filtering.
  std::string lang;
  // Most units returned (newest first).
  int limit = 50;
};

struct ConcordanceHit {
  std::int64_t id = 0;
  std::string source, target, src_lang, tgt_lang;
  // Byte ranges [first, second) of the hits in the original texts.
  std::vector<std::pair<std::size_t, std::size_t>> source_hits, target_hits;
};

// Throws Error::Usage for a phrase without letters or digits.
std::vector<ConcordanceHit> concordance(const Tm& tm, std::string_view phrase, const ConcordanceOptions& options);

// Original byte ranges where `key_phrase` (a match key) occurs in the match
// key of `original`.
std::vector<std::pair<std::size_t, std::size_t>> find_in_original(std::string_view original, std::string_view key_phrase);

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_CONCORDANCE_H_
