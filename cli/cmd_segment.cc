// `muwazi segment`: raw text in, one sentence per line out.
#include <iostream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/command.h"
#include "text/error.h"
#include "text/input.h"
#include "text/segment.h"

namespace muwazi::cli {
namespace {

constexpr const char* kUsage =
    "usage: muwazi segment [--lang ar|en|auto|LANG] [--paragraphs] [FILE|-]\n"
    "\n"
    "Splits raw text (UTF-8, with or without BOM, LF or CRLF) into sentences and\n"
    "prints one sentence per line (NFC). Blank lines in the input separate\n"
    "paragraphs; a line without a final stop that is short (a headline) or that\n"
    "starts a list item stays a sentence of its own. Reads standard input when\n"
    "FILE is '-' or absent.\n";

// "auto" or a lowercase ISO 639 code of 2-3 letters.
bool valid_lang(const std::string& lang) {
  if (lang == "auto") return true;
  if (lang.size() < 2 || lang.size() > 3) return false;
  for (char c : lang) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

int run_segment(const std::vector<std::string>& argv) {
  static const Options opts = std::move(
      Options("segment", kUsage)
          .value("--lang", "L",
                 "ar, en, auto (default: guess from the script), or another two- or three-letter language code "
                 "for ICU's rules")
          .flag("--paragraphs", "print a blank line between paragraphs"));
  Args args = opts.parse(argv);
  if (args.help()) {
    opts.print_help(std::cout);
    return 0;
  }
  args.require_positional(0, 1, "at most one input FILE (or - for standard input)");
  std::string lang = args.get("--lang", "auto");
  if (!valid_lang(lang)) {
    throw Error::Usage("--lang wants ar, en, auto or a 2-3 letter language code, not '" +
                       lang + "'");
  }
  const std::string path = args.positional().empty() ? "-" : args.positional()[0];
  const std::string text = text::read_text_file(path);

  text::SegmentOptions options;
  options.lang = lang;
  const std::vector<text::Paragraph> paragraphs = text::segment(text, options);

  const bool blank_between = args.has("--paragraphs");
  std::string out;
  for (std::size_t p = 0; p < paragraphs.size(); ++p) {
    if (blank_between && p > 0) out.push_back('\n');
    for (const std::string& sentence : paragraphs[p]) {
      out.append(sentence);
      out.push_back('\n');
    }
    // Flush in pieces so that a huge input does not hold two copies of the output.
    if (out.size() > (1u << 20)) {
      std::cout << out;
      out.clear();
    }
  }
  std::cout << out;
  return 0;
}

MUWAZI_COMMAND("segment", "split raw text into sentences, one per line", run_segment);

}  // namespace
}  // namespace muwazi::cli
