#include "text/match_key.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <array>

#include "text/error.h"
#include "text/normalizers.h"
#include "text/utf8.h"

namespace muwazi::text {
namespace {

const icu::Normalizer2& nfkc_instance() { return normalizer(NormalForm::kNFKC); }

bool is_format_mark(char32_t c) {
  return (c >= 0x200B && c <= 0x200F) || c == 0x061C || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF ||
         c == 0x00AD;
}

bool is_harakah(char32_t c) {
  return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06ED);
}

bool is_space(char32_t c) {
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return true;
  if (c < 0x80) return c == 0x0B || c == 0x0C;
  if (c >= 0x0600 && c <= 0x06FF) return false;  // Arabic block: no spaces (fast path)
  return u_isUWhiteSpace(static_cast<UChar32>(c));
}

bool is_punct(char32_t c) {
  if (c < 0x80) {
    return (c >= 0x21 && c <= 0x2F && c != '$' && c != '+') ||
           (c >= 0x3A && c <= 0x40 && c != '<' && c != '=' && c != '>') ||
           (c >= 0x5B && c <= 0x60 && c != '^' && c != '`') || c == '{' || c == '}';
  }
  if (c >= 0x0600 && c <= 0x06FF) {
    // The Arabic block's punctuation (fast path; same as the P* categories).
    return c == 0x0609 || c == 0x060A || c == 0x060C || c == 0x060D || c == 0x061B || c == 0x061D ||
           c == 0x061E || c == 0x061F || (c >= 0x066A && c <= 0x066D) || c == 0x06D4;
  }
  return (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_P_MASK) != 0;
}

// next_cp() for the hot loops: ASCII and two-byte characters (Arabic)
// decoded inline. REQUIRES: valid UTF-8, i < s.size().
inline char32_t decode_cp(std::string_view s, std::size_t& i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char c = p[i];
  if (c < 0x80) {
    ++i;
    return c;
  }
  if ((c & 0xE0) == 0xC0) {
    const char32_t cp = static_cast<char32_t>((c & 0x1F) << 6 | (p[i + 1] & 0x3F));
    i += 2;
    return cp;
  }
  return next_cp(s, i);
}

std::size_t utf8_len(char32_t c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

bool is_digit(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  if (c >= 0x0600 && c <= 0x06FF) return (c >= 0x0660 && c <= 0x0669) || (c >= 0x06F0 && c <= 0x06F9);
  return u_isdigit(static_cast<UChar32>(c));
}

// One- and two-byte characters (ASCII, Arabic, ...) classified for
// match_key_tokens() by is_space(), is_punct() and is_digit(): a table
// lookup instead of three tests.
struct CharClasses {
  enum : unsigned char { kWord, kDigit, kSeparator };
  static constexpr char32_t kSize = 0x800;
  unsigned char of[kSize];
  CharClasses() {
    for (char32_t c = 0; c < kSize; ++c) {
      of[c] = is_space(c) || is_punct(c) ? kSeparator : is_digit(c) ? kDigit : kWord;
    }
  }
};
const CharClasses& char_classes() {
  static const CharClasses table;
  return table;
}

// Applies every per-character step to one NFKC'ed code point. Returns the
// replacement, or 0 to drop it. White space is handled by the caller.
char32_t fold_cp(char32_t c, const MatchKeyOptions& o) {
  if (c < 0x80) {
    if (o.case_fold && c >= 'A' && c <= 'Z') return c + 32;
    return c;
  }
  if (o.remove_format && is_format_mark(c)) return 0;
  if (c >= 0x0600 && c <= 0x06FF) {
    if (o.remove_harakat && is_harakah(c)) return 0;
    if (o.remove_tatweel && c == 0x0640) return 0;
    if (o.fold_alef && (c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0671)) return 0x0627;
    if (o.fold_letters) {
      if (c == 0x0649 || c == 0x06CC) return 0x064A;
      if (c == 0x0629) return 0x0647;
      if (c == 0x06A9) return 0x0643;
    }
    if (o.fold_digits) {
      if (c >= 0x0660 && c <= 0x0669) return '0' + (c - 0x0660);
      if (c >= 0x06F0 && c <= 0x06F9) return '0' + (c - 0x06F0);
      if (c == 0x066B) return '.';
      if (c == 0x066C) return ',';
      if (c == 0x066A) return '%';
    }
    if (o.fold_punct) {
      if (c == 0x060C) return ',';
      if (c == 0x061B) return ';';
      if (c == 0x061F) return '?';
    }
    return c;
  }
  if (o.case_fold) return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
  return c;
}

class KeyBuilder {
 public:
  KeyBuilder(const MatchKeyOptions& o, std::string& key, std::vector<std::uint32_t>* offsets)
      : o_(o), key_(key), offsets_(offsets) {}

  void add(char32_t c, std::uint32_t orig) {
    if (c < 0x80) {
      add_ascii(static_cast<unsigned char>(c), orig);
      return;
    }
    if (is_space(c)) {
      add_space(c, orig);
      return;
    }
    char32_t f = fold_cp(c, o_);
    if (f == 0) return;
    if (o_.drop_punct && is_punct(f)) return;
    write_pending_space();
    emit(f, orig);
  }

  // White space seen and not written yet (offsets: none, see plain_key()).
  void set_pending_space(bool pending) { pending_space_ = pending; }
  bool pending_space() const { return pending_space_; }

  // add() for an ASCII character: the same steps, without decoding,
  // encoding or ICU (most of a TM's text is ASCII or Arabic).
  void add_ascii(unsigned char c, std::uint32_t orig) {
    if (c == ' ' || (c >= 0x09 && c <= 0x0D)) {  // is_space(): \t \n \v \f \r
      add_space(c, orig);
      return;
    }
    if (o_.case_fold && c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
    if (c == 0) return;  // fold_cp() drops NUL
    if (o_.drop_punct && is_punct(c)) return;
    write_pending_space();
    emit_byte(c, orig);
  }

 private:
  // White space c at orig: dropped, kept, or the start of a run folded
  // into one pending space.
  void add_space(char32_t c, std::uint32_t orig) {
    if (o_.drop_space) return;
    if (!o_.fold_space) {
      emit(c, orig);
      return;
    }
    if (!pending_space_) {
      pending_space_ = true;
      space_offset_ = orig;
    }
  }

  // Before a character is written: the pending space, unless the key is
  // still empty (no space at the start).
  void write_pending_space() {
    if (!pending_space_) return;
    pending_space_ = false;
    if (!key_.empty()) emit_byte(' ', space_offset_);
  }

  void emit_byte(unsigned char c, std::uint32_t orig) {
    key_.push_back(static_cast<char>(c));
    if (offsets_) offsets_->push_back(orig);
  }

  void emit(char32_t c, std::uint32_t orig) {
    if (c < 0x80) {
      emit_byte(static_cast<unsigned char>(c), orig);
      return;
    }
    std::size_t before = key_.size();
    if (c < 0x800) {  // Arabic: two bytes, without the call
      key_.push_back(static_cast<char>(0xC0 | (c >> 6)));
      key_.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      append_utf8(key_, c);
    }
    if (offsets_) offsets_->insert(offsets_->end(), key_.size() - before, orig);
  }

  const MatchKeyOptions& o_;
  std::string& key_;
  std::vector<std::uint32_t>* offsets_;
  bool pending_space_ = false;
  std::uint32_t space_offset_ = 0;
};

// The NFKC quick check (UAX #15) for two-byte characters (U+0080-07FF,
// which holds Arabic): the canonical combining class of those with
// NFKC_QC=Yes, kNoQuickYes for the others. A text whose characters are
// ASCII or listed here, with every non-zero class at least the one before
// it, is NFKC already: ICU need not look at it.
constexpr std::uint8_t kNoQuickYes = 0xFF;
const std::array<std::uint8_t, 0x800>& two_byte_quick_check() {
  static const std::array<std::uint8_t, 0x800> table = [] {
    std::array<std::uint8_t, 0x800> t{};
    for (UChar32 c = 0x80; c < 0x800; ++c) {
      const bool yes = u_getIntPropertyValue(c, UCHAR_NFKC_QUICK_CHECK) == UNORM_YES;
      t[static_cast<std::size_t>(c)] = yes ? u_getCombiningClass(c) : kNoQuickYes;
    }
    return t;
  }();
  return table;
}

// Whether a two-byte character keeps the quick check's answer Yes after a
// character of combining class `last_ccc` (updated).
inline bool quick_yes(const std::array<std::uint8_t, 0x800>& quick, char32_t cp, std::uint8_t& last_ccc) {
  const std::uint8_t ccc = quick[cp];
  if (ccc == kNoQuickYes || (ccc != 0 && ccc < last_ccc)) return false;
  last_ccc = ccc;
  return true;
}

// Writes cp as UTF-8.
inline char* put_utf8(char* out, char32_t cp) {
  if (cp < 0x80) {
    *out++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out++ = static_cast<char>(0xC0 | (cp >> 6));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (cp >> 12));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (cp >> 18));
    *out++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// KeyBuilder::add() over s[i...] without offsets, for ASCII and two-byte
// characters (the bulk of English and Arabic text), with the options and
// the state in locals and the key written through a raw pointer (through
// KeyBuilder, every byte stored reloads the options, and push_back checks
// the capacity). Unless `normalized`, also stops at a two-byte character
// that breaks the NFKC quick check and at any longer one; once the text is
// known to be NFKC, it takes three- and four-byte characters too (’ “ — …,
// CJK, emoji): each stop costs the caller a call that sizes the key for the
// rest of the text, quadratic in a text full of them. Returns where it
// stopped (at a character it leaves to the caller, or s.size()); `pending_space`
// carries white space seen and not yet written.
std::size_t plain_key(std::string_view s, std::size_t i, const MatchKeyOptions& o, bool normalized, std::string& key,
                      bool& pending_space) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  const std::size_t had = key.size();
  // A character adds at most 1.5 times its bytes (a two-byte one may
  // case-fold to three); white space adds nothing until the next word.
  key.resize(had + 2 * (n - i) + 1);
  char* const begin = key.data();
  char* out = begin + had;
  const bool drop_space = o.drop_space, fold_space = o.fold_space, case_fold = o.case_fold,
             drop_punct = o.drop_punct;
  const std::array<std::uint8_t, 0x800>& quick = two_byte_quick_check();
  std::uint8_t last_ccc = 0;
  bool pending = pending_space;
  while (i < n) {
    const unsigned char c = p[i];
    char32_t cp;
    if (c < 0x80) {
      cp = c;
      last_ccc = 0;
      ++i;
    } else if ((c & 0xE0) == 0xC0) {
      cp = static_cast<char32_t>((c & 0x1F) << 6 | (p[i + 1] & 0x3F));
      if (!normalized && !quick_yes(quick, cp, last_ccc)) break;
      i += 2;
    } else if (normalized && (c & 0xF0) == 0xE0) {
      // Folds to one BMP character at most (simple case folding stays in
      // the BMP): put_utf8() writes it, in at most three bytes.
      cp = static_cast<char32_t>((c & 0x0F) << 12 | (p[i + 1] & 0x3F) << 6 | (p[i + 2] & 0x3F));
      i += 3;
    } else if (normalized && (c & 0xF8) == 0xF0) {
      // Folds to one character of at most four bytes.
      cp = static_cast<char32_t>((c & 0x07) << 18 | (p[i + 1] & 0x3F) << 12 | (p[i + 2] & 0x3F) << 6 |
                                 (p[i + 3] & 0x3F));
      i += 4;
    } else {
      break;
    }
    if (c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x80 && is_space(cp))) {
      if (drop_space) continue;
      if (!fold_space) {
        out = put_utf8(out, cp);
        continue;
      }
      pending = true;
      continue;
    }
    char32_t f;
    if (c < 0x80) {
      f = case_fold && c >= 'A' && c <= 'Z' ? cp + 32 : cp;
    } else {
      f = fold_cp(cp, o);
    }
    if (f == 0) continue;  // NUL, marks
    if (drop_punct && is_punct(f)) continue;
    if (pending) {
      pending = false;
      if (out != begin) *out++ = ' ';
    }
    out = put_utf8(out, f);
  }
  key.resize(static_cast<std::size_t>(out - begin));
  pending_space = pending;
  return i;
}

// The key through NFKC, chunk by chunk, a chunk running from one
// normalization boundary to the next, so every output character maps to the
// start of the chunk it came from.
void build_key_nfkc(std::string_view s, const icu::Normalizer2& nfkc, KeyBuilder& b) {
  std::size_t i = 0;
  std::string out;
  while (i < s.size()) {
    std::size_t start = i;
    char32_t c = next_cp(s, i);
    while (i < s.size()) {
      std::size_t j = i;
      char32_t d = next_cp(s, j);
      if (nfkc.hasBoundaryBefore(static_cast<UChar32>(d))) break;
      i = j;
    }
    std::uint32_t at = static_cast<std::uint32_t>(start);
    if (i - start == utf8_len(c) && (c < 0x80 || nfkc.isInert(static_cast<UChar32>(c)))) {
      b.add(c, at);  // a lone inert character: NFKC leaves it alone
      continue;
    }
    out.clear();
    icu::StringByteSink<std::string> sink(&out);
    UErrorCode status = U_ZERO_ERROR;
    nfkc.normalizeUTF8(0, icu::StringPiece(s.data() + start, static_cast<int32_t>(i - start)), sink, nullptr,
                       status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC failed");
    std::size_t k = 0;
    while (k < out.size()) b.add(next_cp(out, k), at);
  }
}

void build_key(std::string_view s, const MatchKeyOptions& o, std::string& key,
               std::vector<std::uint32_t>* offsets) {
  key.clear();
  const std::size_t n = s.size();
  // Walk the text as if it were NFKC already while its characters pass the
  // quick check (decoded here, without a call per character). At the first
  // other character ask ICU about the whole text: NFKC already -> carry on;
  // else start again through NFKC.
  bool normalized = !o.nfkc;  // known to be NFKC already
  auto is_nfkc = [&] {
    UErrorCode status = U_ZERO_ERROR;
    return nfkc_instance().isNormalizedUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(n)), status) &&
           U_SUCCESS(status);
  };
  auto through_nfkc = [&] {
    key.clear();
    if (offsets) offsets->clear();
    KeyBuilder fresh(o, key, offsets);
    build_key_nfkc(s, nfkc_instance(), fresh);
    if (offsets) offsets->push_back(static_cast<std::uint32_t>(n));
  };
  if (!offsets) {
    bool pending_space = false;
    std::size_t i = plain_key(s, 0, o, normalized, key, pending_space);
    if (i == n) return;
    if (!normalized && !is_nfkc()) {
      through_nfkc();
      return;
    }
    while (i < n) {  // NFKC already; plain_key() stops only at bytes that are not UTF-8
      KeyBuilder b(o, key, nullptr);
      b.set_pending_space(pending_space);
      b.add(next_cp(s, i), 0);
      pending_space = b.pending_space();
      i = plain_key(s, i, o, true, key, pending_space);
    }
    return;
  }
  key.reserve(n);
  offsets->clear();
  offsets->reserve(n + 1);
  KeyBuilder b(o, key, offsets);
  const std::array<std::uint8_t, 0x800>& quick = two_byte_quick_check();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::uint8_t last_ccc = 0;
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    const std::uint32_t at = static_cast<std::uint32_t>(i);
    if (c < 0x80) {
      b.add_ascii(c, at);
      last_ccc = 0;
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      const char32_t cp = static_cast<char32_t>((c & 0x1F) << 6 | (p[i + 1] & 0x3F));
      if (normalized || quick_yes(quick, cp, last_ccc)) {
        b.add(cp, at);
        i += 2;
        continue;
      }
    }
    if (!normalized) {
      if (!is_nfkc()) {
        through_nfkc();
        return;
      }
      normalized = true;
    }
    b.add(next_cp(s, i), at);
  }
  offsets->push_back(static_cast<std::uint32_t>(n));
}

}  // namespace

