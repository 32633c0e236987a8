// Sentence segmentation: paragraphs and lines first, then ICU's sentence
// break iterator over each run of joined lines, filtered and completed by the
// rules in text/segment_rules.cc.
//
// Cost: one pass over the lines, one ICU pass over each block (ICU reads the
// UTF-8 in place through a UText, so a 100 MB line is not copied to UTF-16),
// and O(1) rule checks per candidate boundary.
#include "text/segment.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>

#include "text/error.h"
#include "text/segment_rules.h"
#include "text/utf8.h"

namespace muwazi::text {

namespace {

using segment_internal::accept_boundary;
using segment_internal::ends_with_terminator;
using segment_internal::is_space;
using segment_internal::next_extra_candidate;
using segment_internal::prev_cp;

// A line without a final stop stays a sentence of its own (a headline, a
// caption, a list item) when it is shorter than this fraction of the longest
// line of its paragraph. Hard-wrapped prose has no such short inner lines:
// only its last line is short, and that one ends the paragraph anyway.
constexpr double kHeadlineRatio = 2.0 / 3.0;
// ... or when no line of the paragraph reaches this many code points: prose
// is not wrapped that narrowly, so such lines are headlines or list items.
constexpr std::size_t kShortParagraphCp = 40;
// A line longer than this (code points) is not hard-wrapped prose: its line
// break was typed on purpose (one paragraph per line, as pasted web articles
// come), so it ends a sentence even without a final stop.
constexpr std::size_t kMaxWrappedLineCp = 150;
// guess_language looks at no more than this many bytes (the script of the
// first megabyte decides; keeps `auto` cheap on huge inputs).
constexpr std::size_t kGuessBytes = 1 << 20;
// ICU break iterators report offsets as int32_t.
constexpr std::size_t kMaxBlockBytes = static_cast<std::size_t>(std::numeric_limits<int32_t>::max());

std::string_view trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e) {
    std::size_t j = b;
    if (!is_space(next_cp(s, j))) break;
    b = j;
  }
  while (e > b) {
    std::size_t j = e;
    if (!is_space(prev_cp(s, j))) break;
    e = j;
  }
  return s.substr(b, e - b);
}

// "- ", "• ", "* ", "1. ", "12) ", "(3) ", "١- ", "a) ", "(b) ", "أ) ".
bool starts_list_item(std::string_view line) {
  std::size_t i = 0;
  if (i >= line.size()) return false;
  std::size_t j = i;
  char32_t c = next_cp(line, j);
  auto space_at = [&](std::size_t k) {
    if (k >= line.size()) return false;
    std::size_t m = k;
    return is_space(next_cp(line, m));
  };
  switch (c) {
    case U'-': case U'*': case U'\u2022': case U'\u2023': case U'\u25E6': case U'\u25AA':
    case U'\u25CF': case U'\u00B7': case U'\u2013': case U'\u2014': case U'\u2043':
      return space_at(j);
    default:
      break;
  }
  bool paren = c == U'(';
  if (paren) {
    if (j >= line.size()) return false;
    c = next_cp(line, j);
  }
  if (u_isdigit(c)) {
    int digits = 1;
    while (j < line.size()) {
      std::size_t m = j;
      char32_t d = next_cp(line, m);
      if (!u_isdigit(d)) break;
      if (++digits > 3) return false;  // "2019. The ..." is a year, not an item
      j = m;
    }
    if (j >= line.size()) return false;
    char32_t d = next_cp(line, j);
    if (paren) return d == U')' && space_at(j);
    return (d == U'.' || d == U')' || d == U'-') && space_at(j);
  }
  if (u_isalpha(c)) {
    // A single letter: only with ")" (or "-" in Arabic lists), since "J. K.
    // Rowling" starts with a letter and a period.
    if (j >= line.size()) return false;
    char32_t d = next_cp(line, j);
    if (paren) return d == U')' && space_at(j);
    return (d == U')' || (d == U'-' && !is_space(c) && !u_islower(c) && !u_isupper(c))) &&
           space_at(j);
  }
  return false;
}

// "1." or "12)" or "a)": what ICU splits off the front of "1. Call a lawyer".
bool is_bare_list_marker(std::string_view s) {
  std::size_t i = 0, n = 0;
  while (i < s.size() && n <= 3) {
    std::size_t j = i;
    char32_t c = next_cp(s, j);
    if (!u_isdigit(c)) break;
    i = j;
    ++n;
  }
  if (n == 0 || n > 3) return false;
  std::string_view rest = s.substr(i);
  return rest == "." || rest == ")";
}

// Lines that end like this continue in the next line, whatever their length.
bool ends_with_continuation(std::string_view line) {
  if (line.empty()) return false;
  std::size_t i = line.size();
  char32_t c = prev_cp(line, i);
  switch (c) {
    case U',': case U'\u060C': case U';': case U'\u061B': case U':': case U'-': case U'\u2013':
    case U'\u2014': case U'&':
      return true;
    default:
      return false;
  }
}

struct Line {
  std::string_view text;  // trimmed
  std::size_t cp = 0;     // length in code points
};

