// serve/router.h below the socket: percent-decoding, query strings, the
// Host/Origin/token checks, methods and the page files, on a small TM.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "serve/api.h"
#include "serve/router.h"
#include "serve/web_assets.h"
#include "tests/unit/tm_test_util.h"

namespace muwazi::serve {
namespace {

using nlohmann::json;
using tm::testing::TempDir;

TEST(ServePercentDecode, DecodesEscapesAndRefusesBrokenOnes) {
  std::string out;
  EXPECT_TRUE(percent_decode("a%20b+c%D8%A7", false, out));
  EXPECT_EQ(out, "a b+c\xD8\xA7");
  EXPECT_TRUE(percent_decode("a+b", true, out));
  EXPECT_EQ(out, "a b");
  for (const char* bad : {"%", "%2", "%zz", "a%0", "%00", "%g1"}) EXPECT_FALSE(percent_decode(bad, false, out)) << bad;
}

TEST(ServeParams, ParsesOnceAndChecksNumbers) {
  Params p = Params::parse("q=%D8%A7+b&min=70&max=&&flag");
  EXPECT_EQ(*p.get("q"), "\xD8\xA7 b");
  EXPECT_EQ(p.get_double("min", 0, 0, 100), 70);
  EXPECT_EQ(p.get_int("max", 10, 1, 100), 10);  // empty: the default
  EXPECT_EQ(*p.get("flag"), "");
  EXPECT_FALSE(p.get("nothing"));
  EXPECT_THROW(Params::parse("a=1&a=2"), ApiError);
  EXPECT_THROW(Params::parse("q=%ff"), ApiError);
  EXPECT_THROW(Params::parse("q=%2"), ApiError);
  Params n = Params::parse("min=1e9&max=3.5&lim=-1&x=12abc");
  EXPECT_THROW(n.get_double("min", 0, 0, 100), ApiError);
  EXPECT_THROW(n.get_int("max", 0, 0, 100), ApiError);
  EXPECT_THROW(n.get_int("lim", 0, 0, 100), ApiError);
  EXPECT_THROW(n.get_int("x", 0, 0, 100), ApiError);
  EXPECT_NO_THROW(Params::parse(""));
}

class ServeRouter : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.file("tm.db");
    {
      tm::Tm t = tm::Tm::open(db_, {.create = true});
      tm::WriteBatch b(t, tm::Provenance::file("tsv", "seed.tsv"), {});
      b.add(tm::testing::make_unit("ذهب الولد إلى المدرسة", "The boy went to school"));
      b.commit();
    }
    writer_ = std::make_unique<Writer>(db_);
    reader_ = std::make_unique<Reader>(db_);
    RouterConfig rc;
    rc.token = "the-token-123";
    rc.host_names = {"localhost", "127.0.0.1", "[::1]", "Myhost"};
    rc.port = 8123;
    router_ = std::make_unique<Router>(rc, writer_.get());
  }
  Response send(http::verb method, const std::string& target, const std::string& host = "127.0.0.1:8123",
                const std::string& body = "", const std::string& auth = "") {
    Request req{method, target, 11};
    if (!host.empty()) req.set(http::field::host, host);
    if (!auth.empty()) req.set(http::field::authorization, auth);
    if (!body.empty()) req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    return router_->handle(req, *reader_);
  }

  TempDir dir_;
  std::string db_;
  std::unique_ptr<Writer> writer_;
  std::unique_ptr<Reader> reader_;
  std::unique_ptr<Router> router_;
};

TEST_F(ServeRouter, AcceptsOnlyItsOwnHostNamesWithItsPort) {
  for (const char* ok : {"127.0.0.1:8123", "localhost:8123", "LOCALHOST:8123", "[::1]:8123", "myhost:8123"}) {
    EXPECT_EQ(send(http::verb::get, "/api/stats", ok).result_int(), 200u) << ok;
  }
  for (const char* bad : {"evil.com:8123", "127.0.0.1:80", "127.0.0.1", "localhost:", "[::1]", "[::1:8123",
                          "127.0.0.1:8123.evil.com", "127.0.0.2:8123", "localhost.:8123", ""}) {
    unsigned s = send(http::verb::get, "/api/stats", bad).result_int();
    EXPECT_TRUE(s == 421u || s == 400u) << bad << " -> " << s;
  }
}

TEST_F(ServeRouter, WritesNeedTheBearerToken) {
  const std::string body = json{{"src_lang", "ar"}, {"tgt_lang", "en"}, {"document", "d"},
                                {"units", {{{"source", "قطة"}, {"target", "cat"}}}}}.dump();
  EXPECT_EQ(send(http::verb::post, "/api/units", "localhost:8123", body).result_int(), 401u);
  EXPECT_EQ(send(http::verb::post, "/api/units", "localhost:8123", body, "Bearer the-token-12").result_int(), 401u);
  EXPECT_EQ(send(http::verb::post, "/api/units", "localhost:8123", body, "Bearer the-token-1234").result_int(), 401u);
  EXPECT_EQ(send(http::verb::post, "/api/units", "localhost:8123", body, "Basic the-token-123").result_int(), 401u);
  Response ok = send(http::verb::post, "/api/units", "localhost:8123", body, "Bearer the-token-123");
  EXPECT_EQ(ok.result_int(), 200u) << ok.body();
  EXPECT_EQ(json::parse(ok.body()), (json{{"stored", 1}, {"duplicates", 0}}));
}

TEST_F(ServeRouter, MethodsPagesAndErrorsAreJson) {
  Response r = send(http::verb::put, "/api/lookup?q=x");
  EXPECT_EQ(r.result_int(), 405u);
  EXPECT_FALSE(r[http::field::allow].empty());
  EXPECT_TRUE(json::parse(r.body()).contains("error"));
  ASSERT_FALSE(web_files().empty());
  Response page = send(http::verb::get, "/");
  EXPECT_EQ(page.result_int(), 200u);
  EXPECT_EQ(page.body(), std::string(web_files()[0].bytes));
  Response head = send(http::verb::head, "/app.js");
  EXPECT_EQ(head.result_int(), 200u);
  EXPECT_TRUE(head.body().empty());
  EXPECT_EQ(send(http::verb::get, "/api/lookup?q=%D8%B0%D9%87%D8%A8%20%D8%A7%D9%84%D9%88%D9%84%D8%AF&min=40").result_int(), 200u);
  // A query with nothing to match is answered with its error in place (as tm lookup does).
  json none = json::parse(send(http::verb::get, "/api/lookup?q=%21%21").body());
  EXPECT_TRUE(none.contains("error"));
  EXPECT_TRUE(none["matches"].empty());
  EXPECT_EQ(send(http::verb::get, "*").result_int(), 400u);
  EXPECT_EQ(send(http::verb::get, "http://evil.com/api/stats").result_int(), 400u);
}

}  // namespace
}  // namespace muwazi::serve
