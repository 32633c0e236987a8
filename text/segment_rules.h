// Internal to text/segment*.cc: the rules that accept or reject a sentence
// boundary proposed by ICU's sentence break iterator, and the character
// classes they use. Not part of the public API (include text/segment.h).
//
// Units: every offset here is a BYTE offset into valid UTF-8.
#ifndef MUWAZI_TEXT_SEGMENT_RULES_H_
#define MUWAZI_TEXT_SEGMENT_RULES_H_

#include <cstddef>
#include <string_view>

namespace muwazi::text::segment_internal {

// Unicode White_Space plus ZERO WIDTH SPACE and BOM, which pasted news text
// carries between sentences and which must never start or end a sentence.
bool is_space(char32_t cp);

// Characters that may follow a terminator and still belong to the sentence:
// closing brackets and quotes (" ' « » “ ” ‘ ’ ‹ › and Unicode Pe/Pi/Pf).
bool is_closer(char32_t cp);

// ! ? ؟ ۔ and other full-stop-like marks that end a sentence by themselves.
bool is_strong_terminator(char32_t cp);

// Decodes the code point that ends just before s[i] and moves i to its
// first byte. REQUIRES: 0 < i <= s.size(), s valid UTF-8.
char32_t prev_cp(std::string_view s, std::size_t& i);

// True if the text ends, after optional closing quotes/brackets, with a
// sentence terminator (. ! ? ؟ ۔ …). `s` is trimmed.
bool ends_with_terminator(std::string_view s);

// `block` is one run of text with no line structure (lines already joined);
// `b` is a candidate boundary: the byte offset where the next sentence would
// start (after the spaces that follow the previous one), 0 < b < size.
// Returns whether it is a real sentence boundary. Looks at a bounded window
// around `b` (a few dozen bytes), so checking every candidate is linear.
bool accept_boundary(std::string_view block, std::size_t b);

// Candidate boundaries that ICU does not propose, for accept_boundary() to
// judge: after "…" (U+2026, not a terminator for ICU), and after a period
// before a number (". 2014 was ..."). Returns the first such candidate (the
// start of the would-be next sentence) whose terminator lies at or after
// byte `from`, or block.size() if none. Candidates from successive calls
// with `from` = the previous result strictly increase.
std::size_t next_extra_candidate(std::string_view block, std::size_t from);

}  // namespace muwazi::text::segment_internal

#endif  // MUWAZI_TEXT_SEGMENT_RULES_H_
