// Reading user text files: the one place where bytes become validated text.
#ifndef MUWAZI_TEXT_INPUT_H_
#define MUWAZI_TEXT_INPUT_H_

#include <string>
#include <string_view>

namespace muwazi::text {

// Reads all bytes of `path` ("-" = stdin). Throws Error::Io for a missing,
// unreadable or non-regular file (directory), naming the path.
std::string read_file_bytes(const std::string& path);

// Turns raw bytes into clean text: rejects UTF-16/32 (by BOM or NUL pattern)
// and binary data (NUL bytes), validates UTF-8 (error names `name`, the line
// and the byte offset), strips a UTF-8 BOM, converts CRLF and lone CR to LF,
// and NFC-normalizes. Throws Error::Input.
std::string clean_text(std::string_view bytes, std::string_view name);

// read_file_bytes + clean_text.
std::string read_text_file(const std::string& path);

}  // namespace muwazi::text

#endif  // MUWAZI_TEXT_INPUT_H_
