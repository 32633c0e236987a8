// Fuzzes `muwazi serve`'s request handling below the socket: the bytes of
// one HTTP request are parsed by Beast's request_parser under the server's
// limits and, when they form a request, routed (serve/router.h) against a
// small TM with a writer. Invariants: nothing crashes or hangs; every
// answer has a status in 200-599, a Content-Length equal to its body, and a
// JSON body (an object with "error" for 4xx/5xx) unless it is a page file.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "serve/router.h"
#include "tests/fuzz/fuzz_util.h"

using muwazi::fuzz::check;
namespace serve = muwazi::serve;
namespace http = boost::beast::http;

namespace {

struct World {
  std::string db;
  std::unique_ptr<serve::Writer> writer;
  std::unique_ptr<serve::Reader> reader;
  std::unique_ptr<serve::Router> router;
};

World& world() {
  static World* w = [] {
    auto* w = new World;
    w->db = muwazi::fuzz::scratch_dir() + "/serve.db";
    {
      muwazi::tm::Tm t = muwazi::tm::Tm::open(w->db, {.create = true});
      muwazi::tm::WriteBatch batch(t, muwazi::tm::Provenance::file("tsv", "seed"), {});
      auto add = [&](const char* ar, const char* en) {
        muwazi::tm::Unit u;
        u.source = {"ar", ar, nullptr};
        u.target = {"en", en, nullptr};
        batch.add(u);
      };
      add("ذهب الولد إلى المدرسة", "The boy went to school");
      add("ذهب الولد الى المدرسه", "The boy went to the school");
      add("في عام ٢٠٢٠ انتشر الفيروس", "In 2020 the virus spread");
      add("ما هي أعراض المرض؟", "What are the symptoms of the disease?");
      batch.commit();
    }
    w->writer = std::make_unique<serve::Writer>(w->db);
    w->reader = std::make_unique<serve::Reader>(w->db);
    serve::RouterConfig rc;
    rc.token = "fuzz-token";
    rc.host_names = {"localhost", "127.0.0.1", "[::1]"};
    rc.port = 8080;
    // Small limits keep each run fast (an align of 20k sentences is legal
    // but not what a fuzzer should spend its time on).
    rc.limits.max_sentences = 60;
    rc.limits.max_queries = 20;
    rc.limits.max_results = 20;
    w->router = std::make_unique<serve::Router>(rc, w->writer.get());
    return w;
  }();
  return *w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  World& w = world();
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 << 10);
  parser.body_limit(64 << 10);
  parser.eager(true);
  boost::beast::error_code ec;
  std::size_t used = parser.put(boost::asio::buffer(data, size), ec);
  (void)used;
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) {
    // What the server answers to a request it cannot parse.
    serve::Response r = serve::error_response(http::status::bad_request, "malformed request: " + ec.message(), 11, false);
    check(nlohmann::json::parse(r.body(), nullptr, false).contains("error"), "parse error answer is JSON");
    return 0;
  }
  serve::Response res = w.router->handle(parser.get(), *w.reader);
  const unsigned status = static_cast<unsigned>(res.result_int());
  check(status >= 200 && status <= 599, "status in 200-599");
  auto cl = res.find(http::field::content_length);
  check((cl != res.end() && std::to_string(res.body().size()) == std::string(serve::sv(cl->value()))) ||
            parser.get().method() == http::verb::head,
        "Content-Length equals the body");
  std::string_view type = serve::sv(res[http::field::content_type]);
  if (type.substr(0, 16) == "application/json") {
    nlohmann::json j = nlohmann::json::parse(res.body(), nullptr, false);
    check(!j.is_discarded(), "JSON answer parses");
    if (status >= 400) check(j.is_object() && j.contains("error"), "an error answer is {\"error\": ...}");
  } else {
    check(status == 200, "only page files are not JSON");
  }
  return 0;
}
