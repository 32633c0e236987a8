// Loading one side of a document pair from a file.
#ifndef MUWAZI_ALIGN_DOCUMENT_IO_H_
#define MUWAZI_ALIGN_DOCUMENT_IO_H_

#include <string>

#include "align/aligner.h"

namespace muwazi::align {

// Reads `path` ("-" = stdin) as clean text (text/input.h) and splits it:
// presplit: one sentence per line, blank lines mark paragraph breaks;
// otherwise text::segment() with `lang`. Throws muwazi::Error.
Document read_document(const std::string& path, const std::string& lang, bool presplit);

// Same, from text already cleaned (for tests and callers with text in memory).
Document make_document(std::string_view clean_text, const std::string& lang, bool presplit);

// Reads a bilingual dictionary: one "source<TAB>target" pair per line, or
// "source<TAB>target<TAB>score" as `muwazi tm lexicon` writes it (blank lines and lines starting with # ignored; several targets for one
// source are several lines). Words are kept as written; the aligner folds
// them (align/features.h, lexicon_key_of).
// Errors name the file and line.
Dictionary read_dictionary(const std::string& path);
// The same from clean text (text::clean_text), errors naming `path`.
Dictionary parse_dictionary(std::string_view clean_text, const std::string& path);

}  // namespace muwazi::align

#endif  // MUWAZI_ALIGN_DOCUMENT_IO_H_
