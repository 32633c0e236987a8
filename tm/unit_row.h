// Reading a units row (with its source) into a StoredUnit. Internal to tm/.
#ifndef MUWAZI_TM_UNIT_ROW_H_
#define MUWAZI_TM_UNIT_ROW_H_

#include "tm/sqlite_util.h"
#include "tm/unit.h"

namespace muwazi::tm {

// SELECT list matching read_unit_row(); alias u = units, s = sources
// (LEFT JOIN sources s ON s.id = u.source_id).
inline constexpr const char* kUnitColumns =
    "u.id, u.src_lang, u.tgt_lang, u.src_text, u.tgt_text, u.src_markup, u.tgt_markup, "
    "u.source_id, u.position, u.score, u.bead, u.src_sentences, u.tgt_sentences, u.tuid, "
    "u.created_at, u.created_by, u.changed_at, u.changed_by, u.extra, s.kind, s.name, u.reviewed, "
    "(SELECT group_concat(c.prev || ' ' || c.next, ',') FROM contexts c WHERE c.unit = u.id)";
inline constexpr int kUnitColumnCount = 23;

void read_unit_row(const Stmt& s, StoredUnit& out);

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_UNIT_ROW_H_
