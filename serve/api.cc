// The JSON endpoints: lookup, concordance, stats, align, units.
#include "serve/api.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>

#include "align/aligner.h"
#include "align/document_io.h"
#include "text/error.h"
#include "text/input.h"
#include "text/utf8.h"
#include "tm/concordance.h"
#include "tm/json.h"
#include "tm/lang.h"
#include "tm/sqlite_util.h"
#include "tm/stats.h"
#include "tm/tmx_reader.h"

namespace muwazi::serve {

namespace {

[[noreturn]] void bad(const std::string& m) { throw ApiError(http::status::bad_request, m); }

std::string checked_text(std::string_view s, const std::string& what, std::size_t max_bytes) {
  if (s.size() > max_bytes) {
    throw ApiError(http::status::bad_request, what + " is longer than " + std::to_string(max_bytes) + " bytes");
  }
  if (text::find_invalid_utf8(s) != text::kNpos) bad(what + ": invalid UTF-8");
  return text::to_nfc(s);
}

// A language parameter: "" when absent; 400 for a tag that is not one.
std::string lang_param(const std::optional<std::string>& v, const std::string& what) {
  if (!v || v->empty()) return "";
  if (!tm::is_known_language_tag(*v)) bad(what + ": '" + v->substr(0, 40) + "' is not a language tag");
  return *v;
}

std::string json_lang(const nlohmann::json& body, const char* key, const std::string& def) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return def;
  if (!it->is_string()) bad(std::string(key) + " must be a string");
  std::string v = it->get<std::string>();
  if (!tm::is_known_language_tag(v)) bad(std::string(key) + ": '" + v.substr(0, 40) + "' is not a language tag");
  return v;
}

double json_number(const nlohmann::json& body, const char* key, double def, double lo, double hi) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return def;
  if (!it->is_number()) bad(std::string(key) + " must be a number");
  double v = it->get<double>();
  if (!(v >= lo && v <= hi)) bad(std::string(key) + " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return v;
}

bool json_bool(const nlohmann::json& body, const char* key, bool def) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return def;
  if (!it->is_boolean()) bad(std::string(key) + " must be true or false");
  return it->get<bool>();
}

std::string json_string(const nlohmann::json& body, const char* key, const std::string& def, std::size_t max_bytes) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return def;
  if (!it->is_string()) bad(std::string(key) + " must be a string");
  return checked_text(it->get_ref<const std::string&>(), key, max_bytes);
}

// Provenance of a matched unit, as the web page shows it.
nlohmann::ordered_json provenance_of(Reader& reader, std::int64_t id) {
  tm::Stmt& st = reader.provenance_stmt();
  st.reset();
  st.bind(1, id);
  nlohmann::ordered_json p = nlohmann::ordered_json::object();
  if (st.step()) {
    auto put = [&](const char* key, int col) {
      if (!st.is_null(col) && !st.text(col).empty()) p[key] = st.str(col);
    };
    put("kind", 10);
    put("document", 0);
    put("document2", 1);
    put("pair_id", 2);
    put("url", 3);
    put("url2", 4);
    // When the unit itself was dated (TMX creationdate, a review), that
    // date and user; else the source's.
    if (!st.is_null(8)) {
      put("added_at", 8);
    } else {
      put("added_at", 5);
    }
    if (!st.is_null(9)) {
      put("added_by", 9);
    } else {
      put("added_by", 6);
    }
    p["reviewed"] = !st.is_null(7) && st.int64(7) != 0;
  }
  st.reset();
  return p;
}

// What to look up: `text` is TMX <seg> content when `codes` (its plain text
// is the query); prev/next are the neighbouring source sentences ("" = the
// document's start or end, nullopt = not given), as `muwazi tm lookup`
// --codes --prev --next take them.
struct LookupQuery {
  std::string text;
  bool codes = false;
  std::optional<std::string> prev, next;
};

