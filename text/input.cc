#include "text/input.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "text/error.h"
#include "text/utf8.h"

namespace muwazi::text {

std::string read_file_bytes(const std::string& path) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    throw Error::Io(path + ": cannot open: " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) throw Error::Io(path + ": is a directory");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw Error::Io(path + ": cannot open: " + std::strerror(errno));
  std::string out;
  if (S_ISREG(st.st_mode) && st.st_size > 0) out.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  bool err = std::ferror(f);
  std::fclose(f);
  if (err) throw Error::Io(path + ": read error");
  return out;
}

std::string clean_text(std::string_view bytes, std::string_view name) {
  const std::string where(name);
  if (bytes.size() >= 2) {
    unsigned char b0 = bytes[0], b1 = bytes[1];
    if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) {
      throw Error::Input(where + ": UTF-16 text (byte-order mark); convert it to UTF-8 first");
    }
  }
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xEF &&
      static_cast<unsigned char>(bytes[1]) == 0xBB && static_cast<unsigned char>(bytes[2]) == 0xBF) {
    bytes.remove_prefix(3);
  }
  std::size_t nul = bytes.find('\0');
  if (nul != std::string_view::npos) {
    // Many NULs at alternating positions: UTF-16 without BOM.
    std::size_t line = 1;
    for (std::size_t i = 0; i < nul; ++i) line += bytes[i] == '\n';
    bool utf16 = bytes.size() >= 4 && (bytes[1] == '\0' || bytes[0] == '\0') &&
                 (bytes[3] == '\0' || bytes[2] == '\0');
    if (utf16) {
      throw Error::Input(where + ": looks like UTF-16 text without byte-order mark; convert it to UTF-8 first");
    }
    throw Error::Input(where + ":" + std::to_string(line) + ": byte " + std::to_string(nul) +
                       ": NUL byte: binary data, not text");
  }
  std::size_t bad = find_invalid_utf8(bytes);
  if (bad != kNpos) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < bad; ++i) line += bytes[i] == '\n';
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(bytes[bad]));
    throw Error::Input(where + ":" + std::to_string(line) + ": byte " + std::to_string(bad) +
                       ": invalid UTF-8 (" + hex + ")");
  }
  std::string lf;
  lf.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (c == '\r') {
      lf.push_back('\n');
      if (i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
    } else {
      lf.push_back(c);
    }
  }
  return to_nfc(lf);
}

std::string read_text_file(const std::string& path) {
  return clean_text(read_file_bytes(path), path == "-" ? "<stdin>" : path);
}

}  // namespace muwazi::text