class Splitter {
 public:
  explicit Splitter(const std::string& lang) {
    UErrorCode st = U_ZERO_ERROR;
    icu::Locale locale(lang.c_str());
    iter_.reset(icu::BreakIterator::createSentenceInstance(locale, st));
    if (U_FAILURE(st) || !iter_) {
      st = U_ZERO_ERROR;
      iter_.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), st));
    }
    if (U_FAILURE(st) || !iter_) {
      throw Error::Input(std::string("segment: cannot create ICU sentence iterator: ") + u_errorName(st));
    }
  }

  // Appends the sentences of `block` (no line breaks inside) to `out`.
  void split(std::string_view block, Paragraph& out) {
    if (block.size() > kMaxBlockBytes) {
      throw Error::Input("segment: a paragraph of " + std::to_string(block.size()) +
                         " bytes is longer than the 2 GiB that sentence splitting supports");
    }
    UErrorCode st = U_ZERO_ERROR;
    // ICU reads the UTF-8 in place; native indices are byte offsets.
    std::unique_ptr<UText, decltype(&utext_close)> ut(
        utext_openUTF8(nullptr, block.data(), static_cast<int64_t>(block.size()), &st), &utext_close);
    if (U_FAILURE(st)) throw Error::Input(std::string("segment: ICU: ") + u_errorName(st));
    iter_->setText(ut.get(), st);
    if (U_FAILURE(st)) throw Error::Input(std::string("segment: ICU: ") + u_errorName(st));
    // Detach ICU from the text before the UText goes away, also on throw.
    struct Detach {
      icu::BreakIterator* iter;
      ~Detach() { iter->setText(icu::UnicodeString()); }
    } detach{iter_.get()};

    std::size_t start = 0;
    std::size_t extra = next_extra_candidate(block, 0);
    auto consider = [&](std::size_t b) {
      if (b > start && b < block.size() && accept_boundary(block, b) &&
          !(start == 0 && is_bare_list_marker(trim(block.substr(0, b))))) {
        emit(block.substr(start, b - start), out);
        start = b;
      }
    };
    // Merge ICU's candidates with ours, both in increasing order.
    for (int32_t b = iter_->next(); b != icu::BreakIterator::DONE; b = iter_->next()) {
      std::size_t ub = static_cast<std::size_t>(b);
      for (; extra < ub; extra = next_extra_candidate(block, extra)) consider(extra);
      if (extra == ub) extra = next_extra_candidate(block, extra);
      consider(ub);
    }
    for (; extra < block.size(); extra = next_extra_candidate(block, extra)) consider(extra);
    emit(block.substr(start), out);
  }

 private:
  static void emit(std::string_view s, Paragraph& out) {
    std::string_view t = trim(s);
    if (!t.empty()) out.emplace_back(t);
  }

  std::unique_ptr<icu::BreakIterator> iter_;
};

// Splits one paragraph (its trimmed, non-blank lines) into sentences.
void split_paragraph(const std::vector<Line>& lines, Splitter& splitter, Paragraph& out) {
  std::size_t longest = 0;
  for (const Line& l : lines) longest = std::max(longest, l.cp);
  std::string joined;
  std::size_t i = 0;
  while (i < lines.size()) {
    // Gather lines [i, j) into one block: a line is joined to the next unless
    // it is a headline/list item without a final stop, or too long to be
    // wrapped prose, or the next line starts a list item.
    std::size_t j = i + 1;
    while (j < lines.size()) {
      const Line& cur = lines[j - 1];
      if (starts_list_item(lines[j].text)) break;
      bool short_line = longest < kShortParagraphCp ||
                        static_cast<double>(cur.cp) < kHeadlineRatio * static_cast<double>(longest);
      bool continues = ends_with_continuation(cur.text);
      if (cur.cp > kMaxWrappedLineCp && !continues) break;
      if (short_line && !continues && !ends_with_terminator(cur.text)) break;
      ++j;
    }
    if (j == i + 1) {
      splitter.split(lines[i].text, out);
    } else {
      joined.clear();
      for (std::size_t k = i; k < j; ++k) {
        if (k > i) joined.push_back(' ');
        joined.append(lines[k].text);
      }
      splitter.split(joined, out);
    }
    i = j;
  }
}

}  // namespace

std::string guess_language(std::string_view text) {
  std::size_t limit = std::min(text.size(), kGuessBytes);
  // Do not cut a multi-byte sequence at the limit.
  while (limit < text.size() && limit > 0 && (static_cast<unsigned char>(text[limit]) & 0xC0) == 0x80) {
    --limit;
  }
  std::size_t arabic = 0, other = 0;
  std::size_t i = 0;
  while (i < limit) {
    unsigned char b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {  // ASCII fast path
      other += (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
      ++i;
      continue;
    }
    char32_t c = next_cp(text, i);
    if (!u_isalpha(c)) continue;
    UErrorCode st = U_ZERO_ERROR;
    if (uscript_getScript(c, &st) == USCRIPT_ARABIC) {
      ++arabic;
    } else {
      ++other;
    }
  }
  return arabic > other ? "ar" : "en";
}

std::vector<Paragraph> segment(std::string_view text, const SegmentOptions& options) {
  if (std::size_t bad = find_invalid_utf8(text); bad != kNpos) {
    throw Error::Input("segment: byte " + std::to_string(bad) + ": invalid UTF-8");
  }
  std::string lang = options.lang.empty() || options.lang == "auto" ? guess_language(text) : options.lang;
  Splitter splitter(lang);

  std::vector<Paragraph> paragraphs;
  std::vector<Line> lines;
  auto flush = [&] {
    if (lines.empty()) return;
    Paragraph p;
    split_paragraph(lines, splitter, p);
    if (!p.empty()) paragraphs.push_back(std::move(p));
    lines.clear();
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = trim(text.substr(pos, nl - pos));
    if (line.empty()) {
      flush();
    } else {
      lines.push_back(Line{line, cp_count(line)});
    }
    pos = nl + 1;
  }
  flush();
  return paragraphs;
}

}  // namespace muwazi::text
