#include "align/beads_io.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>

#include "text/error.h"
#include "text/input.h"

namespace muwazi::align {

namespace {

// The parser works on bytes so that it never misbehaves on invalid UTF-8
// (parse_beads() may get arbitrary bytes from a fuzzer); the multi-byte
// characters below are matched as UTF-8 byte sequences.

bool starts_with_at(std::string_view s, std::size_t i, std::string_view what) {
  return s.size() - i >= what.size() && s.compare(i, what.size(), what) == 0;
}

// Byte length of the Python-whitespace character (str.isspace(), which is
// also what re's \s and str.strip() use) starting at s[i], or 0.
std::size_t ws_len(std::string_view s, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F)) return 1;
  if (c == 0xC2 && (starts_with_at(s, i, "\xC2\x85") || starts_with_at(s, i, "\xC2\xA0"))) return 2;
  if (c == 0xE1 && starts_with_at(s, i, "\xE1\x9A\x80")) return 3;  // U+1680
  if (c == 0xE2 && s.size() - i >= 3) {
    unsigned char b1 = static_cast<unsigned char>(s[i + 1]);
    unsigned char b2 = static_cast<unsigned char>(s[i + 2]);
    if (b1 == 0x80 && (b2 <= 0x8A || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF)) {
      return 3;  // U+2000..U+200A, U+2028, U+2029, U+202F
    }
    if (b1 == 0x81 && b2 == 0x9F) return 3;  // U+205F
  }
  if (c == 0xE3 && starts_with_at(s, i, "\xE3\x80\x80")) return 3;  // U+3000
  return 0;
}

// Byte length of a whitespace character that ends `s`, or 0.
std::size_t trailing_ws_len(std::string_view s) {
  for (std::size_t n = 1; n <= 3 && n <= s.size(); ++n) {
    std::size_t i = s.size() - n;
    if (ws_len(s, i) == n) return n;
  }
  return 0;
}

std::string_view strip(std::string_view s) {
  std::size_t n;
  while (!s.empty() && (n = ws_len(s, 0)) > 0) s.remove_prefix(n);
  while (!s.empty() && (n = trailing_ws_len(s)) > 0) s.remove_suffix(n);
  return s;
}

std::size_t skip_ws(std::string_view s, std::size_t i) {
  std::size_t n;
  while (i < s.size() && (n = ws_len(s, i)) > 0) i += n;
  return i;
}

// Byte length of the line break at s[i] as Python's str.splitlines() sees
// it (\n, \r, \r\n, \v, \f, \x1c-\x1e, U+0085, U+2028, U+2029), or 0.
std::size_t line_break_len(std::string_view s, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == '\r') return starts_with_at(s, i, "\r\n") ? 2 : 1;
  if (c == '\n' || c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1E)) return 1;
  if (starts_with_at(s, i, "\xC2\x85")) return 2;
  if (starts_with_at(s, i, "\xE2\x80\xA8") || starts_with_at(s, i, "\xE2\x80\xA9")) return 3;
  return 0;
}

// Value of the decimal digit at s[i] and its byte length in `len`, or -1.
// Python's str.isdigit() + int() accept every Unicode decimal digit; we
// accept the ones an Arabic/English toolchain can produce: ASCII, Arabic-
// Indic (U+0660..U+0669) and Extended Arabic-Indic (U+06F0..U+06F9).
int digit_at(std::string_view s, std::size_t i, std::size_t& len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c >= '0' && c <= '9') {
    len = 1;
    return c - '0';
  }
  if ((c == 0xD9 || c == 0xDB) && s.size() - i >= 2) {
    unsigned char b = static_cast<unsigned char>(s[i + 1]);
    if (c == 0xD9 && b >= 0xA0 && b <= 0xA9) {
      len = 2;
      return b - 0xA0;
    }
    if (c == 0xDB && b >= 0xB0 && b <= 0xB9) {
      len = 2;
      return b - 0xB0;
    }
  }
  return -1;
}

