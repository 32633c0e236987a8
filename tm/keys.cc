#include "tm/keys.h"

#include "text/match_key.h"
#include "tm/lang.h"

namespace muwazi::tm {
namespace {
constexpr std::uint64_t kLooseSeed = 0x6c6f6f7365ULL;
}  // namespace

std::uint64_t hash64(std::string_view s, std::uint64_t seed) {
  std::uint64_t h = 0xcbf29ce484222325ULL ^ seed;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  // murmur3 fmix64: FNV's low bits are weak.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

std::vector<std::uint64_t> key_token_hashes(std::string_view key) {
  std::vector<std::uint64_t> out;
  for (const text::KeyToken& t : text::match_key_tokens(key)) {
    out.push_back(hash64(key.substr(t.begin, t.end - t.begin)));
  }
  return out;
}

std::uint64_t loose_hash(std::string_view text) {
  text::MatchKeyOptions o;
  o.drop_punct = true;
  o.drop_space = true;
  return hash64(text::match_key(text, o), kLooseSeed);
}

SideKeys side_keys(std::string_view text) {
  SideKeys k;
  k.key = text::match_key(text);
  k.tokens = key_token_hashes(k.key);
  k.loose = hash64(text::loose_key_from_key(k.key), kLooseSeed);
  return k;
}

std::uint64_t source_identity(std::string_view src_lang, std::string_view tgt_lang, std::string_view source) {
  std::string s = lower_tag(src_lang);
  s.push_back('\x1f');
  s += lower_tag(tgt_lang);
  s.push_back('\x1f');
  s.append(source);
  return hash64(s, 0x737263ULL);
}

}  // namespace muwazi::tm
