#include "tm/codes.h"

#include <map>

namespace muwazi::tm {
namespace {

using nlohmann::json;

bool is_code(std::string_view e) { return e == "bpt" || e == "ept" || e == "it" || e == "ph" || e == "ut"; }

struct Walker {
  std::string out;
  std::size_t offset = 0;  // bytes of plain text so far (tm/tmx_reader.h's rule)
  std::map<std::string, int> ids;  // `i` value -> rank of first appearance

  void entry(std::string_view kind, const std::string& attrs, const std::string& content) {
    if (!out.empty()) out += '\x1e';
    out += std::to_string(offset);
    out += '\x1f';
    out += kind;
    out += '\x1f';
    out += attrs;
    out += '\x1f';
    out += content;
  }

  // The attributes that say what the code is, in a fixed order (json
  // objects keep their keys sorted): `i` renumbered, `x` left out.
  std::string attrs_of(const json& item) {
    if (!item.contains("a") || !item["a"].is_object()) return "";
    json a = json::object();
    for (const auto& [k, v] : item["a"].items()) {
      if (k == "x") continue;
      std::string value = v.is_string() ? v.get<std::string>() : v.dump();
      if (k == "i") value = std::to_string(ids.emplace(value, static_cast<int>(ids.size()) + 1).first->second);
      a[k] = value;
    }
    return a.empty() ? std::string() : a.dump(-1, ' ', false, json::error_handler_t::replace);
  }

  void walk(const json& items) {
    if (!items.is_array()) return;
    for (const json& it : items) {
      if (it.is_string()) {
        offset += it.get_ref<const std::string&>().size();
        continue;
      }
      if (!it.is_object() || !it.contains("e") || !it["e"].is_string()) continue;
      const std::string& e = it["e"].get_ref<const std::string&>();
      const json none = json::array();
      const json& c = it.contains("c") ? it["c"] : none;
      if (e == "hi") {
        // Highlighted plain text: its boundaries are codes, its text is text.
        const std::string a = attrs_of(it);
        entry("hi", a, "");
        walk(c);
        entry("/hi", "", "");
      } else if (is_code(e) || e == "sub") {
        // Native code and sub-flows are not plain text: their content is
        // part of the code.
        entry(e, attrs_of(it), c.dump(-1, ' ', false, json::error_handler_t::replace));
      }
    }
  }
};

}  // namespace

std::string code_signature(const json& markup) {
  Walker w;
  w.walk(markup);
  return std::move(w.out);
}

std::string code_shape(std::string_view signature) {
  std::string out;
  std::size_t at = 0;
  while (at < signature.size()) {
    std::size_t end = signature.find('\x1e', at);
    if (end == std::string_view::npos) end = signature.size();
    const std::string_view e = signature.substr(at, end - at);
    const std::size_t f = e.find('\x1f');
    if (!out.empty()) out += '\x1e';
    out += f == std::string_view::npos ? e : e.substr(f + 1);
    at = end + 1;
  }
  return out;
}

}  // namespace muwazi::tm
