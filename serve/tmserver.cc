// The translate-toolkit tmserver / amaGama API, so that tools that speak it
// (Virtaal, Pootle, Weblate) use muwazi as their TM:
//   GET /tmserver/<slang>/<tlang>/unit/<text>?min_similarity=&max_candidates=
//     -> [{"source", "target", "context", "quality", "rank"}], best first.
// tmserver (translate/services/tmserver.py, storage/tmdb.py) answers
// source, target, context and quality (0-100, its Levenshtein similarity);
// amaGama (amagama/tmdb.py) answers source, target, quality and rank (its
// full-text rank). muwazi gives all five: quality is muwazi's score, rank is
// the candidate's 1-based position, context the empty string (muwazi keeps no
// gettext msgctxt). Defaults as amaGama's: min_similarity 70 (never below
// 30), max_candidates 5; a malformed language tag, or slang == tlang, is
// 404 as in amaGama.
//   GET /tmserver/languages/ -> {"sourceLanguages": [...], "targetLanguages": [...]}
#include <set>

#include "serve/api.h"
#include "text/error.h"
#include "text/utf8.h"
#include "tm/lang.h"
#include "tm/stats.h"

namespace muwazi::serve {

namespace {

// tmserver and amaGama accept "pt_BR" as well as "pt-BR".
std::string tag_of(std::string s) {
  for (char& c : s) {
    if (c == '_') c = '-';
  }
  return s;
}

}  // namespace

nlohmann::ordered_json api_tmserver(Call& call, const std::vector<std::string>& rest) {
  if (rest.size() == 2 && rest[0] == "languages" && rest[1].empty()) {
    const tm::TmStats st = tm::tm_stats(call.reader.tm());
    std::set<std::string> src, tgt;
    for (const tm::PairCount& p : st.pairs) {
      src.insert(tm::lower_tag(p.src_lang));
      tgt.insert(tm::lower_tag(p.tgt_lang));
    }
    return {{"sourceLanguages", src}, {"targetLanguages", tgt}};
  }
  if (rest.size() < 4 || rest[2] != "unit") {
    throw ApiError(http::status::not_found, "tmserver paths: /tmserver/languages/ and /tmserver/SRC/TGT/unit/TEXT");
  }
  const std::string slang = tag_of(rest[0]), tlang = tag_of(rest[1]);
  for (const std::string* l : {&slang, &tlang}) {
    if (!tm::is_known_language_tag(*l)) throw ApiError(http::status::not_found, "'" + l->substr(0, 40) + "' is not a language");
  }
  if (tm::lower_tag(slang) == tm::lower_tag(tlang)) {
    throw ApiError(http::status::not_found, "source and target language are the same");
  }
  // The unit text may itself contain '/' (the path's remaining parts).
  std::string text = rest[3];
  for (std::size_t i = 4; i < rest.size(); ++i) text += "/" + rest[i];
  if (text.size() > call.config.limits.max_query_bytes) {
    throw ApiError(http::status::bad_request, "unit text is longer than " +
                                                  std::to_string(call.config.limits.max_query_bytes) + " bytes");
  }
  tm::LookupOptions o;
  o.src_lang = slang;
  o.tgt_lang = tlang;
  o.min_score = std::max(30.0, call.params.get_double("min_similarity", 70, 0, 100));
  o.limit = call.params.get_int("max_candidates", 5, 1, call.config.limits.max_results);
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  std::vector<tm::Match> ms;
  try {
    ms = call.reader.lookup().lookup(text::to_nfc(text), o);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::kDatabase) throw;
    return out;  // nothing to match (no letter or digit): no candidate, as tmserver
  }
  int rank = 0;
  for (const tm::Match& m : ms) {
    out.push_back({{"source", m.source},
                   {"target", m.target},
                   {"context", ""},
                   {"quality", m.score},
                   {"rank", ++rank}});
  }
  return out;
}

}  // namespace muwazi::serve
