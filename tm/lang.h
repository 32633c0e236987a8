// BCP-47 language tags: validation and case-insensitive matching.
#ifndef MUWAZI_TM_LANG_H_
#define MUWAZI_TM_LANG_H_

#include <string>
#include <string_view>

namespace muwazi::tm {

// true when `tag` is a well-formed BCP-47 tag whose language subtag ICU
// knows (ISO 639): "ar", "AR", "ar-SA", "en-us", "zh-Hant-TW". Case is
// ignored. Private-use tags ("x-foo") and "*all*" are not unit languages.
bool is_known_language_tag(std::string_view tag);

// Throws Error::Input (or Error::Usage when `usage`) naming the tag unless
// is_known_language_tag(tag). `what` says where it came from ("--src-lang").
void check_language_tag(std::string_view tag, const std::string& what, bool usage);

// Lower-cased tag ("AR-sa" -> "ar-sa").
std::string lower_tag(std::string_view tag);

// RFC 4647 basic filtering, case-insensitive: "ar" matches "ar", "AR",
// "ar-SA"; "ar-SA" matches "ar-sa" but not "ar". An empty filter matches
// everything.
bool lang_matches(std::string_view filter, std::string_view tag);

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_LANG_H_
