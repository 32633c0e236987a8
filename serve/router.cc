// Routing and the checks every request passes before an endpoint runs.
#include "serve/router.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <new>

#include "serve/api.h"
#include "serve/web_assets.h"
#include "text/error.h"
#include "text/utf8.h"
#include "tm/json.h"

namespace muwazi::serve {

Reader::Reader(const std::string& db_path)
    : tm_(tm::Tm::open(db_path, {.read_only = true})), lookup_(tm_) {}

tm::Stmt& Reader::provenance_stmt() {
  if (!provenance_ready_) {
    provenance_ = tm::Stmt(tm_.db(), tm_.path(),
                           "SELECT s.name, s.name2, s.pair_id, s.url, s.url2, s.added_at, s.added_by, u.reviewed, "
                           "u.created_at, u.created_by, s.kind FROM units u LEFT JOIN sources s ON s.id = u.source_id "
                           "WHERE u.id = ?1");
    provenance_ready_ = true;
  }
  return provenance_;
}

Writer::Writer(const std::string& db_path) : tm_(tm::Tm::open(db_path, {.create = false})) {}

tm::WriteStats Writer::store(const tm::Provenance& provenance, const std::vector<tm::Unit>& units,
                             const tm::WriteOptions& options) {
  std::lock_guard<std::mutex> lock(mu_);
  tm::WriteBatch batch(tm_, provenance, options);
  for (const tm::Unit& u : units) batch.add(u);
  return batch.commit();
}

Response error_response(http::status status, const std::string& message, unsigned version, bool keep_alive) {
  Response res{status, version};
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  res.body() = tm::dump_json(nlohmann::ordered_json{{"error", message}}) + "\n";
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

bool percent_decode(std::string_view in, bool plus_is_space, std::string& out) {
  out.clear();
  out.reserve(in.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return false;
    out.push_back(c);
  }
  return true;
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

// Host: NAME or NAME:PORT ([v6]:PORT). The name must be one of ours; a port,
// when given, must be ours.
bool host_allowed(std::string_view host, const RouterConfig& cfg) {
  std::string h = lower(host);
  if (h.empty()) return false;
  std::string name = h, port;
  if (!h.empty() && h[0] == '[') {
    std::size_t close = h.find(']');
    if (close == std::string::npos) return false;
    name = h.substr(0, close + 1);
    if (close + 1 < h.size()) {
      if (h[close + 1] != ':') return false;
      port = h.substr(close + 2);
    }
  } else if (std::size_t colon = h.find(':'); colon != std::string::npos) {
    name = h.substr(0, colon);
    port = h.substr(colon + 1);
  }
  if (!port.empty() || h.back() == ':') {
    if (port != std::to_string(cfg.port)) return false;
  } else if (cfg.port != 80) {
    return false;  // a browser always sends the port unless it is 80
  }
  return std::find(cfg.host_names.begin(), cfg.host_names.end(), name) != cfg.host_names.end();
}

bool token_equal(std::string_view a, std::string_view b) {
  // Constant time in the length of the expected token.
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < b.size(); ++i) {
    diff |= static_cast<unsigned char>((i < a.size() ? a[i] : 0) ^ b[i]);
  }
  return diff == 0;
}

std::string_view content_type_of(std::string_view path) {
  auto ends = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  return "application/octet-stream";
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 1;  // path starts with '/'
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}


void require_method(const Request& req, std::initializer_list<http::verb> allowed) {
  for (http::verb v : allowed) {
    if (req.method() == v) return;
  }
  throw ApiError(http::status::method_not_allowed,
                 "method " + std::string(sv(req.method_string())) + " not allowed here");
}

}  // namespace

Router::Router(RouterConfig config, Writer* writer) : config_(std::move(config)), writer_(writer) {
  for (std::string& h : config_.host_names) h = lower(h);
}

Response Router::handle(const Request& req, Reader& reader) const {
  const unsigned version = req.version();
  const bool keep_alive = req.keep_alive();
  try {
    // Host: required in HTTP/1.1 (RFC 9112 3.2); an HTTP/1.0 client may omit it.
    auto host = req.find(http::field::host);
    if (req.count(http::field::host) > 1) throw ApiError(http::status::bad_request, "more than one Host header");
    if (host == req.end()) {
      if (version >= 11) throw ApiError(http::status::bad_request, "no Host header");
    } else if (!host_allowed(sv(host->value()), config_)) {
      throw ApiError(http::status::misdirected_request,
                     "Host '" + std::string(sv(host->value()).substr(0, 200)) + "' is not this server");
    }
    // A browser sends Origin on every cross-origin request (and on same-origin
    // POSTs): a page from elsewhere may make the browser send a request to
    // 127.0.0.1, but it cannot forge this header, so such requests (a POST
    // /api/align that costs CPU, a lookup) are refused before they run.
    if (auto origin = req.find(http::field::origin); origin != req.end()) {
      std::string_view o = sv(origin->value());
      constexpr std::string_view kHttp = "http://";
      if (o.substr(0, kHttp.size()) != kHttp || !host_allowed(o.substr(kHttp.size()), config_)) {
        throw ApiError(http::status::forbidden, "Origin '" + std::string(o.substr(0, 200)) + "' is not this server");
      }
    }
    std::string_view target = sv(req.target());
    if (target.empty() || target[0] != '/') throw ApiError(http::status::bad_request, "request target must be a path");
    std::size_t qmark = target.find('?');
    std::string_view raw_path = target.substr(0, qmark);
    std::string_view raw_query = qmark == std::string_view::npos ? std::string_view() : target.substr(qmark + 1);
    std::vector<std::string_view> raw_parts = split_path(raw_path);
    std::vector<std::string> parts;
    for (std::string_view p : raw_parts) {
      std::string d;
      if (!percent_decode(p, false, d)) throw ApiError(http::status::bad_request, "malformed %-escape in the path");
      if (text::find_invalid_utf8(d) != text::kNpos) throw ApiError(http::status::bad_request, "path: invalid UTF-8");
      parts.push_back(std::move(d));
    }
    Call call{req, std::string(raw_path), Params::parse(raw_query), reader, writer_, config_};

    auto json_ok = [&](const nlohmann::ordered_json& body) {
      Response res{http::status::ok, version};
      res.set(http::field::content_type, "application/json; charset=utf-8");
      res.set(http::field::cache_control, "no-store");
      res.body() = tm::dump_json(body) + "\n";
      res.keep_alive(keep_alive);
      res.prepare_payload();
      return res;
    };
    auto write_checks = [&]() {
      auto auth = req.find(http::field::authorization);
      if (auth == req.end()) {
        throw ApiError(http::status::unauthorized, "this endpoint writes: send Authorization: Bearer TOKEN");
      }
      std::string_view v = sv(auth->value());
      constexpr std::string_view kBearer = "Bearer ";
      if (v.size() < kBearer.size() || lower(v.substr(0, kBearer.size())) != "bearer " ||
          !token_equal(v.substr(kBearer.size()), config_.token)) {
        throw ApiError(http::status::unauthorized, "wrong token");
      }
      if (config_.read_only || writer_ == nullptr) {
        throw ApiError(http::status::forbidden, "the server is read-only (--read-only)");
      }
    };

    const std::string& first = parts.empty() ? std::string() : parts[0];
    if (first == "api" && parts.size() == 2) {
      const std::string& name = parts[1];
      if (name == "lookup") {
        require_method(req, {http::verb::get, http::verb::post});
        return json_ok(req.method() == http::verb::get ? api_lookup_get(call) : api_lookup_post(call));
      }
      if (name == "concordance") {
        require_method(req, {http::verb::get});
        return json_ok(api_concordance(call));
      }
      if (name == "stats") {
        require_method(req, {http::verb::get});
        return json_ok(api_stats(call));
      }
      if (name == "align") {
        require_method(req, {http::verb::post});
        return json_ok(api_align(call));
      }
      if (name == "units") {
        require_method(req, {http::verb::post});
        write_checks();
        return json_ok(api_units(call));
      }
      throw ApiError(http::status::not_found, "no endpoint " + std::string(raw_path.substr(0, 200)));
    }
    if (first == "tmserver") {
      require_method(req, {http::verb::get});
      return json_ok(api_tmserver(call, std::vector<std::string>(parts.begin() + 1, parts.end())));
    }
    // The web page's files; nothing else (no request names a file on disk).
    std::string file = raw_path == "/" ? "/index.html" : std::string(raw_path);
    for (const WebFile& f : web_files()) {
      if (f.path != file) continue;
      require_method(req, {http::verb::get, http::verb::head});
      Response res{http::status::ok, version};
      res.set(http::field::content_type, bsv(content_type_of(f.path)));
      res.set(http::field::cache_control, "no-cache");
      // The page uses its own script and style only: no inline code, no
      // other origin (defence in depth against injected markup).
      res.set("Content-Security-Policy",
              "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'");
      res.set("X-Content-Type-Options", "nosniff");
      res.set("Referrer-Policy", "no-referrer");
      res.body() = std::string(f.bytes);
      res.keep_alive(keep_alive);
      res.prepare_payload();
      if (req.method() == http::verb::head) res.body().clear();
      return res;
    }
    throw ApiError(http::status::not_found, "not found: " + std::string(raw_path.substr(0, 200)));
  } catch (const ApiError& e) {
    Response res = error_response(e.status(), e.what(), version, keep_alive);
    if (e.status() == http::status::method_not_allowed) res.set(http::field::allow, "GET, POST");
    return res;
  } catch (const Error& e) {
    const bool client = e.kind() == ErrorKind::kUsage || e.kind() == ErrorKind::kInput;
    return error_response(client ? http::status::bad_request : http::status::internal_server_error, e.what(),
                          version, keep_alive);
  } catch (const std::bad_alloc&) {
    return error_response(http::status::service_unavailable, "out of memory", version, false);
  } catch (const std::exception& e) {
    return error_response(http::status::internal_server_error, std::string("internal error: ") + e.what(), version,
                          keep_alive);
  }
}

}  // namespace muwazi::serve
