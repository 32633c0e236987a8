#include "tm/keys.h"

#include "text/match_key.h"
#include "tm/lang.h"

namespace muwazi::tm {
namespace {
constexpr std::uint64_t kLooseSeed = 0x6c6f6f7365ULL;

// hash64() in pieces: FNV-1a over the bytes fed, fmix64 at the end.
struct StreamHash {
  explicit StreamHash(std::uint64_t seed) : h(0xcbf29ce484222325ULL ^ seed) {}
  void feed(unsigned char c) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  void feed(std::string_view s) {
    for (unsigned char c : s) feed(c);
  }
  std::uint64_t finish() const {
    // murmur3 fmix64: FNV's low bits are weak.
    std::uint64_t x = h;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
  }
  std::uint64_t h;
};

}  // namespace

std::uint64_t hash64(std::string_view s, std::uint64_t seed) {
  StreamHash h(seed);
  h.feed(s);
  return h.finish();
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

SideKeys side_keys(std::string_view text) { return side_keys_of_key(text::match_key(text)); }

SideKeys side_keys_of_key(std::string match_key) {
  SideKeys k;
  k.key = std::move(match_key);
  // One pass over the tokens gives the token hashes and the loose-key hash:
  // the loose key (no punctuation, no spaces) is the concatenation of the
  // word tokens without the '.' and ',' between digits
  // (text::loose_key_from_key; tm_keys_test checks the equivalence).
  StreamHash loose(kLooseSeed);
  const std::string_view key = k.key;
  const std::vector<text::KeyToken> tokens = text::match_key_tokens(key);
  k.tokens.reserve(tokens.size());
  for (const text::KeyToken& t : tokens) {
    // Both hashes in one loop: two independent multiply chains overlap.
    StreamHash word(0);
    for (std::uint32_t i = t.begin; i < t.end; ++i) {
      const auto c = static_cast<unsigned char>(key[i]);
      word.feed(c);
      if (c != '.' && c != ',') loose.feed(c);  // only ever a digit separator inside a token
    }
    k.tokens.push_back(word.finish());
  }
  k.loose = loose.finish();
  return k;
}

std::uint64_t source_identity(std::string_view src_lang, std::string_view tgt_lang, std::string_view source) {
  // hash64(lower(src_lang) + '\x1f' + lower(tgt_lang) + '\x1f' + source), without the copy.
  StreamHash h(0x737263ULL);
  h.feed(lower_tag(src_lang));
  h.feed('\x1f');
  h.feed(lower_tag(tgt_lang));
  h.feed('\x1f');
  h.feed(source);
  return h.finish();
}

std::uint64_t context_hash(std::string_view sentence) { return context_hash_of_key(text::match_key(sentence)); }

std::uint64_t context_hash_of_key(std::string_view match_key) { return hash64(match_key, 0x63747874ULL); }

}  // namespace muwazi::tm