nlohmann::ordered_json answer(Call& call, const LookupQuery& lq, const tm::LookupOptions& o) {
  std::vector<tm::Match> ms;
  std::string error;
  std::string query = lq.text;
  try {
    tm::Query tq;
    if (lq.codes) {
      tm::Segment seg = tm::parse_seg(lq.text, "query");
      query = seg.text;
      tq.markup = seg.markup;
    }
    tq.text = query;
    tq.prev = lq.prev;
    tq.next = lq.next;
    ms = call.reader.lookup().lookup(tq, o);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::kDatabase) throw;
    error = e.what();  // e.g. a query without a letter or digit
  }
  nlohmann::ordered_json a = tm::lookup_answer_json(query, ms, error);
  for (std::size_t i = 0; i < ms.size(); ++i) a["matches"][i]["provenance"] = provenance_of(call.reader, ms[i].id);
  return a;
}

}  // namespace

Params Params::parse(std::string_view query) {
  Params p;
  std::size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    std::size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view item = query.substr(start, amp - start);
    start = amp + 1;
    if (item.empty()) {
      if (amp >= query.size()) break;
      continue;
    }
    std::size_t eq = item.find('=');
    std::string k, v;
    if (!percent_decode(item.substr(0, eq), true, k) ||
        !percent_decode(eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1), true, v)) {
      bad("malformed %-escape in the query string");
    }
    if (text::find_invalid_utf8(k) != text::kNpos || text::find_invalid_utf8(v) != text::kNpos) {
      bad("query string: invalid UTF-8");
    }
    for (const auto& [k2, v2] : p.items_) {
      if (k2 == k) bad("parameter '" + k.substr(0, 40) + "' given twice");
    }
    p.items_.emplace_back(std::move(k), std::move(v));
    if (amp >= query.size()) break;
  }
  return p;
}

std::optional<std::string> Params::get(const std::string& name) const {
  for (const auto& [k, v] : items_) {
    if (k == name) return v;
  }
  return std::nullopt;
}

