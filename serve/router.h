// Request routing for `muwazi serve`: every check a request must pass (Host,
// method, token, sizes, well-formed query and JSON) and the JSON API on top
// of tm/ and align/. No sockets here: Router::handle() maps one parsed
// request to one response, so unit tests and the fuzzer drive it directly.
//
// Threads: handle() is const and may run on many threads at once, each with
// its own Reader (one SQLite read connection per thread); writes go through
// the one Writer, which serializes them.
#ifndef MUWAZI_SERVE_ROUTER_H_
#define MUWAZI_SERVE_ROUTER_H_

#include <boost/beast/http.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "tm/lookup.h"
#include "tm/sqlite_util.h"
#include "tm/tm.h"

namespace muwazi::serve {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Beast 1.74's string_view is boost::string_view.
inline std::string_view sv(boost::beast::string_view s) { return {s.data(), s.size()}; }
inline boost::beast::string_view bsv(std::string_view s) { return {s.data(), s.size()}; }

struct ApiLimits {
  // Bytes of one query text (lookup, concordance, tmserver unit).
  std::size_t max_query_bytes = 4096;
  // Queries in one POST /api/lookup.
  std::size_t max_queries = 1000;
  // Matches per query (`max`), hits per concordance.
  int max_results = 1000;
  // Sentences on one side of POST /api/align, units in one POST /api/units.
  std::size_t max_sentences = 20000;
};

struct RouterConfig {
  // Writes answer 403.
  bool read_only = false;
  // Write endpoints need "Authorization: Bearer TOKEN". Must not be empty.
  std::string token;
  // Accepted Host header names (lower case, no port; "[::1]" bracketed) and
  // the port they must carry when they carry one. A Host outside this set
  // is refused (DNS rebinding: a page from another origin that resolves to
  // 127.0.0.1 sends its own name).
  std::vector<std::string> host_names;
  unsigned short port = 0;
  ApiLimits limits;
  // Recorded as the user of stored units when a request names none.
  std::string default_user;
};

// One thread's read side: a read-only connection and its lookup state.
class Reader {
 public:
  explicit Reader(const std::string& db_path);
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
  const tm::Tm& tm() const { return tm_; }
  tm::Lookup& lookup() { return lookup_; }
  // A unit's provenance (source record, reviewed flag), prepared once.
  tm::Stmt& provenance_stmt();

 private:
  tm::Tm tm_;
  tm::Lookup lookup_;  // refers to tm_
  tm::Stmt provenance_;  // finalized before tm_ closes
  bool provenance_ready_ = false;
};

// The one write connection. store_*() take the lock for one transaction.
class Writer {
 public:
  explicit Writer(const std::string& db_path);
  // One transaction: all the units or none.
  tm::WriteStats store(const tm::Provenance& provenance, const std::vector<tm::Unit>& units,
                       const tm::WriteOptions& options);

 private:
  std::mutex mu_;
  tm::Tm tm_;
};

class Router {
 public:
  // `writer` is null when the server is read-only.
  Router(RouterConfig config, Writer* writer);
  // Never throws: every failure is a 4xx/5xx response with {"error": ...}.
  // The response has the request's version and keep-alive, and its
  // Content-Length set.
  Response handle(const Request& req, Reader& reader) const;

  const RouterConfig& config() const { return config_; }

 private:
  RouterConfig config_;
  Writer* writer_;
};

// {"error": message} with `status`.
Response error_response(http::status status, const std::string& message, unsigned version, bool keep_alive);

// Decodes %XX escapes (and '+' as a space when `plus_is_space`); false for a
// malformed escape or a NUL byte.
bool percent_decode(std::string_view in, bool plus_is_space, std::string& out);

}  // namespace muwazi::serve

#endif  // MUWAZI_SERVE_ROUTER_H_
