// Derived, indexed forms of a segment: match key, loose-key hash and word
// token hashes. Hashes are stable across builds and platforms (they are
// stored in the TM): FNV-1a 64 with a final avalanche mix.
#ifndef MUWAZI_TM_KEYS_H_
#define MUWAZI_TM_KEYS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace muwazi::tm {

std::uint64_t hash64(std::string_view s, std::uint64_t seed = 0);
// SQLite stores signed 64-bit integers.
inline std::int64_t to_sql(std::uint64_t h) { return static_cast<std::int64_t>(h); }

struct SideKeys {
  std::string key;                     // text::match_key()
  std::uint64_t loose = 0;             // hash of the loose key (no punctuation, no spaces)
  std::vector<std::uint64_t> tokens;   // word token hashes in order
};

// REQUIRES: valid UTF-8.
SideKeys side_keys(std::string_view text);
// The same from the text's text::match_key(), when the caller has it.
SideKeys side_keys_of_key(std::string match_key);
std::uint64_t loose_hash(std::string_view text);
// Word token hashes of a match key, in order (text::match_key_tokens).
std::vector<std::uint64_t> key_token_hashes(std::string_view key);
// Identity of (language pair, source text) for the on-duplicate policy.
std::uint64_t source_identity(std::string_view src_lang, std::string_view tgt_lang, std::string_view source);

// A sentence as the context of a unit (tm/unit.h Context): the hash of its
// match key, so that the context matches as loosely as the text does
// (harakat, hamza forms, case). "" (no sentence: document start or end)
// has a hash too.
std::uint64_t context_hash(std::string_view sentence);
// The same from the sentence's text::match_key().
std::uint64_t context_hash_of_key(std::string_view match_key);

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_KEYS_H_
