// Boundary precision/recall/F1 of text::segment() on real news, against the
// plain regex baselines, on the NTREX dev documents bundled in
// tests/data/ntrex_dev (NAME.ar / NAME.en: one sentence per line, the first
// line is the headline).
//
// For each document we rebuild the raw article the way a user would paste it
// ("headline\n\nbody sentences joined by single spaces"), segment it, and
// compare sentence ends. A boundary is the BYTE offset in that raw text where
// a sentence ends; the end of the text itself is not counted (every splitter
// gets it for free), the end of the headline is. Counts are summed over all
// documents of a language (micro-averaged).
//
// Set MUWAZI_SEGMENT_EVAL_VERBOSE=1 to print every missed and spurious
// boundary with its context.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "text/segment.h"

namespace muwazi::text {
namespace {

namespace fs = std::filesystem;

struct Counts {
  std::size_t tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp == 0 ? 0.0 : double(tp) / double(tp + fp); }
  double recall() const { return tp + fn == 0 ? 0.0 : double(tp) / double(tp + fn); }
  double f1() const {
    double p = precision(), r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }
};

struct Doc {
  std::string name;
  std::string raw;                // headline \n\n body joined by spaces
  std::set<std::size_t> gold;     // sentence-end byte offsets in `raw`
};

std::vector<std::string> read_lines(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    std::size_t b = line.find_first_not_of(' ');
    if (b == std::string::npos) continue;
    lines.push_back(line.substr(b));
  }
  return lines;
}

std::vector<Doc> load_docs(const std::string& lang) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(MUWAZI_TEST_DATA) / "ntrex_dev")) {
    if (e.is_regular_file() && e.path().extension() == "." + lang) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Doc> docs;
  for (const auto& f : files) {
    std::vector<std::string> lines = read_lines(f);
    if (lines.size() < 2) continue;
    Doc d;
    d.name = f.filename().string();
    d.raw = lines[0];
    d.gold.insert(d.raw.size());
    d.raw += "\n\n";
    for (std::size_t i = 1; i < lines.size(); ++i) {
      if (i > 1) d.raw += ' ';
      d.raw += lines[i];
      d.gold.insert(d.raw.size());
    }
    d.gold.erase(d.raw.size());
    docs.push_back(std::move(d));
  }
  return docs;
}

// Sentence ends of our segmenter, as byte offsets into `raw`. Sentences are
// trimmed substrings of `raw` in order, so a forward search finds each one.
std::set<std::size_t> segment_ends(const std::string& raw, const std::string& lang) {
  SegmentOptions opt;
  opt.lang = lang;
  std::set<std::size_t> ends;
  std::size_t pos = 0;
  for (const Paragraph& p : segment(raw, opt)) {
    for (const std::string& s : p) {
      std::size_t at = raw.find(s, pos);
      EXPECT_NE(at, std::string::npos) << "sentence is not a substring of the input: " << s;
      if (at == std::string::npos) continue;
      pos = at + s.size();
      ends.insert(pos);
    }
  }
  ends.erase(raw.size());
  return ends;
}

// Regex baselines: split after . ! ? ؟ followed by white space, i.e.
// /[.!?؟](?=\s)/, or (`closers`) /[.!?؟]["')\]»”’]*(?=\s)/; paragraphs
// (blank lines) are boundaries too. Written as a byte scan because
// std::regex has no UTF-8 support.
bool starts_with_at(const std::string& s, std::size_t i, std::string_view w) {
  return s.compare(i, w.size(), w) == 0;
}

