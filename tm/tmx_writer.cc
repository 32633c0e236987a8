#include "tm/tmx_writer.h"

#include <libxml/xmlwriter.h>

#include <regex>

#include "text/error.h"
#include "tm/lang.h"
#include "tm/sqlite_util.h"

namespace muwazi::tm {
namespace {

using nlohmann::json;

bool wanted(const Unit& u, const ExportOptions& o) {
  return lang_matches(o.src_lang, u.source.lang) && lang_matches(o.tgt_lang, u.target.lang) &&
         (u.score < 0 || u.score >= o.min_score);
}

// XML 1.0 Char production: drop C0 controls except TAB, LF, CR.
std::string xml_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    unsigned char b = static_cast<unsigned char>(c);
    if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') continue;
    out.push_back(c);
  }
  return out;
}

bool is_tmx_date(const std::string& s) {
  static const std::regex kDate("[0-9]{8}T[0-9]{6}Z");
  return std::regex_match(s, kDate);
}

class XmlOut {
 public:
  explicit XmlOut(std::ostream& out) : out_(out) {
    xmlOutputBufferPtr buf = xmlOutputBufferCreateIO(&XmlOut::write_cb, &XmlOut::close_cb, this, nullptr);
    w_ = xmlNewTextWriter(buf);
    if (!w_) throw Error::Io("cannot create the XML writer");
    xmlTextWriterSetIndent(w_, 0);
  }
  ~XmlOut() {
    if (w_) xmlFreeTextWriter(w_);
  }
  void check(int rc) {
    if (rc < 0 || !out_) throw Error::Io("error writing TMX output");
  }
  void start(const char* name) { check(xmlTextWriterStartElement(w_, BAD_CAST name)); }
  void end() { check(xmlTextWriterEndElement(w_)); }
  void attr(const char* name, const std::string& v) {
    check(xmlTextWriterWriteAttribute(w_, BAD_CAST name, BAD_CAST xml_safe(v).c_str()));
  }
  void text(std::string_view v) { check(xmlTextWriterWriteString(w_, BAD_CAST xml_safe(v).c_str())); }
  void raw_newline() { check(xmlTextWriterWriteRaw(w_, BAD_CAST "\n")); }
  void element(const char* name, const std::string& v) {
    start(name);
    text(v);
    end();
  }
  xmlTextWriterPtr w() { return w_; }
  void finish() {
    check(xmlTextWriterEndDocument(w_));
    check(xmlTextWriterFlush(w_));
  }

 private:
  static int write_cb(void* ctx, const char* buf, int len) {
    auto* self = static_cast<XmlOut*>(ctx);
    self->out_.write(buf, len);
    // A failed stream is reported by check() as one Error::Io; returning -1
    // here would also make libxml2 print its own "I/O error" line.
    return len;
  }
  static int close_cb(void*) { return 0; }
  std::ostream& out_;
  xmlTextWriterPtr w_ = nullptr;
};

bool is_inline(const std::string& n) {
  return n == "bpt" || n == "ept" || n == "it" || n == "ph" || n == "ut" || n == "hi" || n == "sub";
}

bool inline_attr_allowed(const std::string& e, const std::string& a) {
  if (e == "bpt") return a == "i" || a == "x" || a == "type";
  if (e == "ept") return a == "i";
  if (e == "sub") return a == "datatype" || a == "type";
  if (e == "it") return a == "pos" || a == "x" || a == "type";
  if (e == "ph") return a == "x" || a == "assoc" || a == "type";
  if (e == "hi") return a == "x" || a == "type";
  if (e == "ut") return a == "x";
  return false;
}

void write_items(XmlOut& x, const json& items) {
  for (const json& it : items) {
    if (it.is_string()) {
      x.text(it.get_ref<const std::string&>());
    } else if (it.is_object() && it.contains("e") && is_inline(it["e"].get<std::string>())) {
      x.start(it["e"].get<std::string>().c_str());
      if (it.contains("a")) {
        const std::string& e = it["e"].get_ref<const std::string&>();
        for (const auto& [k, v] : it["a"].items()) {
          // Only the attributes TMX 1.4b declares for the element, so the
          // output stays valid whatever the input carried.
          if (inline_attr_allowed(e, k)) x.attr(k.c_str(), v.is_string() ? v.get<std::string>() : v.dump());
        }
      }
      if (it.contains("c")) write_items(x, it["c"]);
      x.end();
    }
  }
}

void write_props_notes(XmlOut& x, const json& e) {
  if (!e.is_object()) return;
  if (e.contains("notes")) {
    for (const json& n : e["notes"]) x.element("note", n.is_string() ? n.get<std::string>() : n.dump());
  }
  if (e.contains("props")) {
    for (const json& p : e["props"]) {
      x.start("prop");
      x.attr("type", p.value("type", std::string("x-unknown")));
      if (p.contains("lang")) x.attr("xml:lang", p["lang"].get<std::string>());
      x.text(p.value("value", std::string()));
      x.end();
    }
  }
}

void write_attrs(XmlOut& x, const json& e, std::initializer_list<const char*> allowed) {
  if (!e.is_object() || !e.contains("attrs")) return;
  for (const char* a : allowed) {
    if (e["attrs"].contains(a) && e["attrs"][a].is_string()) x.attr(a, e["attrs"][a].get<std::string>());
  }
}

