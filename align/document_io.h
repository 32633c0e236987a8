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

}  // namespace muwazi::align

#endif  // MUWAZI_ALIGN_DOCUMENT_IO_H_
