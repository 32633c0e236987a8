// Fuzzes the aligner on two documents built from one input: the bytes
// before the first NUL are the source, the bytes after it the target (NUL
// never survives clean_text, so it cannot occur inside either side). The
// first byte picks options. Each side is bounded to 200 sentences so one
// input stays fast. Checks the contract of align/aligner.h: every sentence
// of both sides exactly once, in order, and every score in [0,1].
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "align/aligner.h"
#include "align/beads_io.h"
#include "align/document_io.h"
#include "tests/fuzz/fuzz_util.h"
#include "text/error.h"
#include "text/input.h"

using muwazi::fuzz::check;
namespace align = muwazi::align;
namespace text = muwazi::text;

namespace {

constexpr std::size_t kMaxSentences = 200;
constexpr std::size_t kMaxBytes = 64 * 1024;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2 || size > kMaxBytes) return 0;
  const std::uint8_t flags = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t sep = rest.find('\0');
  std::string_view src_bytes = rest.substr(0, sep);
  std::string_view tgt_bytes = sep == std::string_view::npos ? std::string_view() : rest.substr(sep + 1);

  const bool presplit = flags & 1;
  align::AlignOptions options;
  options.use_anchors = !(flags & 2);
  options.learn_lexicon = !(flags & 4);
  options.estimate_ratio = !(flags & 8);
  options.max_bead_side = (flags >> 4) % 9;  // 0 (automatic) .. 8
  align::Dictionary dict{{"house", "بيت"}, {"بيت", "house"}, {"12", "12"}};
  if (flags & 0x80) options.dictionary = &dict;

  align::Document src, tgt;
  try {
    src = align::make_document(text::clean_text(src_bytes, "src"), "ar", presplit);
    tgt = align::make_document(text::clean_text(tgt_bytes, "tgt"), (flags & 0x40) ? "de" : "en", presplit);
  } catch (const muwazi::Error&) {
    return 0;  // not text
  }
  if (src.sentences.size() > kMaxSentences || tgt.sentences.size() > kMaxSentences) return 0;

  const align::Alignment a = align::align_documents(src, tgt, options);
  const std::string problem =
      align::coverage_problem(a, static_cast<int>(src.sentences.size()), static_cast<int>(tgt.sentences.size()));
  if (!problem.empty()) {
    std::fprintf(stderr, "coverage: %s\n", problem.c_str());
    check(false, "alignment covers every sentence exactly once, in order");
  }
  for (const align::Bead& b : a) {
    check(!b.src.empty() || !b.tgt.empty(), "no bead empty on both sides");
    check(std::isfinite(b.score) && b.score >= 0 && b.score <= 1, "bead score in [0,1]");
  }
  return 0;
}
