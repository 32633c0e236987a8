// Boundary rules on top of ICU's sentence break iterator (UAX #29).
//
// ICU proposes candidates; these rules reject the ones that real news text
// shows to be wrong: titles and other abbreviations ("Mr. Trump", "Feb. 12",
// "J. K. Rowling", "د. فورد"), "?"/"!" inside a quoted clause ("'Why?' he
// asked"), and a period with no space after it ("U.S.A", "example.Com").
// They also add what ICU lacks: "…" (U+2026) as a terminator.
#include "text/segment_rules.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <string>

#include "text/utf8.h"

namespace muwazi::text::segment_internal {

namespace {

// Bound, in code points, on every look-around below: a token longer than
// this is not an abbreviation, and the bound keeps each check O(1).
constexpr int kMaxScan = 48;
// Bound on closing quotes/brackets after a terminator (».)" etc.).
constexpr int kMaxClosers = 8;

constexpr char32_t kEllipsis = U'\u2026';

// Titles before a name: never the last word of a sentence in news text.
constexpr std::array<std::string_view, 40> kTitles = {
    "Mr",   "Mrs",  "Ms",   "Messrs", "Mmes", "Dr",   "Drs",  "Prof", "Profs", "Gen",
    "Sen",  "Sens", "Rep",  "Reps",   "Gov",  "Lt",   "Col",  "Capt", "Cpt",   "Sgt",
    "Maj",  "Adm",  "Cmdr", "Cdr",    "Rev",  "Hon",  "Pres", "Supt", "Insp",  "Cpl",
    "Pvt",  "Fr",   "St",   "Mt",     "Ft",   "Atty", "Amb",  "Brig", "Sgts",  "Mme"};

// Abbreviations that precede a number: "No. 10", "Feb. 12", "p. 4".
constexpr std::array<std::string_view, 30> kBeforeNumber = {
    "No",  "Nos", "no",  "nos",  "Art", "art", "Fig",  "fig", "Vol", "vol",
    "p",   "pp",  "Sec", "sec",  "Ch",  "ch",  "Jan",  "Feb", "Mar", "Apr",
    "Jun", "Jul", "Aug", "Sep",  "Sept", "Oct", "Nov", "Dec", "Nr",  "para"};

// Abbreviations that do not end a sentence in practice.
constexpr std::array<std::string_view, 10> kAlwaysAbbrev = {
    "vs", "v", "cf", "viz", "e.g", "i.e", "approx", "ca", "incl", "esp"};

// Abbreviations that end a sentence as often as not ("Apple Inc. The ...").
constexpr std::array<std::string_view, 16> kAmbiguous = {
    "Inc", "Ltd", "Corp", "Co",  "Bros", "Jr",   "Sr", "Plc",
    "etc", "Assn", "Dept", "Est", "Ave",  "Blvd", "Rd", "Univ"};

// Capitalized words that typically begin an English sentence. After an
// ambiguous abbreviation ("the U.S. The ...") they decide for a boundary;
// any other capitalized word ("the U.S. Navy", "George W. Bush") against.
constexpr std::array<std::string_view, 96> kStarters = {
    "The",      "A",        "An",      "This",    "That",     "These",   "Those",   "It",
    "Its",      "He",       "She",     "They",    "We",       "I",       "You",     "His",
    "Her",      "Their",    "Our",     "My",      "Your",     "There",   "Here",    "But",
    "And",      "Or",       "So",      "Yet",     "Then",     "Now",     "However", "Meanwhile",
    "Also",     "In",       "On",      "At",      "For",      "With",    "As",      "When",
    "While",    "If",       "After",   "Before",  "Since",    "Although", "Though", "Despite",
    "According", "Still",   "Last",    "Earlier", "Later",    "Some",    "Many",    "Most",
    "All",      "Both",     "Each",    "No",      "Not",      "What",    "Who",     "Why",
    "How",      "Where",    "Which",   "One",     "Two",      "Three",   "Neither", "Other",
    "Another",  "Such",     "Instead", "Indeed",  "Thus",     "Therefore", "Because", "Until",
    "During",   "From",     "By",      "To",      "Under",    "Over",    "More",    "Few",
    "Several",  "Every",    "Any",     "Nor",     "Even",     "Only",    "Just",    "Among"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

bool is_period(char32_t cp) { return cp == U'.' || cp == U'\uFF0E' || cp == U'\uFE52'; }

bool is_opener(char32_t cp) {
  if (cp == U'"' || cp == U'\'' || cp == U'¿' || cp == U'¡') return true;
  int8_t t = u_charType(cp);
  return t == U_START_PUNCTUATION || t == U_INITIAL_PUNCTUATION || t == U_FINAL_PUNCTUATION;
}

bool is_cased_letter(char32_t cp) { return u_isupper(cp) || u_islower(cp) || u_istitle(cp); }
bool is_uncased_letter(char32_t cp) { return u_isalpha(cp) && !is_cased_letter(cp); }

bool is_arabic_letter(char32_t cp) {
  UErrorCode st = U_ZERO_ERROR;
  return u_isalpha(cp) && uscript_getScript(cp, &st) == USCRIPT_ARABIC;
}

// "U.S", "a.m", "Ph.D", "D.C": two or more runs of 1-2 letters joined by
// single periods (the final period is not part of `w`).
bool is_initialism(std::string_view w) {
  std::size_t i = 0;
  int runs = 0, run_len = 0;
  while (i < w.size()) {
    char32_t c = next_cp(w, i);
    if (is_period(c)) {
      if (run_len == 0 || run_len > 2) return false;
      ++runs;
      run_len = 0;
    } else if (u_isalpha(c)) {
      ++run_len;
    } else {
      return false;
    }
  }
  if (run_len == 0 || run_len > 2) return false;
  return runs + 1 >= 2;
}

// Arabic abbreviation: one Arabic letter, possibly followed by tatweel
// ("د", "أ", "م", "هـ"), or letters joined by periods ("أ.د", "ص.ب").
enum class ArabicAbbrev { kNone, kLetter, kDotted };
ArabicAbbrev arabic_abbrev(std::string_view w) {
  std::size_t i = 0, letters = 0;
  bool dotted = false;
  while (i < w.size()) {
    char32_t c = next_cp(w, i);
    if (c == U'\u0640') continue;  // tatweel
    if (is_period(c)) {
      dotted = true;
      continue;
    }
    if (!is_arabic_letter(c)) return ArabicAbbrev::kNone;
    ++letters;
  }
  if (letters == 1 && !dotted) return ArabicAbbrev::kLetter;
  if (dotted && letters >= 2 && letters <= 4) return ArabicAbbrev::kDotted;
  // "هـ" (hijri year) is two letters but one abbreviation.
  if (w == "\u0647\u0640") return ArabicAbbrev::kLetter;
  return ArabicAbbrev::kNone;
}

// Everything the rules need to know about the right side of a candidate.
struct Next {
  char32_t first = 0;         // first code point of the next word (0 = none)
  bool quoted = false;        // the next sentence opens with a quote/bracket
  std::string_view word;      // the next word's letters, e.g. "The"
};

Next look_right(std::string_view s, std::size_t b) {
  Next n;
  std::size_t i = b;
  for (int k = 0; k < kMaxClosers && i < s.size(); ++k) {
    std::size_t j = i;
    char32_t c = next_cp(s, j);
    if (!is_opener(c)) break;
    n.quoted = true;
    i = j;
  }
  if (i >= s.size()) return n;
  std::size_t j = i;
  n.first = next_cp(s, j);
  std::size_t end = i;
  for (int k = 0; k < kMaxScan && end < s.size(); ++k) {
    std::size_t m = end;
    char32_t c = next_cp(s, m);
    if (!u_isalpha(c)) break;
    end = m;
  }
  n.word = s.substr(i, end - i);
  return n;
}

// Byte offset where the token that ends at byte `p` starts: back to white
// space or an opening mark ("(Mr" -> "Mr", "U.S" stays whole).
std::size_t token_begin(std::string_view s, std::size_t p) {
  std::size_t wb = p;
  for (int k = 0; k < kMaxScan && wb > 0; ++k) {
    std::size_t j = wb;
    char32_t c = prev_cp(s, j);
    if (is_space(c) || is_opener(c) || c == U'/' || c == U'-') break;
    wb = j;
  }
  return wb;
}

// Whether the period at byte `p` ends an abbreviation rather than a sentence.
bool abbreviation_blocks(std::string_view s, std::size_t p, const Next& next) {
  std::size_t wb = token_begin(s, p);
  std::string_view w = s.substr(wb, p - wb);
  if (w.empty()) return false;
  std::size_t i = 0;
  char32_t first = next_cp(w, i);
  if (u_isdigit(first)) return false;  // "in 2019." ends a sentence

  bool next_digit = u_isdigit(next.first);
  if (in(kTitles, w)) return true;
  if (in(kAlwaysAbbrev, w)) return true;
  if (in(kBeforeNumber, w)) return next_digit;

  switch (arabic_abbrev(w)) {
    case ArabicAbbrev::kDotted:
    case ArabicAbbrev::kLetter: {
      // "د. فورد" (doctor), "أ. محمد" (professor), "أ.د. سمير" precede a
      // name; but the era markers after a year ("عام 1990 م.", "300 ق.م.",
      // "1440 هـ.") may well end the sentence.
      std::size_t j = wb;
      for (int k = 0; k < 4 && j > 0; ++k) {
        std::size_t m = j;
        char32_t c = prev_cp(s, m);
        if (!is_space(c)) return !u_isdigit(c);
        j = m;
      }
      return true;
    }
    case ArabicAbbrev::kNone:
      break;
  }

  bool single_capital = cp_count(w) == 1 && u_isupper(first);
  if (in(kAmbiguous, w) || is_initialism(w) || single_capital) {
    // A capitalized non-starter word continues the sentence ("U.S. Navy",
    // "W. Bush"); a starter, a quote or a letter of another script does not.
    if (next.quoted || is_uncased_letter(next.first)) return false;
    if (u_isupper(next.first) || u_istitle(next.first)) return !in(kStarters, next.word);
    return true;
  }
  return false;
}

}  // namespace

bool is_space(char32_t cp) { return u_isUWhiteSpace(cp) || cp == U'\u200B' || cp == U'\uFEFF'; }

bool is_closer(char32_t cp) {
  if (cp == U'"' || cp == U'\'') return true;
  int8_t t = u_charType(cp);
  return t == U_END_PUNCTUATION || t == U_FINAL_PUNCTUATION || t == U_INITIAL_PUNCTUATION;
}

bool is_strong_terminator(char32_t cp) {
  switch (cp) {
    case U'!': case U'?': case U'\u061F':  // ؟ Arabic question mark
    case U'\u06D4':                          // ۔ Arabic full stop
    case U'\u203C': case U'\u2047': case U'\u2048': case U'\u2049':
    case U'\u3002': case U'\uFF01': case U'\uFF1F': case U'\uFF61':
      return true;
    default:
      return false;
  }
}

char32_t prev_cp(std::string_view s, std::size_t& i) {
  std::size_t j = i - 1;
  while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
  std::size_t k = j;
  char32_t c = next_cp(s, k);
  i = j;
  return c;
}

bool ends_with_terminator(std::string_view s) {
  std::size_t i = s.size();
  for (int k = 0; k <= kMaxClosers && i > 0; ++k) {
    char32_t c = prev_cp(s, i);
    if (is_strong_terminator(c) || is_period(c) || c == kEllipsis) return true;
    if (!is_closer(c)) return false;
  }
  return false;
}

bool accept_boundary(std::string_view s, std::size_t b) {
  // Left side: back over white space, then closing quotes/brackets.
  std::size_t e = b;
  char32_t c = 0;
  int k = 0;
  for (; k < kMaxScan && e > 0; ++k) {
    std::size_t j = e;
    c = prev_cp(s, j);
    if (!is_space(c)) break;
    e = j;
  }
  if (k == kMaxScan) return true;  // a long gap of white space: trust ICU
  bool space_after = e < b;
  std::size_t t = e;
  for (k = 0; k < kMaxClosers && t > 0; ++k) {
    std::size_t j = t;
    c = prev_cp(s, j);
    if (!is_closer(c)) break;
    t = j;
  }
  if (t == 0) return true;
  std::size_t p = t;
  c = prev_cp(s, p);  // the terminator, at byte p

  Next next = look_right(s, b);
  bool ellipsis = c == kEllipsis;
  if (is_period(c) && p > 0) {
    std::size_t j = p;
    ellipsis = is_period(prev_cp(s, j));  // "..."
  }
  if (!space_after) {
    // Edited text puts a space after a sentence. Without one, "3.5", "U.S.A",
    // "bbc.Com", "...etc" are no boundaries; Arabic text does drop that space
    // after a stop ("انتهى.وقال"), so a boundary stays before an uncased letter.
    if (ellipsis || !is_uncased_letter(next.first)) return false;
    // Nor inside a dotted Arabic abbreviation ("ق.م", "أ.د", "ص.ب").
    if (is_period(c)) {
      std::size_t wb = token_begin(s, p);
      if (arabic_abbrev(s.substr(wb, p - wb)) != ArabicAbbrev::kNone) return false;
    }
  }
  bool next_lower = u_islower(next.first);
  if (is_strong_terminator(c) || ellipsis) return !next_lower;
  if (!is_period(c)) return true;  // ICU's own reasons (e.g. U+2029)
  if (next_lower) return false;
  return !abbreviation_blocks(s, p, next);
}

// The byte after the white space (at most kMaxScan code points) at byte i.
std::size_t skip_spaces(std::string_view s, std::size_t i) {
  for (int k = 0; k < kMaxScan && i < s.size(); ++k) {
    std::size_t j = i;
    if (!is_space(next_cp(s, j))) break;
    i = j;
  }
  return i;
}

// Bytes searched back from a closing quote for its opening quote.
constexpr std::size_t kMaxQuoteBytes = 1200;
// Words a quotation needs to stand as a sentence's end.
constexpr int kMinQuoteWords = 4;

// The code point before the white space (at most kMaxScan code points)
// that ends at byte i; 0 when there is none.
char32_t prev_non_space(std::string_view s, std::size_t i) {
  for (int k = 0; k <= kMaxScan && i > 0; ++k) {
    char32_t c = prev_cp(s, i);
    if (!is_space(c)) return c;
  }
  return 0;
}

// A quotation introduced by a colon and closed without a stop inside, as
// Arabic news ends a sentence (وقال: "كان ذلك شيئا جيدا للغاية" وأضاف ...):
// true if the quote mark at byte `close` closes one. Looks back at most
// kMaxQuoteBytes for the opening quote; the nearest quote mark before the
// closing one must be it, right after a colon, with enough words between and
// no colon, comma or terminator at the end of the quoted text (those
// continue the sentence, or ICU already proposed the boundary).
bool closes_colon_quotation(std::string_view s, std::size_t close) {
  std::size_t i = close;
  if (i == 0) return false;
  std::size_t j = i;
  const char32_t last = prev_cp(s, j);  // the quoted text's last character
  if (last == U':' || last == U',' || last == U'\u060C' || last == U'\u061B' || last == U';' ||
      is_strong_terminator(last) || is_period(last) || last == kEllipsis || is_space(last)) {
    return false;
  }
  const std::size_t limit = close > kMaxQuoteBytes ? close - kMaxQuoteBytes : 0;
  int spaces = 0;  // runs of white space inside the quotation
  bool prev_space = false;
  while (i > limit) {
    char32_t c = prev_cp(s, i);
    if (c == U'\u201D' || c == U'\u00BB') return false;  // another closing quote first
    if (c == U'"' || c == U'\u201C' || c == U'\u00AB') {
      return prev_non_space(s, i) == U':' && spaces + 1 >= kMinQuoteWords;
    }
    bool sp = is_space(c);
    if (sp && !prev_space) ++spaces;
    prev_space = sp;
  }
  return false;
}

std::size_t next_extra_candidate(std::string_view s, std::size_t from) {
  static constexpr std::string_view kEllipsisUtf8 = "\u2026";
  static constexpr std::string_view kRightDoubleQuote = "\u201D", kRightGuillemet = "\u00BB";
  for (std::size_t at = from; at < s.size(); ++at) {
    std::size_t i;
    bool ellipsis;
    std::size_t quote_len = 0;
    if (s[at] == '"') quote_len = 1;
    else if (s.compare(at, kRightDoubleQuote.size(), kRightDoubleQuote) == 0) quote_len = kRightDoubleQuote.size();
    else if (s.compare(at, kRightGuillemet.size(), kRightGuillemet) == 0) quote_len = kRightGuillemet.size();
    if (quote_len > 0) {
      // A boundary after a colon-introduced quotation, before an uncased
      // letter (Arabic): ". 'He left' he said" stays one sentence in cased
      // scripts, and there a capital after the quote is what ICU goes by.
      std::size_t spaces_begin = at + quote_len;
      i = skip_spaces(s, spaces_begin);
      if (i == spaces_begin || i >= s.size()) continue;
      std::size_t j = i;
      if (is_uncased_letter(next_cp(s, j)) && closes_colon_quotation(s, at)) return i;
      continue;
    }
    if (s[at] == '.') {
      i = at + 1;
      ellipsis = false;
    } else if (s[at] == kEllipsisUtf8[0] && s.compare(at, kEllipsisUtf8.size(), kEllipsisUtf8) == 0) {
      i = at + kEllipsisUtf8.size();
      ellipsis = true;
    } else {
      continue;
    }
    for (int k = 0; k < kMaxClosers && i < s.size(); ++k) {
      std::size_t j = i;
      if (!is_closer(next_cp(s, j))) break;
      i = j;
    }
    std::size_t spaces_begin = i;
    i = skip_spaces(s, i);
    if (i == spaces_begin || i >= s.size()) continue;
    if (ellipsis) return i;
    // ICU (rule SB8) joins ". 2014 was" because the next letter is
    // lowercase; a sentence may well start with a number.
    std::size_t j = i;
    if (u_isdigit(next_cp(s, j))) return i;
  }
  return s.size();
}

}  // namespace muwazi::text::segment_internal
