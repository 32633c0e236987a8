#include "tm/json.h"

namespace muwazi::tm {

using nlohmann::ordered_json;

ordered_json match_json(const Match& m) {
  ordered_json j;
  j["id"] = m.id;
  j["score"] = m.score;
  j["source"] = m.source;
  j["target"] = m.target;
  j["src_lang"] = m.src_lang;
  j["tgt_lang"] = m.tgt_lang;
  j["penalties"] = ordered_json::array();
  for (const Penalty& p : m.penalties) {
    j["penalties"].push_back({{"kind", p.kind}, {"points", p.points}, {"detail", p.detail}});
  }
  if (!m.context.empty()) j["context"] = m.context;
  return j;
}

ordered_json lookup_answer_json(const std::string& query, const std::vector<Match>& matches,
                                const std::string& error) {
  ordered_json j;
  j["query"] = query;
  j["matches"] = ordered_json::array();
  for (const Match& m : matches) j["matches"].push_back(match_json(m));
  if (!error.empty()) j["error"] = error;
  return j;
}

ordered_json concordance_hit_json(const ConcordanceHit& h) {
  ordered_json j;
  j["id"] = h.id;
  j["source"] = h.source;
  j["target"] = h.target;
  j["src_lang"] = h.src_lang;
  j["tgt_lang"] = h.tgt_lang;
  j["source_hits"] = h.source_hits;
  j["target_hits"] = h.target_hits;
  return j;
}

ordered_json stats_json(const TmStats& st) {
  ordered_json j;
  j["units"] = st.units;
  j["documents"] = st.documents;
  j["pairs"] = ordered_json::array();
  for (const PairCount& p : st.pairs) {
    j["pairs"].push_back({{"src_lang", p.src_lang}, {"tgt_lang", p.tgt_lang}, {"units", p.units}});
  }
  j["size_bytes"] = st.size_bytes;
  j["schema_version"] = st.schema_version;
  return j;
}

std::string dump_json(const ordered_json& j) {
  return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace muwazi::tm
