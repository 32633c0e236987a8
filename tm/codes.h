// The inline codes of a segment as part of a unit's identity. Two segments
// with the same plain text are the same segment only when their codes are
// the same: the same kinds, in the same order, at the same places in the
// plain text, with the same native code content and attributes. Ids (TMX
// `i`, which pairs a bpt with its ept, and `x`, which relates source and
// target codes) may be renumbered: `i` is replaced by its rank of first
// appearance in the segment and `x` is left out.
#ifndef MUWAZI_TM_CODES_H_
#define MUWAZI_TM_CODES_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace muwazi::tm {

// The canonical signature of Segment::markup (tm/unit.h): "" for plain text
// (null markup, or markup without inline elements), otherwise one entry per
// code boundary, each "OFFSET\x1fKIND\x1fATTRS\x1fCONTENT", separated by
// '\x1e'. OFFSET is the byte offset in the plain text where the code sits.
std::string code_signature(const nlohmann::json& markup);

// The signature without its offsets: the codes' kinds, order, attributes
// and content. Compares the codes of two segments whose texts differ.
std::string code_shape(std::string_view signature);

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_CODES_H_
