// The JSON shapes of lookup, concordance and stats results, shared by
// `muwazi tm lookup --format jsonl` (and concordance/stats) and any other
// front end (the HTTP API), so that they cannot drift apart.
#ifndef MUWAZI_TM_JSON_H_
#define MUWAZI_TM_JSON_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tm/concordance.h"
#include "tm/lookup.h"
#include "tm/stats.h"

namespace muwazi::tm {

// {"id", "score", "source", "target", "src_lang", "tgt_lang",
//  "penalties": [{"kind", "points", "detail"}], "context"?}: "context" (both,
//  prev, next, none, unknown: Match::context) only when the query gave one.
nlohmann::ordered_json match_json(const Match& m);
// {"query", "matches": [...], "error"?}: the answer to one query ("error"
// only when it is not empty).
nlohmann::ordered_json lookup_answer_json(const std::string& query, const std::vector<Match>& matches,
                                          const std::string& error = "");
// {"id", "source", "target", "src_lang", "tgt_lang", "source_hits",
//  "target_hits"}: hits are [begin, end) byte ranges in the original texts.
nlohmann::ordered_json concordance_hit_json(const ConcordanceHit& h);
// {"units", "documents", "pairs": [{"src_lang", "tgt_lang", "units"}],
//  "size_bytes", "schema_version"}
nlohmann::ordered_json stats_json(const TmStats& st);

// One line of JSON; invalid UTF-8 (never stored, but never trusted) is
// replaced rather than thrown on.
std::string dump_json(const nlohmann::ordered_json& j);

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_JSON_H_
