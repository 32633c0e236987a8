#include "text/tokenize.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include "text/normalizers.h"
#include "text/utf8.h"

namespace muwazi::text {

namespace {

bool is_harakat_or_mark(char32_t cp) {
  return (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || (cp >= 0x06D6 && cp <= 0x06ED) ||
         cp == 0x0640;
}

bool is_format_mark(char32_t cp) {
  return cp == 0x200E || cp == 0x200F || cp == 0x061C || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
         cp == 0xFEFF || cp == 0x00AD;
}

char32_t fold_arabic_cp(char32_t cp) {
  switch (cp) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: return 0x0627;  // alef forms
    case 0x0649: return 0x064A;  // alef maqsura -> yeh
    case 0x0629: return 0x0647;  // teh marbuta -> heh
    case 0x06A9: return 0x0643;  // keheh -> kaf
    case 0x06CC: return 0x064A;  // farsi yeh -> yeh
    case 0x0624: return 0x0648;  // waw with hamza -> waw
    case 0x0626: return 0x064A;  // yeh with hamza -> yeh
    default: return cp;
  }
}

Script script_of(char32_t cp) {
  if (u_isdigit(static_cast<UChar32>(cp))) return Script::kDigit;
  UErrorCode st = U_ZERO_ERROR;
  UScriptCode sc = uscript_getScript(static_cast<UChar32>(cp), &st);
  if (sc == USCRIPT_ARABIC) return Script::kArabic;
  if (sc == USCRIPT_LATIN) return Script::kLatin;
  return Script::kOther;
}

bool is_word_cp(char32_t cp) {
  int8_t t = u_charType(static_cast<UChar32>(cp));
  return u_isalpha(static_cast<UChar32>(cp)) || t == U_NON_SPACING_MARK ||
         t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

}  // namespace

bool is_length_ignorable(char32_t cp) { return is_harakat_or_mark(cp) || is_format_mark(cp); }

std::string fold_arabic(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = next_cp(s, i);
    if (is_harakat_or_mark(cp) || is_format_mark(cp)) continue;
    append_utf8(out, fold_arabic_cp(cp));
  }
  return out;
}

std::size_t length_units(std::string_view s) {
  std::size_t n = 0;
  bool in_space = true;  // leading space not counted
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (!in_space) ++n;
        in_space = true;
      } else {
        ++n;
        in_space = false;
      }
      continue;
    }
    char32_t cp = next_cp(s, i);
    if (is_length_ignorable(cp)) continue;
    if (u_isUWhiteSpace(static_cast<UChar32>(cp))) {
      if (!in_space) ++n;
      in_space = true;
    } else {
      ++n;
      in_space = false;
    }
  }
  if (in_space && n > 0) --n;  // trailing space
  return n;
}

std::string fold_latin(std::string_view word) {
  bool ascii = true;
  for (unsigned char c : word) ascii &= c < 0x80;
  std::string out;
  out.reserve(word.size());
  if (ascii) {
    for (char c : word) out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    return out;
  }
  UErrorCode st = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  u.foldCase();
  icu::UnicodeString d = normalizer(NormalForm::kNFD).normalize(u, st);
  if (U_FAILURE(st)) d = u;
  icu::UnicodeString kept;
  for (int32_t k = 0; k < d.length(); ++k) {
    UChar c = d.charAt(k);
    if (u_charType(c) != U_NON_SPACING_MARK) kept.append(c);
  }
  kept.toUTF8String(out);
  // ß, æ, ø etc. stay as they are; good enough for cognate prefixes.
  return out;
}

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  bool first = true;
  while (i < s.size()) {
    std::size_t start = i;
    char32_t cp = next_cp(s, i);
    if (u_isdigit(static_cast<UChar32>(cp))) {
      std::size_t end = i;
      while (end < s.size()) {
        std::size_t k = end;
        char32_t c2 = next_cp(s, k);
        if (!u_isdigit(static_cast<UChar32>(c2))) break;
        end = k;
      }
      Token t;
      t.surface = std::string(s.substr(start, end - start));
      t.text = t.surface;
      t.script = Script::kDigit;
      t.sentence_initial = first;
      first = false;
      out.push_back(std::move(t));
      i = end;
      continue;
    }
    if (!u_isalpha(static_cast<UChar32>(cp))) continue;
    // A word: letters/marks, with inner ' or - or ’ between letters.
    Script script = script_of(cp);
    std::size_t end = i;
    while (end < s.size()) {
      std::size_t k = end;
      char32_t c2 = next_cp(s, k);
      if (is_word_cp(c2) || is_format_mark(c2) || c2 == 0x0640) {
        end = k;
        continue;
      }
      if ((c2 == '\'' || c2 == '-' || c2 == 0x2019) && k < s.size()) {
        std::size_t k2 = k;
        char32_t c3 = next_cp(s, k2);
        if (u_isalpha(static_cast<UChar32>(c3))) {
          end = k2;
          continue;
        }
      }
      break;
    }
    Token t;
    t.surface = std::string(s.substr(start, end - start));
    t.script = script;
    t.sentence_initial = first;
    first = false;
    if (script == Script::kArabic) {
      t.text = fold_arabic(t.surface);
    } else {
      t.capitalized = u_isupper(static_cast<UChar32>(cp)) || u_istitle(static_cast<UChar32>(cp));
      std::size_t letters = 0, upper = 0, k = 0;
      while (k < t.surface.size()) {
        char32_t c2 = next_cp(t.surface, k);
        if (u_isalpha(static_cast<UChar32>(c2))) {
          ++letters;
          upper += u_isupper(static_cast<UChar32>(c2)) ? 1 : 0;
        }
      }
      t.all_caps = letters >= 2 && upper == letters;
      t.text = fold_latin(t.surface);
    }
    out.push_back(std::move(t));
    i = end;
  }
  return out;
}

}  // namespace muwazi::text