void write_tuv(XmlOut& x, const Segment& s, const json& side) {
  x.start("tuv");
  x.attr("xml:lang", s.lang);
  write_attrs(x, side, {"o-encoding", "datatype", "usagecount", "lastusagedate", "creationtool",
                        "creationtoolversion", "creationdate", "creationid", "changedate", "o-tmf", "changeid"});
  write_props_notes(x, side);
  x.start("seg");
  if (s.markup.is_array()) {
    write_items(x, s.markup);
  } else {
    x.text(s.text);
  }
  x.end();
  x.end();
}

std::string common_source_lang(const Tm& tm, const ExportOptions& o) {
  Stmt s(tm.db(), tm.path(), "SELECT DISTINCT lower(src_lang), lower(tgt_lang) FROM units");
  std::string lang;
  while (s.step()) {
    if (!lang_matches(o.src_lang, s.text(0)) || !lang_matches(o.tgt_lang, s.text(1))) continue;
    if (!lang.empty() && lang != s.text(0)) return "*all*";
    lang = s.str(0);
  }
  return lang.empty() ? "*all*" : lang;
}

}  // namespace

std::int64_t write_tmx(const Tm& tm, std::ostream& out, const ExportOptions& o) {
  XmlOut x(out);
  x.check(xmlTextWriterStartDocument(x.w(), "1.0", "UTF-8", nullptr));
  x.raw_newline();
  x.start("tmx");
  x.attr("version", "1.4");
  x.raw_newline();
  x.start("header");
  x.attr("creationtool", "muwazi");
  x.attr("creationtoolversion", "0.1.0");
  x.attr("segtype", "sentence");
  x.attr("o-tmf", "muwazi");
  x.attr("adminlang", "en");
  x.attr("srclang", common_source_lang(tm, o));
  x.attr("datatype", "plaintext");
  x.end();
  x.raw_newline();
  x.start("body");
  x.raw_newline();
  std::int64_t n = 0;
  tm.for_each_unit([&](const StoredUnit& su) {
    const Unit& u = su.unit;
    if (!wanted(u, o)) return;
    x.start("tu");
    if (!u.tuid.empty()) x.attr("tuid", u.tuid);
    x.attr("srclang", u.source.lang);
    if (is_tmx_date(u.created_at)) x.attr("creationdate", u.created_at);
    if (!u.created_by.empty()) x.attr("creationid", u.created_by);
    if (is_tmx_date(u.changed_at)) x.attr("changedate", u.changed_at);
    if (!u.changed_by.empty()) x.attr("changeid", u.changed_by);
    write_attrs(x, u.extra, {"o-encoding", "datatype", "usagecount", "lastusagedate", "creationtool",
                             "creationtoolversion", "segtype", "o-tmf"});
    write_props_notes(x, u.extra);
    auto prop = [&](const char* type, const std::string& v) {
      if (v.empty()) return;
      x.start("prop");
      x.attr("type", type);
      x.text(v);
      x.end();
    };
    if (!su.source_name.empty()) prop("x-muwazi-origin", su.source_kind + ":" + su.source_name);
    if (u.position >= 0) prop("x-muwazi-position", std::to_string(u.position));
    if (u.score >= 0) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.4f", u.score);
      prop("x-muwazi-score", buf);
    }
    prop("x-muwazi-bead", u.bead);
    prop("x-muwazi-src-sentences", u.src_sentences);
    prop("x-muwazi-tgt-sentences", u.tgt_sentences);
    for (const Context& c : u.contexts) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%016llx %016llx", static_cast<unsigned long long>(c.prev),
                    static_cast<unsigned long long>(c.next));
      prop("x-muwazi-context", buf);
    }
    json none;
    write_tuv(x, u.source, u.extra.is_object() && u.extra.contains("src") ? u.extra["src"] : none);
    write_tuv(x, u.target, u.extra.is_object() && u.extra.contains("tgt") ? u.extra["tgt"] : none);
    x.end();
    x.raw_newline();
    ++n;
  });
  x.end();  // body
  x.raw_newline();
  x.end();  // tmx
  x.raw_newline();
  x.finish();
  return n;
}

namespace {
// A segment on one line of a line-oriented file (and one field of a TSV).
std::string one_line(std::string s) {
  for (char& c : s) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return s;
}
}  // namespace

std::int64_t write_moses(const Tm& tm, std::ostream& src_out, std::ostream& tgt_out, const ExportOptions& o) {
  std::int64_t n = 0;
  tm.for_each_unit([&](const StoredUnit& su) {
    if (!wanted(su.unit, o)) return;
    src_out << one_line(su.unit.source.text) << '\n';
    tgt_out << one_line(su.unit.target.text) << '\n';
    ++n;
  });
  if (!src_out || !tgt_out) throw Error::Io("error writing the Moses files");
  return n;
}

std::int64_t write_tsv(const Tm& tm, std::ostream& out, const ExportOptions& o) {
  std::int64_t n = 0;
  auto clean = one_line;
  tm.for_each_unit([&](const StoredUnit& su) {
    if (!wanted(su.unit, o)) return;
    out << clean(su.unit.source.text) << '\t' << clean(su.unit.target.text) << '\n';
    ++n;
  });
  if (!out) throw Error::Io("error writing TSV output");
  return n;
}

}  // namespace muwazi::tm