std::set<std::size_t> regex_ends(const std::string& raw, bool closers) {
  static constexpr std::string_view kTerms[] = {".", "!", "?", "\u061F"};
  static constexpr std::string_view kClosers[] = {"\"", "'", ")", "]", "\u00BB", "\u201D", "\u2019"};
  std::set<std::size_t> ends;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    std::size_t end = 0;
    for (std::string_view t : kTerms) {
      if (starts_with_at(raw, i, t)) end = i + t.size();
    }
    if (end == 0) continue;
    for (bool more = closers; more;) {
      more = false;
      for (std::string_view c : kClosers) {
        if (starts_with_at(raw, end, c)) {
          end += c.size();
          more = true;
        }
      }
    }
    if (end < raw.size() && (raw[end] == ' ' || raw[end] == '\n')) ends.insert(end);
  }
  for (std::size_t p = raw.find("\n\n"); p != std::string::npos; p = raw.find("\n\n", p + 2)) ends.insert(p);
  ends.erase(raw.size());
  return ends;
}

void add(Counts& c, const std::set<std::size_t>& gold, const std::set<std::size_t>& pred,
         const Doc& d, bool verbose) {
  for (std::size_t g : gold) {
    if (pred.count(g)) {
      ++c.tp;
    } else {
      ++c.fn;
      if (verbose) {
        std::size_t b = g < 60 ? 0 : g - 60;
        std::printf("  MISS %s: ...%s || %s\n", d.name.c_str(), d.raw.substr(b, g - b).c_str(),
                    d.raw.substr(g, 40).c_str());
      }
    }
  }
  for (std::size_t p : pred) {
    if (!gold.count(p)) {
      ++c.fp;
      if (verbose) {
        std::size_t b = p < 60 ? 0 : p - 60;
        std::printf("  FALSE %s: ...%s || %s\n", d.name.c_str(), d.raw.substr(b, p - b).c_str(),
                    d.raw.substr(p, 40).c_str());
      }
    }
  }
}

struct Report {
  Counts ours, plain, closers;
  std::size_t docs = 0;
};

Report evaluate(const std::string& lang) {
  const char* v = std::getenv("MUWAZI_SEGMENT_EVAL_VERBOSE");
  bool verbose = v != nullptr && std::string(v) == "1";
  Report r;
  for (const Doc& d : load_docs(lang)) {
    ++r.docs;
    add(r.ours, d.gold, segment_ends(d.raw, lang), d, verbose);
    add(r.plain, d.gold, regex_ends(d.raw, false), d, false);
    add(r.closers, d.gold, regex_ends(d.raw, true), d, false);
  }
  auto line = [&](const char* what, const Counts& c) {
    std::printf("[segment eval %s] %-28s P=%.4f R=%.4f F1=%.4f (tp=%zu fp=%zu fn=%zu)\n", lang.c_str(),
                what, c.precision(), c.recall(), c.f1(), c.tp, c.fp, c.fn);
  };
  std::printf("[segment eval %s] %zu documents of tests/data/ntrex_dev\n", lang.c_str(), r.docs);
  line("muwazi segment", r.ours);
  line("regex . ! ? + space", r.plain);
  line("regex . ! ? + quotes + space", r.closers);
  std::fflush(stdout);
  return r;
}

TEST(SegmentEval, EnglishNewsBoundaryF1) {
  Report r = evaluate("en");
  ASSERT_GE(r.docs, 30u) << "the bundled NTREX dev copy is missing";
  EXPECT_GE(r.ours.f1(), 0.97);
  EXPECT_GT(r.ours.f1(), r.closers.f1());
}

TEST(SegmentEval, ArabicNewsBoundaryF1) {
  Report r = evaluate("ar");
  ASSERT_GE(r.docs, 30u) << "the bundled NTREX dev copy is missing";
  EXPECT_GE(r.ours.f1(), 0.95);
  EXPECT_GT(r.ours.f1(), r.closers.f1());
}

TEST(SegmentEval, AutoLanguageGivesTheSameBoundaries) {
  // `auto` must pick the right rules for every document.
  for (const std::string lang : {"en", "ar"}) {
    for (const Doc& d : load_docs(lang)) {
      EXPECT_EQ(guess_language(d.raw), lang) << d.name;
    }
  }
}

}  // namespace
}  // namespace muwazi::text
