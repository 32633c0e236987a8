#include "text/numbers.h"

#include <unicode/uchar.h>

#include <cstdint>
#include <string>
#include <unordered_map>

#include "text/utf8.h"

namespace muwazi::text {

namespace {

bool comma_decimal_lang(std::string_view lang) {
  static const char* kLangs[] = {"de", "fr", "es", "it", "pt", "nl", "ru", "tr", "id", "pl",
                                 "cs", "sv", "da", "no", "nb", "fi", "ro", "el", "uk", "hu"};
  for (const char* l : kLangs) {
    if (lang == l) return true;
  }
  return false;
}

std::string strip_fraction_zeros(std::string s) {
  auto dot = s.find('.');
  if (dot == std::string::npos) return s;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// English number words: value, and whether it multiplies (hundred...).
struct NumWord {
  std::int64_t value;
  bool multiplier;
};

const std::unordered_map<std::string, NumWord>& english_words() {
  static const std::unordered_map<std::string, NumWord> m = {
      {"two", {2, false}},        {"three", {3, false}},     {"four", {4, false}},
      {"five", {5, false}},       {"six", {6, false}},       {"seven", {7, false}},
      {"eight", {8, false}},      {"nine", {9, false}},      {"ten", {10, false}},
      {"eleven", {11, false}},    {"twelve", {12, false}},   {"thirteen", {13, false}},
      {"fourteen", {14, false}},  {"fifteen", {15, false}},  {"sixteen", {16, false}},
      {"seventeen", {17, false}}, {"eighteen", {18, false}}, {"nineteen", {19, false}},
      {"twenty", {20, false}},    {"thirty", {30, false}},   {"forty", {40, false}},
      {"fifty", {50, false}},     {"sixty", {60, false}},    {"seventy", {70, false}},
      {"eighty", {80, false}},    {"ninety", {90, false}},   {"hundred", {100, true}},
      {"thousand", {1000, true}}, {"million", {1000000, true}}, {"billion", {1000000000, true}},
      {"dozen", {12, false}},
  };
  return m;
}

// Arabic number words after fold_arabic (ة->ه, أ->ا, ى->ي, ئ->ي). The
// keys below are folded once more when the table is built: مئة and مائتين
// are written here with ئ, which tokens never contain.
const std::unordered_map<std::string, NumWord>& arabic_words() {
  static const std::unordered_map<std::string, NumWord> m = [] {
    const std::unordered_map<std::string, NumWord> written = {
      {"اثنان", {2, false}},   {"اثنين", {2, false}},   {"اثنتان", {2, false}},  {"اثنتين", {2, false}},
      {"ثلاث", {3, false}},    {"ثلاثه", {3, false}},   {"اربع", {4, false}},    {"اربعه", {4, false}},
      {"خمس", {5, false}},     {"خمسه", {5, false}},    {"سته", {6, false}},     {"ست", {6, false}},
      {"سبع", {7, false}},     {"سبعه", {7, false}},    {"ثماني", {8, false}},   {"ثمانيه", {8, false}},
      {"ثمان", {8, false}},    {"تسع", {9, false}},     {"تسعه", {9, false}},    {"عشر", {10, false}},
      {"عشره", {10, false}},   {"احدي", {1, false}},    {"احد", {1, false}},     {"اثني", {2, false}},
      {"عشرون", {20, false}},  {"عشرين", {20, false}},  {"ثلاثون", {30, false}}, {"ثلاثين", {30, false}},
      {"اربعون", {40, false}}, {"اربعين", {40, false}}, {"خمسون", {50, false}},  {"خمسين", {50, false}},
      {"ستون", {60, false}},   {"ستين", {60, false}},   {"سبعون", {70, false}},  {"سبعين", {70, false}},
      {"ثمانون", {80, false}}, {"ثمانين", {80, false}}, {"تسعون", {90, false}},  {"تسعين", {90, false}},
      {"مائه", {100, true}},   {"مئه", {100, true}},    {"مائتين", {200, false}}, {"مئتين", {200, false}},
      {"مائتان", {200, false}}, {"مئتان", {200, false}}, {"الف", {1000, true}},  {"الاف", {1000, true}},
      {"الفين", {2000, false}}, {"الفان", {2000, false}}, {"مليون", {1000000, true}},
      {"ملايين", {1000000, true}}, {"مليار", {1000000000, true}}, {"مليارات", {1000000000, true}},
    };
    std::unordered_map<std::string, NumWord> folded;
    for (const auto& [k, v] : written) folded.emplace(fold_arabic(k), v);
    return folded;
  }();
  return m;
}

// Strips Arabic proclitics that attach to number words: و (and), ال, ب, ل.
const NumWord* lookup_arabic(std::string_view w, bool* had_waw) {
  const auto& m = arabic_words();
  *had_waw = false;
  bool article = false;
  for (int pass = 0; pass < 3; ++pass) {
    auto it = m.find(std::string(w));
    // With the article, hundreds are "per cent" (في المئة) or part of an
    // ordinal (المادة العشرين بعد المائتين = Article 220), not 100 or 200.
    if (it != m.end() && article && (it->second.value == 100 || it->second.value == 200)) return nullptr;
    if (it != m.end()) return &it->second;
    if (pass == 0 && w.rfind("و", 0) == 0 && w.size() > 4) {
      w.remove_prefix(2);  // "و" is 2 bytes
      *had_waw = true;
      continue;
    }
    if (w.rfind("ال", 0) == 0 && w.size() > 6) {
      w.remove_prefix(4);
      article = true;
      continue;
    }
    break;
  }
  return nullptr;
}

// Accumulates a run of number words into a value, the usual way:
// total += current at each multiplier >= 1000.
struct WordNumber {
  std::int64_t total = 0;
  std::int64_t current = 0;
  int words = 0;
  void add(const NumWord& w) {
    if (w.multiplier) {
      if (current == 0) current = 1;
      current *= w.value;
      if (w.value >= 1000) {
        total += current;
        current = 0;
      }
    } else {
      current += w.value;
    }
    ++words;
  }
  std::int64_t value() const { return total + current; }
};

}  // namespace

std::string canonical_number(std::string_view s, bool comma_decimal) {
  // Collect digit groups and the separators between them.
  std::string digits;
  std::string groups_sep;  // one char per separator: ',', '.', 'd' (٫), 't' (٬)
  std::vector<std::size_t> group_len;
  std::size_t i = 0, cur = 0;
  while (i < s.size()) {
    char32_t cp = next_cp(s, i);
    int32_t d = u_charDigitValue(static_cast<UChar32>(cp));
    if (d >= 0 && d <= 9) {
      digits.push_back(static_cast<char>('0' + d));
      ++cur;
      continue;
    }
    group_len.push_back(cur);
    cur = 0;
    char sep = cp == ',' ? ',' : cp == '.' ? '.' : cp == 0x066B ? 'd' : cp == 0x066C ? 't' : ',';
    groups_sep.push_back(sep);
    digits.push_back('|');
  }
  group_len.push_back(cur);
  // Decide for each separator: thousands (drop) or decimal ('.').
  std::string out;
  std::size_t g = 0;
  for (char c : digits) {
    if (c != '|') {
      out.push_back(c);
      continue;
    }
    char sep = groups_sep[g];
    bool three_after = group_len[g + 1] == 3;
    bool decimal;
    if (sep == 'd') {
      decimal = true;  // ٫ Arabic decimal separator
    } else if (sep == 't') {
      decimal = false;  // ٬ Arabic thousands separator
    } else if (sep == ',') {
      decimal = comma_decimal || !three_after;
    } else {  // '.'
      // "1.000" is a thousand in German but one in English; "1.000.000"
      // (several dots) is a million everywhere.
      decimal = comma_decimal ? !three_after : groups_sep.size() == 1 || !three_after;
    }
    if (decimal) out.push_back('.');
    ++g;
  }
  // Drop leading zeros only for values like "0.5"; keep "007".
  return strip_fraction_zeros(out);
}

std::vector<std::string> extract_numbers(std::string_view s, const std::vector<Token>& tokens,
                                         std::string_view lang) {
  std::vector<std::string> out;
  const bool comma_dec = comma_decimal_lang(lang);
  // 1. Digit runs with inner separators (a separator must sit between digits).
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    char32_t cp = next_cp(s, i);
    if (u_charDigitValue(static_cast<UChar32>(cp)) < 0 || !u_isdigit(static_cast<UChar32>(cp))) continue;
    std::size_t end = i;
    while (end < s.size()) {
      std::size_t k = end;
      char32_t c2 = next_cp(s, k);
      if (u_isdigit(static_cast<UChar32>(c2))) {
        end = k;
        continue;
      }
      if (c2 == ',' || c2 == '.' || c2 == 0x066B || c2 == 0x066C) {
        if (k < s.size()) {
          std::size_t k2 = k;
          char32_t c3 = next_cp(s, k2);
          if (u_isdigit(static_cast<UChar32>(c3))) {
            end = k;
            continue;
          }
        }
      }
      break;
    }
    out.push_back(canonical_number(s.substr(start, end - start), comma_dec));
    i = end;
  }
  // 2. Number words.
  const bool arabic = lang == "ar";
  const bool english = lang == "en";
  if (!arabic && !english) return out;
  WordNumber acc;
  auto flush = [&]() {
    if (acc.words > 0 && acc.value() > 0) out.push_back(std::to_string(acc.value()));
    acc = WordNumber();
  };
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    const Token& tok = tokens[t];
    const NumWord* w = nullptr;
    bool had_waw = false;
    if (english && tok.script == Script::kLatin) {
      if (tok.text == "and" && acc.words > 0) continue;  // "two hundred and five"
      auto dash = tok.text.find('-');                     // "twenty-five"
      if (dash != std::string::npos) {
        const auto& m = english_words();
        auto a = m.find(tok.text.substr(0, dash));
        auto b = m.find(tok.text.substr(dash + 1));
        if (a != m.end() && b != m.end()) {
          flush();
          acc.add(a->second);
          acc.add(b->second);
          flush();
          continue;
        }
      }
      auto it = english_words().find(tok.text);
      if (it != english_words().end()) w = &it->second;
    } else if (arabic && tok.script == Script::kArabic) {
      w = lookup_arabic(tok.text, &had_waw);
    } else if (tok.script == Script::kDigit && t + 1 < tokens.size()) {
      // "3 million" is already the digit 3; the multiplier word is ignored.
      flush();
      continue;
    }
    if (!w) {
      flush();
      continue;
    }
    // Arabic "خمسة عشر" = 15: a unit followed by عشر adds ten.
    if (arabic && w->value == 10 && !w->multiplier && acc.words > 0 && acc.current > 0 &&
        acc.current < 10 && !had_waw) {
      acc.current += 10;
      ++acc.words;
      continue;
    }
    if (acc.words > 0 && !w->multiplier && !had_waw && !english) flush();
    if (english && acc.words > 0 && !w->multiplier && acc.current % 100 != 0 &&
        acc.current % 10 == 0 && w->value >= 10) flush();
    acc.add(*w);
  }
  flush();
  return out;
}

}  // namespace muwazi::text
