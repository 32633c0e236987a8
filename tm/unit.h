// A translation unit as the TM stores it: one source segment and one target
// segment in one language pair, with provenance and metadata. tm/ knows
// nothing about beads or documents: callers fill these structs.
#ifndef MUWAZI_TM_UNIT_H_
#define MUWAZI_TM_UNIT_H_

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace muwazi::tm {

// One side of a unit. `text` is the plain text, stored untouched (inline
// codes removed). `markup` keeps TMX inline codes so export can write them
// back: empty when the segment is plain text, otherwise a JSON array of
// items, each a string (text) or {"e": "bpt|ept|it|ph|ut|hi|sub",
// "a": {attributes}, "c": [items]} (see tm/tmx_reader.h).
struct Segment {
  std::string lang;  // BCP-47 tag as given ("ar", "AR", "ar-SA")
  std::string text;
  nlohmann::json markup;  // null when plain
};

// Where a unit stood in its document: context_hash() (tm/keys.h) of the
// source sentence before it and of the one after it ("" at the start or the
// end of the document). A unit met in several places has several.
struct Context {
  std::uint64_t prev = 0, next = 0;
  bool operator==(const Context&) const = default;
};

struct Unit {
  Segment source;
  Segment target;
  std::string tuid;
  // TMX-style UTC dates "YYYYMMDDThhmmssZ"; empty = unknown. The store sets
  // created_at to now when it is empty.
  std::string created_at, created_by, changed_at, changed_by;
  // Position in the provenance: tu index in a TMX file, line in TSV/JSONL,
  // bead index in a document pair (0-based); -1 unknown.
  std::int64_t position = -1;
  // Alignment confidence in [0,1] and bead shape ("1-1", "2-1"); -1/"" for
  // units that did not come from the aligner.
  double score = -1;
  std::string bead;
  // 0-based sentence ids of the bead on each side, e.g. "3,4".
  std::string src_sentences, tgt_sentences;
  // Everything else a TMX tu carries: {"props": [[type, value, lang], ...],
  // "notes": [...], "attrs": {...}, "src_props": ..., "src_notes": ...,
  // "tgt_props": ..., "tgt_notes": ...}. null when there is none.
  nlohmann::json extra;
  // A person checked this pair (e.g. in the alignment review page).
  bool reviewed = false;
  // The contexts it was met in (none = unknown: most TMX files).
  std::vector<Context> contexts;
};

// Where a batch of units comes from.
struct Provenance {
  static Provenance file(std::string kind, std::string name) {
    Provenance p;
    p.kind = std::move(kind);
    p.name = std::move(name);
    return p;
  }

  std::string kind;  // "tmx", "tsv", "jsonl", "docpair", "review" (checked by a person)
  std::string name;  // file name (source document for "docpair" and "review")
  std::string sha256;
  std::string name2;  // target document for "docpair" and "review"
  std::string sha256_2;
  // A batch's id of the document pair ("" = none) and the documents'
  // addresses ("" = unknown), for "docpair".
  std::string pair_id, url, url2;
  // When and by whom it was recorded ("" = now, and WriteOptions::user):
  // set when the record is copied from another TM (tm merge).
  std::string added_at, added_by;
};

// A unit read back from the TM.
struct StoredUnit {
  std::int64_t id = 0;
  Unit unit;
  std::int64_t source_id = 0;  // 0: none
  std::string source_kind, source_name;
};

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_UNIT_H_