// A Python-repr-like quoting of a line for error messages.
std::string quoted(std::string_view line) {
  constexpr std::size_t kMax = 80;
  std::string out = "'";
  for (std::size_t i = 0; i < line.size() && i < kMax; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c == '\'' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (line.size() > kMax) out += "...";
  out += "'";
  return out;
}

std::vector<int> parse_ids(std::string_view text, const std::string& where) {
  std::vector<int> ids;
  text = strip(text);
  if (text.empty()) return ids;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    std::string_view part =
        strip(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    long long value = 0;
    bool ok = !part.empty();
    for (std::size_t i = 0, len = 0; ok && i < part.size(); i += len) {
      int d = digit_at(part, i, len);
      if (d < 0) {
        ok = false;
      } else {
        value = value * 10 + d;
        if (value > std::numeric_limits<int>::max()) {
          throw Error::Input(where + ": sentence id too large " + quoted(part));
        }
      }
    }
    if (!ok) throw Error::Input(where + ": bad sentence id " + quoted(part));
    ids.push_back(static_cast<int>(value));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return ids;
}

bool is_score_char(char c) {
  // score.py: [-+0-9.eEinfINFa]
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' ||
         c == 'i' || c == 'n' || c == 'f' || c == 'I' || c == 'N' || c == 'F' || c == 'a';
}

// Matches score.py's _BEAD_RE on an already stripped line. Returns false
// when the line is not a bead; fills the two id texts and the score text.
bool match_bead(std::string_view s, std::string_view& src, std::string_view& tgt,
                std::string_view& score) {
  std::size_t i = skip_ws(s, 0);
  auto bracket = [&](std::string_view& ids) {
    if (i >= s.size() || s[i] != '[') return false;
    std::size_t close = s.find(']', i + 1);
    if (close == std::string_view::npos) return false;
    ids = s.substr(i + 1, close - i - 1);
    i = close + 1;
    return true;
  };
  if (!bracket(src)) return false;
  i = skip_ws(s, i);
  if (i >= s.size() || s[i] != ':') return false;
  i = skip_ws(s, i + 1);
  if (!bracket(tgt)) return false;
  i = skip_ws(s, i);
  score = {};
  if (i == s.size()) return true;
  if (s[i] != ':') return false;
  i = skip_ws(s, i + 1);
  std::size_t begin = i;
  while (i < s.size() && is_score_char(s[i])) ++i;
  if (i == begin) return false;
  score = s.substr(begin, i - begin);
  return skip_ws(s, i) == s.size();
}

double parse_score(std::string_view text) {
  if (text.empty()) return -1;
  std::string buf(text);
  char* end = nullptr;
  double v = std::strtod(buf.c_str(), &end);
  if (end != buf.c_str() + buf.size() || std::isnan(v)) return -1;
  return v;
}

std::string format_score(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", score);
  return buf;
}

bool has_score(const Bead& bead) { return bead.score >= 0 && std::isfinite(bead.score); }

void append_ids(std::string& out, const std::vector<int>& ids) {
  out += '[';
  for (std::size_t k = 0; k < ids.size(); ++k) {
    if (k) out += ", ";
    out += std::to_string(ids[k]);
  }
  out += ']';
}

// Sentences of `doc` named by `ids`, joined by a space; tabs and line breaks
// become spaces (for one-record-per-line formats when `flatten`).
void check_ids(const Document& doc, const std::vector<int>& ids, const char* side) {
  for (int id : ids) {
    if (id < 0 || static_cast<std::size_t>(id) >= doc.sentences.size()) {
      throw Error::Input(std::string(side) + " id " + std::to_string(id) + " is beyond the document (" +
                         std::to_string(doc.sentences.size()) + " sentences)");
    }
  }
}

std::string joined(const Document& doc, const std::vector<int>& ids, bool flatten, const char* side) {
  check_ids(doc, ids, side);
  std::string out;
  for (std::size_t k = 0; k < ids.size(); ++k) {
    if (k) out += ' ';
    out += doc.sentences[static_cast<std::size_t>(ids[k])];
  }
  if (flatten) {
    for (char& c : out) {
      if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    }
  }
  return out;
}

}  // namespace

Alignment parse_beads(std::string_view text, std::string_view name) {
  Alignment beads;
  std::size_t lineno = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = pos;
    std::size_t brk = 0;
    while (end < text.size() && (brk = line_break_len(text, end)) == 0) ++end;
    std::string_view line = text.substr(pos, end - pos);
    pos = end + brk;
    ++lineno;
    std::string_view s = strip(line);
    if (s.empty() || s[0] == '#') continue;
    std::string where = std::string(name) + ":" + std::to_string(lineno);
    std::string_view src, tgt, score;
    if (!match_bead(s, src, tgt, score)) throw Error::Input(where + ": not a bead: " + quoted(line));
    Bead bead;
    bead.src = parse_ids(src, where);
    bead.tgt = parse_ids(tgt, where);
    bead.score = parse_score(score);
    beads.push_back(std::move(bead));
  }
  return beads;
}

