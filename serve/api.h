// The endpoints behind Router (serve/router.h): each takes a checked call
// (Host, method and token already verified) and returns the JSON body, or
// throws ApiError for a 4xx answer. Internal to serve/.
#ifndef MUWAZI_SERVE_API_H_
#define MUWAZI_SERVE_API_H_

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "serve/router.h"

namespace muwazi::serve {

// A request the API refuses: `status` (4xx) and a one-line message.
class ApiError : public std::runtime_error {
 public:
  ApiError(http::status status, const std::string& message) : std::runtime_error(message), status_(status) {}
  http::status status() const { return status_; }

 private:
  http::status status_;
};

// The decoded query string. A parameter given twice is refused, so that
// "which one wins" never differs between a proxy and the server.
class Params {
 public:
  // Throws ApiError(400) for a malformed escape, invalid UTF-8 or a repeat.
  static Params parse(std::string_view query);
  std::optional<std::string> get(const std::string& name) const;
  // Throws ApiError(400) unless the value is a number in [lo, hi].
  double get_double(const std::string& name, double def, double lo, double hi) const;
  int get_int(const std::string& name, int def, int lo, int hi) const;

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

struct Call {
  const Request& req;
  std::string path;  // decoded path without the query
  Params params;
  Reader& reader;
  Writer* writer;  // null when read-only
  const RouterConfig& config;
};

// Parses the body as a JSON object (ApiError 400 otherwise; 415 for a
// Content-Type that is not JSON).
nlohmann::json body_json(const Call& call);

nlohmann::ordered_json api_lookup_get(Call& call);
nlohmann::ordered_json api_lookup_post(Call& call);
nlohmann::ordered_json api_concordance(Call& call);
nlohmann::ordered_json api_stats(Call& call);
nlohmann::ordered_json api_align(Call& call);
nlohmann::ordered_json api_units(Call& call);
// GET /tmserver/languages/ and /tmserver/<slang>/<tlang>/unit/<text>;
// `rest` is the decoded path after "/tmserver/".
nlohmann::ordered_json api_tmserver(Call& call, const std::vector<std::string>& rest);

}  // namespace muwazi::serve

#endif  // MUWAZI_SERVE_API_H_