std::pair<std::size_t, std::size_t> MatchKey::original_range(std::size_t b, std::size_t e) const {
  std::size_t first = offsets[b];
  if (e == b) return {first, first};
  // The end is where the first character after the range starts in the
  // original; characters that produced several key bytes share an offset.
  std::size_t last_orig = offsets[e - 1];
  std::size_t end = offsets.back();
  for (std::size_t i = e; i < offsets.size(); ++i) {
    if (offsets[i] > last_orig) {
      end = offsets[i];
      break;
    }
  }
  return {first, end};
}

MatchKey match_key_with_offsets(std::string_view original, const MatchKeyOptions& options) {
  MatchKey mk;
  build_key(original, options, mk.key, &mk.offsets);
  return mk;
}

std::string match_key(std::string_view original, const MatchKeyOptions& options) {
  std::string key;
  build_key(original, options, key, nullptr);
  return key;
}

std::string loose_key_from_key(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  std::size_t i = 0;
  while (i < key.size()) {
    std::size_t at = i;
    char32_t c = next_cp(key, i);
    if (is_space(c) || is_punct(c)) continue;
    out.append(key.substr(at, i - at));
  }
  return out;
}

std::vector<KeyToken> match_key_tokens(std::string_view key) {
  std::vector<KeyToken> tokens;
  tokens.reserve(key.size() / 4 + 1);
  const CharClasses& classes = char_classes();
  std::size_t i = 0;
  bool in_token = false;
  KeyToken cur;
  bool prev_digit = false;
  while (i < key.size()) {
    std::size_t at = i;
    char32_t c = decode_cp(key, i);
    bool sep, digit;
    if (c < CharClasses::kSize) {
      const unsigned char cls = classes.of[c];
      sep = cls == CharClasses::kSeparator;
      digit = cls == CharClasses::kDigit;
    } else {
      sep = is_space(c) || is_punct(c);
      digit = !sep && is_digit(c);
    }
    if (sep && (c == '.' || c == ',') && in_token && prev_digit && i < key.size()) {
      std::size_t j = i;
      if (is_digit(decode_cp(key, j))) sep = false;
    }
    if (sep) {
      if (in_token) {
        cur.end = static_cast<std::uint32_t>(at);
        tokens.push_back(cur);
        in_token = false;
      }
      prev_digit = false;
      continue;
    }
    if (!in_token) {
      in_token = true;
      cur.begin = static_cast<std::uint32_t>(at);
      cur.number = digit;
    } else if (!digit && c != '.' && c != ',') {
      cur.number = false;
    }
    prev_digit = digit;
  }
  if (in_token) {
    cur.end = static_cast<std::uint32_t>(key.size());
    tokens.push_back(cur);
  }
  return tokens;
}

}  // namespace muwazi::text
