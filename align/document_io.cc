#include "align/document_io.h"

#include <cstdlib>

#include "text/error.h"
#include "text/input.h"
#include "text/segment.h"

namespace muwazi::align {

Document make_document(std::string_view clean, const std::string& lang, bool presplit) {
  Document doc;
  doc.lang = lang;
  if (presplit) {
    bool para = true;
    std::size_t pos = 0;
    while (pos <= clean.size()) {
      std::size_t nl = clean.find('\n', pos);
      if (nl == std::string_view::npos) nl = clean.size();
      std::string_view line = clean.substr(pos, nl - pos);
      // Trim spaces and tabs; a line of only white space is a paragraph break.
      std::size_t b = line.find_first_not_of(" \t");
      if (b == std::string_view::npos) {
        para = true;
      } else {
        std::size_t e = line.find_last_not_of(" \t");
        doc.sentences.emplace_back(line.substr(b, e - b + 1));
        doc.paragraph_start.push_back(para);
        para = false;
      }
      pos = nl + 1;
    }
    return doc;
  }
  text::SegmentOptions so;
  so.lang = lang;
  for (const auto& paragraph : text::segment(clean, so)) {
    bool first = true;
    for (const auto& s : paragraph) {
      doc.sentences.push_back(s);
      doc.paragraph_start.push_back(first);
      first = false;
    }
  }
  return doc;
}

Dictionary read_dictionary(const std::string& path) { return parse_dictionary(text::read_text_file(path), path); }

Dictionary parse_dictionary(std::string_view text, const std::string& path) {
  Dictionary dict;
  std::size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line(text.data() + pos, nl - pos);
    ++line_no;
    pos = nl + 1;
    if (line.find_first_not_of(" \t") == std::string_view::npos || line[0] == '#') continue;
    std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0 || tab + 1 >= line.size()) {
      throw Error::Input(path + ":" + std::to_string(line_no) + ": expected 'source<TAB>target'");
    }
    auto trim = [](std::string_view s) {
      std::size_t b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
      return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
    };
    // An optional third column is a score (`muwazi tm lexicon` writes one):
    // it must be a number, and the aligner does not use it.
    std::string_view rest = line.substr(tab + 1);
    const std::size_t tab2 = rest.find('\t');
    if (tab2 != std::string_view::npos) {
      const std::string score = trim(rest.substr(tab2 + 1));
      char* end = nullptr;
      std::strtod(score.c_str(), &end);
      if (score.empty() || end != score.c_str() + score.size() || score.find('\t') != std::string::npos) {
        throw Error::Input(path + ":" + std::to_string(line_no) + ": expected 'source<TAB>target[<TAB>score]'");
      }
      rest = rest.substr(0, tab2);
    }
    std::string s = trim(line.substr(0, tab)), t = trim(rest);
    if (s.empty() || t.empty()) {
      throw Error::Input(path + ":" + std::to_string(line_no) + ": empty dictionary entry");
    }
    dict.emplace(std::move(s), std::move(t));
  }
  return dict;
}

Document read_document(const std::string& path, const std::string& lang, bool presplit) {
  return make_document(text::read_text_file(path), lang, presplit);
}

}  // namespace muwazi::align