Alignment read_beads(const std::string& path) {
  std::string text = text::read_text_file(path);
  return parse_beads(text, path == "-" ? "<stdin>" : path);
}

std::string format_bead(const Bead& bead) {
  std::string out;
  append_ids(out, bead.src);
  out += ':';
  append_ids(out, bead.tgt);
  if (has_score(bead)) {
    out += ':';
    out += format_score(bead.score);
  }
  return out;
}

std::string coverage_problem(const Alignment& alignment, int n_src, int n_tgt) {
  int next[2] = {0, 0};
  const int size[2] = {n_src, n_tgt};
  const char* side_name[2] = {"source", "target"};
  for (std::size_t b = 0; b < alignment.size(); ++b) {
    for (int side = 0; side < 2; ++side) {
      const auto& ids = side == 0 ? alignment[b].src : alignment[b].tgt;
      for (int id : ids) {
        std::string what = std::string(side_name[side]) + " id ";
        std::string at = " (bead " + std::to_string(b + 1) + ": " + format_bead(alignment[b]) + ")";
        if (id >= size[side]) return what + std::to_string(id) + " is beyond the document" + at;
        if (id < next[side]) return what + std::to_string(id) + " appears twice or out of order" + at;
        if (id > next[side]) return what + std::to_string(next[side]) + " is missing" + at;
        ++next[side];
      }
    }
  }
  for (int side = 0; side < 2; ++side) {
    if (next[side] < size[side]) {
      return std::string(side_name[side]) + " id " + std::to_string(next[side]) +
             " is missing (no bead after the last one)";
    }
  }
  return "";
}

void check_coverage(const Alignment& alignment, int n_src, int n_tgt, std::string_view name) {
  std::string problem = coverage_problem(alignment, n_src, n_tgt);
  if (!problem.empty()) {
    throw Error::Input(std::string(name) + ": does not cover the documents (" + std::to_string(n_src) +
                       " source, " + std::to_string(n_tgt) + " target sentences): " + problem);
  }
}

void check_ids_in_range(const Alignment& alignment, int n_src, int n_tgt, std::string_view name) {
  for (const Bead& b : alignment) {
    for (int side = 0; side < 2; ++side) {
      const int n = side == 0 ? n_src : n_tgt;
      for (int id : side == 0 ? b.src : b.tgt) {
        if (id < 0 || id >= n) {
          throw Error::Input(std::string(name) + ": " + (side == 0 ? "source" : "target") + " id " +
                             std::to_string(id) + " is beyond the document (" + std::to_string(n) +
                             " sentences) in bead " + format_bead(b));
        }
      }
    }
  }
}

BeadFormat parse_bead_format(std::string_view name) {
  if (name == "beads") return BeadFormat::kBeads;
  if (name == "tsv") return BeadFormat::kTsv;
  if (name == "jsonl") return BeadFormat::kJsonl;
  throw Error::Usage("unknown format '" + std::string(name) + "' (choose beads, tsv or jsonl)");
}

nlohmann::ordered_json bead_json(const Bead& bead, const Document& src, const Document& tgt) {
  nlohmann::ordered_json j;
  j["src"] = bead.src;
  j["tgt"] = bead.tgt;
  j["src_text"] = joined(src, bead.src, false, "source");
  j["tgt_text"] = joined(tgt, bead.tgt, false, "target");
  if (has_score(bead)) {
    j["score"] = std::round(bead.score * 100.0) / 100.0;
  } else {
    j["score"] = nullptr;
  }
  return j;
}

void write_alignment(std::ostream& out, const Alignment& alignment, const Document& src,
                     const Document& tgt, BeadFormat format) {
  std::string line;
  for (const Bead& bead : alignment) {
    line.clear();
    switch (format) {
      case BeadFormat::kBeads:
        // Validate ids like the other formats do, so all three fail alike.
        check_ids(src, bead.src, "source");
        check_ids(tgt, bead.tgt, "target");
        line = format_bead(bead);
        break;
      case BeadFormat::kTsv:
        line = joined(src, bead.src, true, "source");
        line += '\t';
        line += joined(tgt, bead.tgt, true, "target");
        line += '\t';
        if (has_score(bead)) line += format_score(bead.score);
        break;
      case BeadFormat::kJsonl:
        line = bead_json(bead, src, tgt).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        break;
    }
    line += '\n';
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
  }
}

}  // namespace muwazi::align
