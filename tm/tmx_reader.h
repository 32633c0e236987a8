// Streaming TMX reader (libxml2 xmlTextReader): TMX 1.4b and 1.1-1.3
// (`lang` as well as `xml:lang`), UTF-8, UTF-16 LE/BE with BOM and any
// encoding the XML declaration names that libxml2 knows (ISO-8859-1, ...).
// Memory stays flat: one tu at a time. No DTD or network access, no entity
// substitution (entity references in text are an error).
//
// A tu becomes units as follows: the source tuv is the first one in the
// preferred source language (TmxReadOptions::src_lang, else the tu's
// srclang, else the header's srclang), or the first tuv; every other tuv in
// another language (and in tgt_lang, when given) makes one unit with it. So
// a tu with en, fr and de (srclang en) gives en-fr and en-de.
//
// Inline codes (bpt ept it ph ut hi sub) are kept as Segment::markup; the
// plain text is the seg's text outside codes (hi content included, code
// content and sub-flows excluded).
#ifndef MUWAZI_TM_TMX_READER_H_
#define MUWAZI_TM_TMX_READER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "tm/unit.h"

namespace muwazi::tm {

struct TmxReadOptions {
  std::string src_lang;  // "" = tu srclang / header srclang / first tuv
  std::string tgt_lang;  // "" = every other language
};

struct TmxReadStats {
  std::int64_t tus = 0;
  std::int64_t units = 0;
  std::int64_t skipped_tus = 0;  // fewer than two languages, or no src_lang tuv
  std::int64_t empty_segments = 0;  // units dropped because a side was empty
  std::string sha256;  // of the file's bytes
};

// Calls on_unit for every unit, in file order. Throws Error::Input
// "PATH:LINE: reason" for malformed XML or TMX, Error::Io when unreadable.
TmxReadStats read_tmx(const std::string& path, const TmxReadOptions& options,
                      const std::function<void(Unit&&)>& on_unit);

// The content of a TMX <seg> ("Press <ph x=\"1\">&lt;br/></ph> now", as a
// query with inline codes is given): its plain text and markup, by the rules
// above; `lang` stays empty. Throws Error::Input naming `what`.
Segment parse_seg(std::string_view content, const std::string& what);

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_TMX_READER_H_
