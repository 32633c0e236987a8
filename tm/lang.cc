#include "tm/lang.h"

#include <unicode/locid.h>

#include <cctype>

#include "text/error.h"

namespace muwazi::tm {

std::string lower_tag(std::string_view tag) {
  std::string out(tag);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_known_language_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 64) return false;
  // Syntax: subtags of 1-8 ASCII letters/digits separated by '-' (or '_',
  // which some TMX writers use); the first one 2-3 letters.
  std::size_t start = 0;
  bool first = true;
  while (start <= tag.size()) {
    std::size_t end = tag.find_first_of("-_", start);
    if (end == std::string_view::npos) end = tag.size();
    std::size_t len = end - start;
    if (len < 1 || len > 8) return false;
    for (std::size_t i = start; i < end; ++i) {
      unsigned char c = static_cast<unsigned char>(tag[i]);
      if (!std::isalnum(c)) return false;
      if (first && !std::isalpha(c)) return false;
    }
    if (first && (len < 2 || len > 3)) return false;
    first = false;
    start = end + 1;
    if (end == tag.size()) break;
  }
  std::string lang = lower_tag(tag.substr(0, tag.find_first_of("-_")));
  icu::Locale loc(lang.c_str());
  const char* iso3 = loc.getISO3Language();
  return iso3 != nullptr && iso3[0] != '\0';
}

void check_language_tag(std::string_view tag, const std::string& what, bool usage) {
  if (is_known_language_tag(tag)) return;
  std::string msg = what + ": unknown language tag '" + std::string(tag) +
                    "' (expected a BCP-47 tag such as ar, en, ar-SA)";
  if (usage) throw Error::Usage(msg);
  throw Error::Input(msg);
}

bool lang_matches(std::string_view filter, std::string_view tag) {
  if (filter.empty()) return true;
  if (tag.size() < filter.size()) return false;
  for (std::size_t i = 0; i < filter.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(filter[i])) != std::tolower(static_cast<unsigned char>(tag[i])))
      return false;
  }
  return tag.size() == filter.size() || tag[filter.size()] == '-' || tag[filter.size()] == '_';
}

}  // namespace muwazi::tm
