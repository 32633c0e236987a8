// Sentence segmentation for Arabic, English and other languages.
#ifndef MUWAZI_TEXT_SEGMENT_H_
#define MUWAZI_TEXT_SEGMENT_H_

#include <string>
#include <string_view>
#include <vector>

namespace muwazi::text {

struct SegmentOptions {
  // "ar", "en", another BCP-47 primary tag, or "auto" (guess from the script
  // of the letters: mostly Arabic letters -> "ar", else "en" rules).
  std::string lang = "auto";
};

// A paragraph is a run of non-blank lines; blank lines separate paragraphs.
using Paragraph = std::vector<std::string>;  // its sentences, trimmed, NFC

// Splits clean text (see text/input.h: valid UTF-8, LF line ends) into
// paragraphs of sentences. Lines inside a paragraph are joined by a space
// (hard-wrapped prose), except that a line starting a list item ("- ", "• ",
// "1. ", "2) ", "a) ") starts a new sentence, and a line ends its sentence
// when it has no final stop and is short for its paragraph (a headline, a
// list item) or when it is longer than wrapped lines get (> 150 code points:
// one paragraph per line). Never returns empty sentences or empty
// paragraphs. Cost is linear in the text length.
// Throws Error::Input if `text` is not valid UTF-8.
std::vector<Paragraph> segment(std::string_view text, const SegmentOptions& options);

// "ar" if most letters of `text` are Arabic-script, else "en".
std::string guess_language(std::string_view text);

}  // namespace muwazi::text

#endif  // MUWAZI_TEXT_SEGMENT_H_
