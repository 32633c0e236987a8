#include "tm/tmx_reader.h"

#include <libxml/xmlreader.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "text/error.h"
#include "text/utf8.h"
#include "tm/keys.h"
#include "tm/lang.h"
#include "tm/sha256.h"

namespace muwazi::tm {
namespace {

using nlohmann::json;

bool is_code_element(std::string_view n) { return n == "bpt" || n == "ept" || n == "it" || n == "ph" || n == "ut"; }
bool is_inline_element(std::string_view n) { return is_code_element(n) || n == "hi" || n == "sub"; }

// JSON members stay null until something is added: most tuvs have no
// props, notes or other attributes, and an empty JSON array or object costs
// an allocation (null.push_back() and null[key] make one).
struct Tuv {
  std::string lang;
  std::string text;
  json markup;
  json props;
  json notes;
  json attrs;
};

// Feeds libxml2 from a FILE*, hashing the bytes on the way.
struct Input {
  std::FILE* f = nullptr;
  Sha256 sha;
  bool read_error = false;
  static int read(void* ctx, char* buf, int len) {
    auto* in = static_cast<Input*>(ctx);
    std::size_t n = std::fread(buf, 1, static_cast<std::size_t>(len), in->f);
    if (n == 0 && std::ferror(in->f)) {
      in->read_error = true;
      return -1;
    }
    in->sha.update(buf, n);
    return static_cast<int>(n);
  }
  static int close(void*) { return 0; }
};

class Reader {
 public:
  Reader(const std::string& path, Input& in) : path_(path), in_(&in) {
    // No XML_PARSE_NOENT (no entity substitution), no DTDLOAD/DTDVALID, no
    // network; XML_PARSE_HUGE stays off so libxml2's own limits apply.
    r_ = xmlReaderForIO(&Input::read, &Input::close, &in, path.c_str(), nullptr,
                        XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
    if (!r_) throw Error::Io(path + ": cannot start the XML reader");
    xmlTextReaderSetStructuredErrorHandler(r_, &Reader::on_error, this);
  }
  // A document in memory, with the same parser options.
  Reader(const std::string& name, std::string_view doc) : path_(name) {
    r_ = xmlReaderForMemory(doc.data(), static_cast<int>(doc.size()), nullptr, nullptr,
                            XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
    if (!r_) throw Error::Io(name + ": cannot start the XML reader");
    xmlTextReaderSetStructuredErrorHandler(r_, &Reader::on_error, this);
  }
  ~Reader() { xmlFreeTextReader(r_); }

  // Next node; false at the end of the document.
  bool next() {
    int rc = xmlTextReaderRead(r_);
    if (rc == 1 && error_.empty()) return true;
    if (in_ && in_->read_error) throw Error::Io(path_ + ": read error: " + std::strerror(errno));
    if (!error_.empty()) throw Error::Input(error_);
    if (rc < 0) fail("malformed XML");
    return false;
  }
  int type() const { return xmlTextReaderNodeType(r_); }
  std::string_view name() const {
    const xmlChar* n = xmlTextReaderConstLocalName(r_);
    return n ? std::string_view(reinterpret_cast<const char*>(n)) : std::string_view();
  }
  std::string_view value() const {
    const xmlChar* v = xmlTextReaderConstValue(r_);
    return v ? std::string_view(reinterpret_cast<const char*>(v)) : std::string_view();
  }
  int depth() const { return xmlTextReaderDepth(r_); }
  bool empty() const { return xmlTextReaderIsEmptyElement(r_) == 1; }
  int line() const { return xmlTextReaderGetParserLineNumber(r_); }

  // Calls fn(qualified name, value) for each attribute of the current element.
  template <typename Fn>
  void for_each_attr(Fn&& fn) {
    if (xmlTextReaderMoveToFirstAttribute(r_) == 1) {
      do {
        const xmlChar* n = xmlTextReaderConstName(r_);
        fn(std::string_view(reinterpret_cast<const char*>(n)), value());
      } while (xmlTextReaderMoveToNextAttribute(r_) == 1);
      xmlTextReaderMoveToElement(r_);
    }
  }

  // All attributes of the current element, by qualified name.
  json attrs() {
    json a = json::object();
    for_each_attr([&](std::string_view n, std::string_view v) { a[std::string(n)] = std::string(v); });
    return a;
  }

  [[noreturn]] void fail(const std::string& why) const {
    throw Error::Input(path_ + ":" + std::to_string(line()) + ": " + why);
  }

  // Text content of the current element (prop, note), which must not have
  // child elements.
  std::string text_content() {
    std::string out;
    if (empty()) return out;
    int d = depth();
    while (next()) {
      int t = type();
      if (t == XML_READER_TYPE_END_ELEMENT && depth() == d) return out;
      if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA || t == XML_READER_TYPE_WHITESPACE ||
          t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
        out.append(value());
      } else if (t == XML_READER_TYPE_ENTITY_REFERENCE) {
        fail("entity references are not supported");
      } else if (t == XML_READER_TYPE_ELEMENT) {
        fail("unexpected <" + std::string(name()) + "> inside text");
      }
    }
    fail("unexpected end of file");
  }

  // Skips the current element's subtree.
  void skip() {
    if (empty()) return;
    int d = depth();
    while (next()) {
      if (type() == XML_READER_TYPE_END_ELEMENT && depth() == d) return;
      if (type() == XML_READER_TYPE_ENTITY_REFERENCE) fail("entity references are not supported");
    }
    fail("unexpected end of file");
  }

 private:
  static void on_error(void* ctx, xmlErrorPtr err) {
    auto* self = static_cast<Reader*>(ctx);
    if (!err || err->level < XML_ERR_ERROR || !self->error_.empty()) return;
    std::string msg = err->message ? err->message : "XML error";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    self->error_ = self->path_ + ":" + std::to_string(err->line) + ": XML error: " + msg;
  }

  std::string path_;
  Input* in_ = nullptr;
  xmlTextReaderPtr r_ = nullptr;
  std::string error_;
};

// Reads a <seg> (current node) into text and markup.
void read_seg(Reader& r, Tuv& tuv) {
  tuv.text.clear();
  tuv.markup = nullptr;
  if (r.empty()) return;
  const int seg_depth = r.depth();
  // Plain text (the common case) only fills tuv.text; the markup tree is
  // built from the first inline element on, starting with the text so far
  // (all of it plain: no code or sub is open before the first element).
  json root;
  bool has_elements = false;
  // Open inline elements: the json object being built and whether it is code.
  struct Open {
    json obj;
    bool code;
  };
  std::vector<Open> stack;
  int code_depth = 0;
  auto container = [&]() -> json& { return stack.empty() ? root : stack.back().obj["c"]; };
  auto close_top = [&]() {
    Open o = std::move(stack.back());
    stack.pop_back();
    if (o.code) --code_depth;
    container().push_back(std::move(o.obj));
  };
  while (r.next()) {
    int t = r.type();
    if (t == XML_READER_TYPE_END_ELEMENT) {
      if (r.depth() == seg_depth) break;
      close_top();
    } else if (t == XML_READER_TYPE_ELEMENT) {
      std::string n(r.name());
      if (!is_inline_element(n)) r.fail("unexpected <" + n + "> inside <seg>");
      if (!has_elements) {
        root = json::array();
        if (!tuv.text.empty()) root.push_back(tuv.text);
        has_elements = true;
      }
      bool code = is_code_element(n);
      json obj = {{"e", n}, {"a", r.attrs()}, {"c", json::array()}};
      if (obj["a"].empty()) obj.erase("a");
      if (code) ++code_depth;
      stack.push_back({std::move(obj), code});
      if (r.empty()) close_top();
    } else if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA || t == XML_READER_TYPE_WHITESPACE ||
               t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
      std::string_view v = r.value();
      if (!has_elements) {
        tuv.text.append(v);
        continue;
      }
      json& c = container();
      if (!c.empty() && c.back().is_string()) {
        c.back().get_ref<std::string&>().append(v);
      } else {
        c.push_back(std::string(v));
      }
      bool in_sub = false;
      for (const Open& o : stack) in_sub = in_sub || o.obj["e"] == "sub";
      if (code_depth == 0 && !in_sub) tuv.text.append(v);
    } else if (t == XML_READER_TYPE_ENTITY_REFERENCE) {
      r.fail("entity references are not supported");
    }
  }
  if (has_elements) tuv.markup = std::move(root);
}

json prop_of(Reader& r) {
  std::string type, lang;
  bool has_lang = false;
  r.for_each_attr([&](std::string_view n, std::string_view v) {
    if (n == "type") {
      type = v;
    } else if (n == "xml:lang") {
      lang = v;
      has_lang = true;
    }
  });
  // Member by member: an initializer list {{"type", ...}, ...} builds each
  // pair as a JSON array and copies it (a third of the reader thread's
  // allocations in a TMX with one prop per tu).
  json p = json::object();
  p["type"] = std::move(type);
  p["value"] = r.text_content();
  if (has_lang) p["lang"] = std::move(lang);
  return p;
}

// Language tags already checked in this file (a TMX file uses a few):
// is_known_language_tag() asks ICU, which costs more than the rest of a tuv.
class KnownTags {
 public:
  bool known(std::string_view tag) {
    for (const std::string& t : tags_) {
      if (t == tag) return true;
    }
    if (!is_known_language_tag(tag)) return false;
    if (tags_.size() < 64) tags_.emplace_back(tag);
    return true;
  }