double Params::get_double(const std::string& name, double def, double lo, double hi) const {
  auto v = get(name);
  if (!v || v->empty()) return def;
  double d = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), d);
  if (ec != std::errc() || ptr != v->data() + v->size() || !(d >= lo && d <= hi)) {
    bad(name + " must be a number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return d;
}

int Params::get_int(const std::string& name, int def, int lo, int hi) const {
  auto v = get(name);
  if (!v || v->empty()) return def;
  int d = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), d);
  if (ec != std::errc() || ptr != v->data() + v->size() || d < lo || d > hi) {
    bad(name + " must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return d;
}

nlohmann::json body_json(const Call& call) {
  auto ct = call.req.find(http::field::content_type);
  if (ct != call.req.end()) {
    std::string_view v = sv(ct->value());
    std::string l(v.substr(0, v.find(';')));
    for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    while (!l.empty() && l.back() == ' ') l.pop_back();
    // text/plain is what a browser's simple fetch() sends; anything else
    // (a form, multipart) is not what these endpoints read.
    if (l != "application/json" && l != "text/plain") {
      throw ApiError(http::status::unsupported_media_type, "send the body as application/json");
    }
  }
  const std::string& b = call.req.body();
  if (text::find_invalid_utf8(b) != text::kNpos) bad("body: invalid UTF-8");
  nlohmann::json j = nlohmann::json::parse(b, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) bad("body is not valid JSON");
  if (!j.is_object()) bad("body must be a JSON object");
  return j;
}

nlohmann::ordered_json api_lookup_get(Call& call) {
  auto q = call.params.get("q");
  if (!q) bad("missing parameter q (the text to look up)");
  tm::LookupOptions o;
  o.src_lang = lang_param(call.params.get("src"), "src");
  o.tgt_lang = lang_param(call.params.get("tgt"), "tgt");
  o.min_score = call.params.get_double("min", 70, 0, 100);
  o.limit = call.params.get_int("max", 10, 1, call.config.limits.max_results);
  const std::size_t max_bytes = call.config.limits.max_query_bytes;
  LookupQuery lq;
  lq.text = checked_text(*q, "q", max_bytes);
  const std::string codes = call.params.get("codes").value_or("");
  if (!codes.empty() && codes != "0" && codes != "1" && codes != "false" && codes != "true") {
    bad("codes must be 1, 0, true or false");
  }
  lq.codes = codes == "1" || codes == "true";
  if (auto v = call.params.get("prev")) lq.prev = checked_text(*v, "prev", max_bytes);
  if (auto v = call.params.get("next")) lq.next = checked_text(*v, "next", max_bytes);
  return answer(call, lq, o);
}

nlohmann::ordered_json api_lookup_post(Call& call) {
  nlohmann::json body = body_json(call);
  auto qs = body.find("queries");
  if (qs == body.end() || !qs->is_array()) bad("body needs \"queries\": [\"text\", ...]");
  if (qs->size() > call.config.limits.max_queries) {
    bad("more than " + std::to_string(call.config.limits.max_queries) + " queries in one request");
  }
  tm::LookupOptions o;
  o.src_lang = json_lang(body, "src", "");
  o.tgt_lang = json_lang(body, "tgt", "");
  o.min_score = json_number(body, "min", 70, 0, 100);
  o.limit = static_cast<int>(json_number(body, "max", 10, 1, call.config.limits.max_results));
  const bool codes = json_bool(body, "codes", false);
  const std::size_t max_bytes = call.config.limits.max_query_bytes;
  nlohmann::ordered_json answers = nlohmann::ordered_json::array();
  for (const nlohmann::json& q : *qs) {
    // "text" or {"text", "prev"?, "next"?}
    LookupQuery lq;
    lq.codes = codes;
    if (q.is_string()) {
      lq.text = checked_text(q.get_ref<const std::string&>(), "query", max_bytes);
    } else if (q.is_object() && q.contains("text") && q["text"].is_string()) {
      lq.text = checked_text(q["text"].get_ref<const std::string&>(), "query", max_bytes);
      for (const char* side : {"prev", "next"}) {
        auto it = q.find(side);
        if (it == q.end() || it->is_null()) continue;
        if (!it->is_string()) bad(std::string(side) + " must be a string");
        (side[0] == 'p' ? lq.prev : lq.next) = checked_text(it->get_ref<const std::string&>(), side, max_bytes);
      }
    } else {
      bad("every query must be a string or {\"text\", \"prev\"?, \"next\"?}");
    }
    answers.push_back(answer(call, lq, o));
  }
  return {{"answers", std::move(answers)}};
}

nlohmann::ordered_json api_concordance(Call& call) {
  auto q = call.params.get("q");
  if (!q) bad("missing parameter q (the phrase)");
  std::string phrase = checked_text(*q, "q", call.config.limits.max_query_bytes);
  tm::ConcordanceOptions o;
  o.lang = lang_param(call.params.get("lang"), "lang");
  o.limit = call.params.get_int("max", 50, 1, call.config.limits.max_results);
  nlohmann::ordered_json hits = nlohmann::ordered_json::array();
  for (const tm::ConcordanceHit& h : tm::concordance(call.reader.tm(), phrase, o)) {
    hits.push_back(tm::concordance_hit_json(h));
  }
  return {{"query", phrase}, {"hits", std::move(hits)}};
}

nlohmann::ordered_json api_stats(Call& call) { return tm::stats_json(tm::tm_stats(call.reader.tm())); }

namespace {

align::Document document_of(const nlohmann::json& side, const char* key, const std::string& lang, bool presplit,
                            std::size_t max_sentences) {
  if (side.is_string()) {
    std::string clean = text::clean_text(side.get_ref<const std::string&>(), key);
    align::Document d = align::make_document(clean, lang, presplit);
    if (d.sentences.size() > max_sentences) bad(std::string(key) + ": more than " + std::to_string(max_sentences) + " sentences");
    return d;
  }
  if (!side.is_array()) bad(std::string(key) + " must be a text or an array of sentences");
  if (side.size() > max_sentences) bad(std::string(key) + ": more than " + std::to_string(max_sentences) + " sentences");
  align::Document d;
  d.lang = lang;
  for (const nlohmann::json& s : side) {
    if (!s.is_string()) bad(std::string(key) + ": every sentence must be a string");
    const std::string& t = s.get_ref<const std::string&>();
    if (text::find_invalid_utf8(t) != text::kNpos) bad(std::string(key) + ": invalid UTF-8");
    std::string one = text::to_nfc(t);
    for (char& c : one) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    d.sentences.push_back(std::move(one));
  }
  return d;
}

std::string primary(const std::string& tag) {
  std::string p = tm::lower_tag(tag);
  return p.substr(0, p.find_first_of("-_"));
}

}  // namespace

nlohmann::ordered_json api_align(Call& call) {
  nlohmann::json body = body_json(call);
  if (!body.contains("src") || !body.contains("tgt")) bad("body needs \"src\" and \"tgt\" (texts or sentence arrays)");
  const std::string src_lang = primary(json_lang(body, "src_lang", "ar"));
  const std::string tgt_lang = primary(json_lang(body, "tgt_lang", "en"));
  const bool presplit = json_bool(body, "presplit", false);
  align::AlignOptions o;
  // The `muwazi align` options, by their flag names without dashes.
  o.max_bead_side = static_cast<int>(json_number(body, "max_bead", 0, 0, 32));
  o.use_anchors = !json_bool(body, "no_anchors", false);
  o.learn_lexicon = !json_bool(body, "no_lexicon", false);
  o.realign_weak_stretches = !json_bool(body, "no_local", false);
  if (json_bool(body, "no_ratio", false)) {
    o.estimate_ratio = false;
    o.fixed_ratio = json_number(body, "fixed_ratio", 1.0, 0.01, 100);
  }
  const std::size_t max_s = call.config.limits.max_sentences;
  align::Document src = document_of(body["src"], "src", src_lang, presplit, max_s);
  align::Document tgt = document_of(body["tgt"], "tgt", tgt_lang, presplit, max_s);
  align::Alignment beads = align::align_documents(src, tgt, o);
  nlohmann::ordered_json out;
  out["src_sentences"] = src.sentences;
  out["tgt_sentences"] = tgt.sentences;
  nlohmann::ordered_json bs = nlohmann::ordered_json::array();
  for (const align::Bead& b : beads) {
    bs.push_back({{"src", b.src}, {"tgt", b.tgt}, {"score", std::round(b.score * 1e4) / 1e4}});
  }
  out["beads"] = std::move(bs);
  return out;
}

nlohmann::ordered_json api_units(Call& call) {
  nlohmann::json body = body_json(call);
  const std::string src_lang = json_lang(body, "src_lang", "");
  const std::string tgt_lang = json_lang(body, "tgt_lang", "");
  if (src_lang.empty() || tgt_lang.empty()) bad("body needs \"src_lang\" and \"tgt_lang\"");
  const std::string document = json_string(body, "document", "", 1000);
  if (document.empty()) bad("body needs \"document\" (the name of the reviewed document)");
  const std::string document2 = json_string(body, "document2", "", 1000);
  std::string user = json_string(body, "user", call.config.default_user, 200);
  auto us = body.find("units");
  if (us == body.end() || !us->is_array() || us->empty()) bad("body needs \"units\": [{\"source\", \"target\"}, ...]");
  if (us->size() > call.config.limits.max_sentences) bad("too many units in one request");
  char now[32];
  std::time_t t = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&t, &utc);
  std::strftime(now, sizeof now, "%Y%m%dT%H%M%SZ", &utc);
  std::vector<tm::Unit> units;
  for (std::size_t i = 0; i < us->size(); ++i) {
    const nlohmann::json& u = (*us)[i];
    const std::string where = "units[" + std::to_string(i) + "]";
    if (!u.is_object()) bad(where + " must be an object");
    tm::Unit unit;
    unit.source = {src_lang, json_string(u, "source", "", 1 << 20), nullptr};
    unit.target = {tgt_lang, json_string(u, "target", "", 1 << 20), nullptr};
    if (unit.source.text.empty() || unit.target.text.empty()) bad(where + " needs a non-empty source and target");
    unit.score = json_number(u, "score", -1, -1, 1);
    unit.position = static_cast<std::int64_t>(i);
    unit.created_at = now;
    unit.created_by = user;
    unit.reviewed = true;
    units.push_back(std::move(unit));
  }
  // Kind "review": units a person checked, from the pair of documents
  // named; units.reviewed = 1 too.
  tm::Provenance prov = tm::Provenance::file("review", document);
  prov.name2 = document2;
  prov.added_by = user;
  tm::WriteOptions wo;
  wo.user = user;
  tm::WriteStats st = call.writer->store(prov, units, wo);
  return {{"stored", st.added}, {"duplicates", st.identical + st.kept}};
}

}  // namespace muwazi::serve