 private:
  std::vector<std::string> tags_;
};

Tuv read_tuv(Reader& r, KnownTags& tags) {
  Tuv tuv;
  std::string xml_lang, old_lang;  // xml:lang; lang (TMX 1.1-1.3)
  bool has_xml_lang = false, has_old_lang = false;
  r.for_each_attr([&](std::string_view n, std::string_view v) {
    if (n == "xml:lang") {
      xml_lang = v;
      has_xml_lang = true;
    } else if (n == "lang") {
      old_lang = v;
      has_old_lang = true;
    } else {
      tuv.attrs[std::string(n)] = std::string(v);
    }
  });
  if (!has_xml_lang && !has_old_lang) r.fail("<tuv> without xml:lang");
  std::string lang = has_xml_lang ? std::move(xml_lang) : std::move(old_lang);
  if (!tags.known(lang)) r.fail("unknown language tag '" + lang + "'");
  tuv.lang = std::move(lang);
  bool seen_seg = false;
  if (r.empty()) r.fail("<tuv> without <seg>");
  int d = r.depth();
  while (r.next()) {
    int t = r.type();
    if (t == XML_READER_TYPE_END_ELEMENT && r.depth() == d) break;
    if (t == XML_READER_TYPE_ENTITY_REFERENCE) r.fail("entity references are not supported");
    if (t != XML_READER_TYPE_ELEMENT) continue;
    std::string_view n = r.name();
    if (n == "seg") {
      read_seg(r, tuv);
      seen_seg = true;
    } else if (n == "prop") {
      tuv.props.push_back(prop_of(r));
    } else if (n == "note") {
      tuv.notes.push_back(r.text_content());
    } else {
      r.skip();
    }
  }
  if (!seen_seg) r.fail("<tuv> without <seg>");
  return tuv;
}

// A copy of v, or v itself (moved out) when `take`.
template <typename T>
T copy_or_take(T& v, bool take) {
  if (take) return std::move(v);
  return v;
}

// A tuv's props, notes and other attributes, moved out of it.
json take_side_extra(Tuv& t) {
  json e;
  if (!t.props.empty()) e["props"] = std::move(t.props);
  if (!t.notes.empty()) e["notes"] = std::move(t.notes);
  if (!t.attrs.empty()) e["attrs"] = std::move(t.attrs);
  return e;
}

// The contexts a tu's props carry: OmegaT's "prev" and "next" (the texts of
// the source segments around it; both needed) and muwazi's own
// "x-muwazi-context" ("PREV NEXT", tm/keys.h context_hash()es in hex, one
// prop per context), which is taken out of the props: it is stored as the
// unit's contexts, and export writes it back from them. Trados' x-Context
// (a hash of its own making) is left as a prop.
std::vector<Context> take_contexts(json& props) {
  std::vector<Context> out;
  if (!props.is_array()) return out;
  // Most files have none of these props: leave their props untouched (no
  // copy, no allocation).
  const bool any = std::any_of(props.begin(), props.end(), [](const json& p) {
    const auto t = p.find("type");
    return t != p.end() && t->is_string() && (*t == "prev" || *t == "next" || *t == "x-muwazi-context");
  });
  if (!any) return out;
  std::optional<std::string> prev, next;
  json kept = json::array();
  for (json& p : props) {
    const std::string type = p.value("type", std::string());
    const json& v = p["value"];
    if (!v.is_string()) {
      kept.push_back(std::move(p));
      continue;
    }
    if (type == "x-muwazi-context") {
      const std::string& s = v.get_ref<const std::string&>();
      const std::size_t sp = s.find(' ');
      if (sp == 16 && s.size() == 33) {
        // Two 16-digit hex hashes; from_chars reads in place (no temporary
        // whose end pointer would outlive it).
        Context c;
        const char* b = s.data();
        const auto r1 = std::from_chars(b, b + 16, c.prev, 16);
        const auto r2 = std::from_chars(b + 17, b + 33, c.next, 16);
        if (r1.ec == std::errc() && r1.ptr == b + 16 && r2.ec == std::errc() && r2.ptr == b + 33) {
          out.push_back(c);
          continue;
        }
      }
      kept.push_back(std::move(p));  // not ours after all: kept as it was
      continue;
    }
    if (type == "prev") prev = v.get<std::string>();
    if (type == "next") next = v.get<std::string>();
    kept.push_back(std::move(p));
  }
  if (prev && next) {
    Context c{context_hash(*prev), context_hash(*next)};
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  props = kept.empty() ? json() : std::move(kept);
  return out;
}

}  // namespace

TmxReadStats read_tmx(const std::string& path, const TmxReadOptions& options,
                      const std::function<void(Unit&&)>& on_unit) {
  TmxReadStats stats;
  Input in;
  in.f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!in.f) throw Error::Io(path + ": cannot open: " + std::strerror(errno));
  struct Closer {
    std::FILE* f;
    ~Closer() {
      if (f && f != stdin) std::fclose(f);
    }
  } closer{in.f};
  Reader r(path, in);

  // Root element.
  bool found_root = false;
  while (r.next()) {
    if (r.type() == XML_READER_TYPE_ELEMENT) {
      found_root = true;
      break;
    }
  }
  if (!found_root) throw Error::Input(path + ": empty document, not TMX");
  if (r.name() != "tmx") r.fail("not a TMX file (root element <" + std::string(r.name()) + ">)");
  std::string header_srclang;
  std::int64_t tu_index = 0;
  KnownTags tags;
  std::vector<Tuv> tuvs;
  std::vector<std::size_t> targets;  // tuvs that make a unit with the source
  while (r.next()) {
    if (r.type() != XML_READER_TYPE_ELEMENT) {
      if (r.type() == XML_READER_TYPE_ENTITY_REFERENCE) r.fail("entity references are not supported");
      continue;
    }
    std::string_view n = r.name();
    if (n == "header") {
      json a = r.attrs();
      header_srclang = a.value("srclang", "");
      r.skip();
      continue;
    }
    if (n == "body") continue;  // descend
    if (n != "tu") {
      r.skip();
      continue;
    }
    // A <tu>.
    ++stats.tus;
    Unit base;
    std::string tu_srclang;
    json tu_attrs;  // the others; null while there are none
    r.for_each_attr([&](std::string_view n, std::string_view v) {
      if (n == "tuid") {
        base.tuid = v;
      } else if (n == "creationdate") {
        base.created_at = v;
      } else if (n == "creationid") {
        base.created_by = v;
      } else if (n == "changedate") {
        base.changed_at = v;
      } else if (n == "changeid") {
        base.changed_by = v;
      } else if (n == "srclang") {
        tu_srclang = v;
      } else {
        tu_attrs[std::string(n)] = std::string(v);
      }
    });
    base.position = tu_index++;
    json props, notes;  // null while empty
    tuvs.clear();
    if (!r.empty()) {
      int d = r.depth();
      while (r.next()) {
        int t = r.type();
        if (t == XML_READER_TYPE_END_ELEMENT && r.depth() == d) break;
        if (t == XML_READER_TYPE_ENTITY_REFERENCE) r.fail("entity references are not supported");
        if (t != XML_READER_TYPE_ELEMENT) continue;
        std::string_view cn = r.name();
        if (cn == "tuv") {
          tuvs.push_back(read_tuv(r, tags));
        } else if (cn == "prop") {
          props.push_back(prop_of(r));
        } else if (cn == "note") {
          notes.push_back(r.text_content());
        } else {
          r.skip();
        }
      }
    }
    // Choose the source tuv.
    int src = -1;
    auto find_lang = [&](const std::string& lang) {
      if (lang.empty() || lang == "*all*") return -1;
      for (std::size_t i = 0; i < tuvs.size(); ++i) {
        if (lang_matches(lang, tuvs[i].lang)) return static_cast<int>(i);
      }
      return -1;
    };
    if (!options.src_lang.empty()) {
      src = find_lang(options.src_lang);
    } else {
      src = find_lang(tu_srclang);
      if (src < 0) src = find_lang(header_srclang);
      if (src < 0 && !tuvs.empty()) src = 0;
    }
    if (src < 0) {
      ++stats.skipped_tus;
      continue;
    }
    std::int64_t empties = 0;
    targets.clear();
    Tuv& s = tuvs[static_cast<std::size_t>(src)];
    const std::string src_tag = lower_tag(s.lang);
    const bool src_blank = s.text.find_first_not_of(" \t\r\n") == std::string::npos;
    for (std::size_t i = 0; i < tuvs.size(); ++i) {
      if (static_cast<int>(i) == src) continue;
      if (lower_tag(tuvs[i].lang) == src_tag) continue;
      if (!options.tgt_lang.empty() && !lang_matches(options.tgt_lang, tuvs[i].lang)) continue;
      if (src_blank || tuvs[i].text.find_first_not_of(" \t\r\n") == std::string::npos) {
        ++stats.empty_segments;
        ++empties;
        continue;
      }
      targets.push_back(i);
    }
    json se = take_side_extra(s);
    std::vector<Context> contexts = take_contexts(props);
    for (std::size_t k = 0; k < targets.size(); ++k) {
      const std::size_t i = targets[k];
      // The tu's data is copied into each unit but the last, which takes it
      // (most tus make one unit); each target tuv makes one unit.
      const bool last = k + 1 == targets.size();
      json te = take_side_extra(tuvs[i]);
      Unit u = copy_or_take(base, last);
      u.source = Segment{copy_or_take(s.lang, last), copy_or_take(s.text, last), copy_or_take(s.markup, last)};
      u.target = Segment{std::move(tuvs[i].lang), std::move(tuvs[i].text), std::move(tuvs[i].markup)};
      json extra;
      if (!props.empty()) extra["props"] = copy_or_take(props, last);
      if (!notes.empty()) extra["notes"] = copy_or_take(notes, last);
      if (!tu_attrs.empty()) extra["attrs"] = copy_or_take(tu_attrs, last);
      if (!se.empty()) extra["src"] = copy_or_take(se, last);
      if (!te.empty()) extra["tgt"] = std::move(te);
      if (!extra.empty()) u.extra = std::move(extra);
      u.contexts = copy_or_take(contexts, last);
      // libxml2 hands out valid UTF-8 whatever the file encoding.
      ++stats.units;
      on_unit(std::move(u));
    }
    if (targets.empty() && empties == 0) ++stats.skipped_tus;
  }
  stats.sha256 = in.sha.hex();
  return stats;
}

Segment parse_seg(std::string_view content, const std::string& what) {
  if (text::find_invalid_utf8(content) != text::kNpos) throw Error::Input(what + ": invalid UTF-8");
  std::string doc = "<seg>";
  doc.append(content);
  doc += "</seg>";
  Reader r(what, doc);
  Tuv tuv;
  bool found = false;
  while (r.next()) {
    if (r.type() == XML_READER_TYPE_ELEMENT && r.name() == "seg" && r.depth() == 0) {
      read_seg(r, tuv);
      found = true;
    } else if (r.type() == XML_READER_TYPE_ENTITY_REFERENCE) {
      r.fail("entity references are not supported");
    }
  }
  if (!found) throw Error::Input(what + ": not TMX seg content");
  Segment seg;
  seg.text = std::move(tuv.text);
  seg.markup = std::move(tuv.markup);
  return seg;
}

}  // namespace muwazi::tm
