// End-to-end tests of `muwazi serve`: the server is started on a free port
// (--port 0, the port read from its first line on stderr) with a fixture TM
// built by the CLI from the bundled sample pair and the TICO-19 TMX, and
// spoken to over a plain socket, byte for byte, as any client would.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <tuple>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "gtest/gtest.h"
#include "tests/e2e/cli_util.h"
#include "tests/e2e/reliability_util.h"

namespace muwazi::test {
namespace {

using nlohmann::json;

struct HttpResponse {
  int status = 0;  // 0: the connection closed without an answer
  std::string head;
  std::string body;
  json js() const { return json::parse(body); }
  std::string header(const std::string& name) const {
    std::string lower_head = head;
    for (char& c : lower_head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string key = "\r\n" + name + ":";
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t at = lower_head.find(key);
    if (at == std::string::npos) return "";
    std::size_t start = at + key.size(), end = head.find("\r\n", start);
    std::string v = head.substr(start, end - start);
    while (!v.empty() && v[0] == ' ') v.erase(0, 1);
    return v;
  }
};

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

void send_all(int fd, const std::string& data) {
  std::size_t at = 0;
  while (at < data.size()) {
    ssize_t n = ::send(fd, data.data() + at, data.size() - at, MSG_NOSIGNAL);
    if (n <= 0) return;  // the server closed (e.g. after a 413): read what it said
    at += static_cast<std::size_t>(n);
  }
}

// Reads one response (Content-Length framing) from `fd`; `buf` keeps bytes
// read beyond it (keep-alive).
HttpResponse read_response(int fd, std::string& buf, int timeout_ms = 20000) {
  HttpResponse r;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  auto fill = [&]() {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char tmp[65536];
    ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf.append(tmp, static_cast<std::size_t>(n));
    return true;
  };
  std::size_t end;
  while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return r;
  }
  r.head = buf.substr(0, end + 2);
  buf.erase(0, end + 4);
  r.status = std::stoi(r.head.substr(9, 3));
  std::string cl = r.header("content-length");
  std::size_t len = cl.empty() ? 0 : std::stoul(cl);
  while (buf.size() < len) {
    if (!fill()) break;
  }
  r.body = buf.substr(0, len);
  buf.erase(0, std::min(len, buf.size()));
  return r;
}

// One request on a new connection.
HttpResponse raw_request(int port, const std::string& request) {
  int fd = connect_to(port);
  if (fd < 0) return {};
  send_all(fd, request);
  std::string buf;
  HttpResponse r = read_response(fd, buf);
  ::close(fd);
  return r;
}

std::string pct(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

class Server {
 public:
  explicit Server(const std::vector<std::string>& extra) {
    dir_ = temp_dir();
    SpawnOptions o;
    o.stderr_path = dir_ + "/stderr";
    std::vector<std::string> args = {"serve", "--port", "0", "--threads", "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = spawn_muwazi(args, o);
    for (int i = 0; i < 300 && port_ == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      std::string err = read_file(o.stderr_path);
      std::size_t at = err.find("listening on http://127.0.0.1:");
      if (at != std::string::npos && err.find('\n', at) != std::string::npos) {
        port_ = std::stoi(err.substr(at + 30));
        std::size_t t = err.find(" token ", at);
        token_ = err.substr(t + 7, err.find_first_of(" \n", t + 7) - t - 7);
      }
    }
  }
  ~Server() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      wait_child(pid_);
    }
  }
  int port() const { return port_; }
  const std::string& token() const { return token_; }
  std::string stderr_text() const { return read_file(dir_ + "/stderr"); }
  // SIGTERM and wait: the exit code.
  int stop() {
    ::kill(pid_, SIGTERM);
    int rc = wait_child(pid_);
    pid_ = -1;
    return rc;
  }
  // SIGTERM again and again (every 2 ms) until it exits, as a supervisor
  // or an impatient Ctrl-C does: the exit code.
  int stop_insistently() {
    int status = 0;
    for (;;) {
      ::kill(pid_, SIGTERM);
      pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) break;
      if (r < 0 && errno != EINTR) return -1000;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }
  pid_t pid() const { return pid_; }

  HttpResponse get(const std::string& target, const std::string& extra_headers = "") const {
    return raw_request(port_, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) +
                                  "\r\nConnection: close\r\n" + extra_headers + "\r\n");
  }
  HttpResponse post(const std::string& target, const std::string& body, const std::string& extra_headers = "",
                    const std::string& type = "application/json") const {
    return raw_request(port_, "POST " + target + " HTTP/1.1\r\nHost: localhost:" + std::to_string(port_) +
                                  "\r\nConnection: close\r\nContent-Type: " + type +
                                  "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers +
                                  "\r\n" + body);
  }
  std::string bearer() const { return "Authorization: Bearer " + token_ + "\r\n"; }

 private:
  std::string dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string token_;
};

std::string sample(const std::string& name) { return test_data("sample/" + name); }

class ServeCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new std::string(temp_dir() + "/tm.db");
    ASSERT_EQ(run_muwazi({"tm", "add", "--db", *db_, sample("article.ar.txt"), sample("article.en.txt")}).exit_code, 0);
    ASSERT_EQ(run_muwazi({"tm", "import", "--db", *db_, test_data("tmx/tico19-all.en-ar.tmx")}).exit_code, 0);
  }
  static void TearDownTestSuite() { delete db_; }
  static std::string* db_;
};
std::string* ServeCli::db_ = nullptr;

json strip_provenance(json answer) {
  for (json& m : answer["matches"]) m.erase("provenance");
  return answer;
}

TEST_F(ServeCli, PrintsItsPortAndTokenAndServesTheEmbeddedPage) {
  Server s({"--db", *db_});
  ASSERT_GT(s.port(), 0) << s.stderr_text();
  EXPECT_EQ(s.token().size(), 32u);
  for (const auto& [path, file, type] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"/", "index.html", "text/html"}, {"/app.js", "app.js", "text/javascript"}, {"/app.css", "app.css", "text/css"}}) {
    HttpResponse r = s.get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, read_file(std::string(MUWAZI_SOURCE_DIR) + "/serve/web/" + file)) << path;
    EXPECT_EQ(r.header("content-type").substr(0, type.size()), type) << path;
    EXPECT_NE(r.header("content-security-policy").find("default-src 'self'"), std::string::npos);
  }
  // No request names a file on disk.
  EXPECT_EQ(s.get("/../CMakeLists.txt").status, 404);
  EXPECT_EQ(s.get("/%2e%2e/%2e%2e/etc/passwd").status, 404);
  EXPECT_EQ(s.get("/web/index.html").status, 404);
  EXPECT_EQ(s.stop(), 0);
}

TEST_F(ServeCli, LookupAnswersAsTmLookupJsonlWithProvenance) {
  Server s({"--db", *db_});
  ASSERT_GT(s.port(), 0) << s.stderr_text();
  std::vector<std::string> ar = file_lines(sample("sentences.ar"));
  // A stored sentence, one with a typo (a letter dropped), and a TICO one.
  std::string typo = ar[3];
  typo.erase(typo.find("ال"), 2);
  std::vector<std::string> queries = {ar[0], typo, ar[10]};
  json posted = s.post("/api/lookup", json{{"queries", queries}, {"src", "ar"}, {"tgt", "en"}, {"min", 60}, {"max", 3}}.dump()).js();
  ASSERT_EQ(posted["answers"].size(), queries.size());
  for (std::size_t i = 0; i < queries.size(); ++i) {
    HttpResponse r = s.get("/api/lookup?q=" + pct(queries[i]) + "&src=ar&tgt=en&min=60&max=3");
    ASSERT_EQ(r.status, 200) << r.body;
    json got = r.js();
    RunResult cli = run_muwazi({"tm", "lookup", "--db", *db_, "--src-lang", "ar", "--tgt-lang", "en", "--min", "60",
                                "--limit", "3", "--format", "jsonl", queries[i]});
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    EXPECT_EQ(strip_provenance(got), json::parse(cli.out)) << queries[i];
    EXPECT_EQ(posted["answers"][i], got) << "POST answer " << i << " differs from GET";
    ASSERT_FALSE(got["matches"].empty()) << queries[i];
  }
  json exact = s.get("/api/lookup?q=" + pct(ar[0]) + "&src=ar").js();
  EXPECT_EQ(exact["matches"][0]["score"], 100.0);
  const json& prov = exact["matches"][0]["provenance"];
  EXPECT_EQ(prov["document"], sample("article.ar.txt"));
  EXPECT_EQ(prov["document2"], sample("article.en.txt"));
  EXPECT_EQ(prov["reviewed"], false);
  json fuzzy = s.get("/api/lookup?q=" + pct(typo) + "&src=ar&min=60").js();
  EXPECT_LT(fuzzy["matches"][0]["score"].get<double>(), 100.0);
  EXPECT_EQ(fuzzy["matches"][0]["source"], ar[3]);
  EXPECT_EQ(s.stop(), 0);
}

TEST_F(ServeCli, ConcordanceAndStatsAnswerAsTheCli) {
  Server s({"--db", *db_});
  ASSERT_GT(s.port(), 0) << s.stderr_text();
  const std::string phrase = "الولايات المتحدة";
  json got = s.get("/api/concordance?q=" + pct(phrase) + "&lang=ar&max=5").js();
  RunResult cli = run_muwazi({"tm", "concordance", "--db", *db_, "--lang", "ar", "--limit", "5", "--format", "jsonl", phrase});
  ASSERT_EQ(cli.exit_code, 0);
  std::vector<json> want;
  std::istringstream in(cli.out);
  for (std::string l; std::getline(in, l);) want.push_back(json::parse(l));
  ASSERT_EQ(got["query"], phrase);
  ASSERT_EQ(got["hits"].size(), want.size());
  ASSERT_FALSE(want.empty());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got["hits"][i], want[i]);
    // Byte ranges into the original text.
    for (const char* side : {"source_hits", "target_hits"}) {
      const std::string text = got["hits"][i][side == std::string("source_hits") ? "source" : "target"];
      for (const json& h : got["hits"][i][side]) {
        EXPECT_LE(h[1].get<std::size_t>(), text.size());
        EXPECT_NE(text.substr(h[0], h[1].get<std::size_t>() - h[0].get<std::size_t>()).find("المتحد"), std::string::npos);
      }
    }
  }
  json stats = s.get("/api/stats").js();
  RunResult st = run_muwazi({"tm", "stats", "--db", *db_, "--json"});
  EXPECT_EQ(stats, json::parse(st.out));
  EXPECT_EQ(stats["units"], 3095);
  EXPECT_EQ(s.stop(), 0);
}

TEST_F(ServeCli, AlignGivesTheBeadsOfMuwaziAlign) {
  Server s({"--db", *db_});
  ASSERT_GT(s.port(), 0) << s.stderr_text();
  RunResult cli = run_muwazi({"align", "--presplit", "--format", "jsonl", sample("sentences.ar"), sample("sentences.en")});
  ASSERT_EQ(cli.exit_code, 0);
  std::vector<json> want;
  std::istringstream in(cli.out);
  for (std::string l; std::getline(in, l);) want.push_back(json::parse(l));
  // Sentence lists, and the raw articles (split by the server).
  json lists = s.post("/api/align", json{{"src", file_lines(sample("sentences.ar"))}, {"tgt", file_lines(sample("sentences.en"))},
                                         {"src_lang", "ar"}, {"tgt_lang", "en"}}.dump()).js();
  ASSERT_EQ(lists["beads"].size(), want.size()) << lists.dump();
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(lists["beads"][i]["src"], want[i]["src"]);
    EXPECT_EQ(lists["beads"][i]["tgt"], want[i]["tgt"]);
    EXPECT_NEAR(lists["beads"][i]["score"].get<double>(), want[i]["score"].get<double>(), 0.0051);
  }
  EXPECT_EQ(lists["src_sentences"], json(file_lines(sample("sentences.ar"))));
  RunResult raw_cli = run_muwazi({"align", "--format", "jsonl", sample("article.ar.txt"), sample("article.en.txt")});
  json raw = s.post("/api/align", json{{"src", read_file(sample("article.ar.txt"))}, {"tgt", read_file(sample("article.en.txt"))}}.dump()).js();
  std::size_t n = 0;
  std::istringstream in2(raw_cli.out);
  for (std::string l; std::getline(in2, l); ++n) {
    json b = json::parse(l);
    ASSERT_LT(n, raw["beads"].size());
    EXPECT_EQ(raw["beads"][n]["src"], b["src"]);
    EXPECT_EQ(raw["beads"][n]["tgt"], b["tgt"]);
  }
  EXPECT_EQ(n, raw["beads"].size());
  // The `muwazi align` options: --max-bead 1 allows 1-1 beads and omissions only.
  json one = s.post("/api/align", json{{"src", {"a b c.", "d e f."}}, {"tgt", {"a b c d e f."}}, {"src_lang", "en"},
                                       {"tgt_lang", "en"}, {"max_bead", 1}}.dump()).js();
  for (const json& b : one["beads"]) EXPECT_LE(b["src"].size() + b["tgt"].size(), 2u) << one.dump();
  EXPECT_EQ(s.stop(), 0);
}

// Issue 14's context over HTTP: a CAT tool sends the neighbouring source
// sentences and gets 101 for a match met between the same ones.
TEST_F(ServeCli, LookupWithNeighboursScores101AsTmLookupDoes) {
  Server s({"--db", *db_});
  ASSERT_GT(s.port(), 0) << s.stderr_text();
  const std::vector<std::string> lines = segmented("ar", sample("article.ar.txt"));
  ASSERT_GT(lines.size(), 10u);
  const std::size_t i = lines.size() / 2;
  auto cli = [&](std::vector<std::string> extra, const std::string& q) {
    std::vector<std::string> args = {"tm", "lookup", "--db", *db_, "--src-lang", "ar", "--format", "jsonl"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(q);
    RunResult r = run_muwazi(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
  };
  const std::string base = "/api/lookup?src=ar&q=" + pct(lines[i]);
  json both = s.get(base + "&prev=" + pct(lines[i - 1]) + "&next=" + pct(lines[i + 1])).js();
  ASSERT_FALSE(both["matches"].empty()) << both.dump();
  EXPECT_EQ(both["matches"][0]["score"], 101.0);
  EXPECT_EQ(both["matches"][0]["context"], "both");
  EXPECT_EQ(strip_provenance(both), cli({"--prev", lines[i - 1], "--next", lines[i + 1]}, lines[i]));
  // Only the previous sentence is the same; "" = the document's end.
  json prev = s.get(base + "&prev=" + pct(lines[i - 1]) + "&next=").js();
  EXPECT_EQ(prev["matches"][0]["score"], 100.0);
  EXPECT_EQ(prev["matches"][0]["context"], "prev");
  EXPECT_EQ(strip_provenance(prev), cli({"--prev", lines[i - 1], "--next", ""}, lines[i]));
  // Without a context the answer is as before: no "context".
  json plain = s.get(base).js();
  EXPECT_EQ(plain["matches"][0]["score"], 100.0);
  EXPECT_FALSE(plain["matches"][0].contains("context"));
  // POST: a query may be {"text", "prev", "next"}; the answers are GET's.
  json posted = s.post("/api/lookup", json{{"src", "ar"},
                                           {"queries", {{{"text", lines[i]}, {"prev", lines[i - 1]}, {"next", lines[i + 1]}},
                                                        lines[i]}}}.dump()).js();
  ASSERT_EQ(posted["answers"].size(), 2u) << posted.dump();
  EXPECT_EQ(posted["answers"][0], both);
  EXPECT_EQ(posted["answers"][1], plain);
  // codes=1: q is TMX <seg> content; a code the stored plain unit lacks costs
  // the formatting penalty, as with tm lookup --codes.
  const std::string marked = lines[i] + "<ph x=\"1\">&lt;br/&gt;</ph>";
  json coded = s.get("/api/lookup?src=ar&codes=1&q=" + pct(marked) + "&prev=" + pct(lines[i - 1]) + "&next=" +
                     pct(lines[i + 1])).js();
  EXPECT_EQ(coded["query"], lines[i]);
  EXPECT_LT(coded["matches"][0]["score"].get<double>(), 101.0);
  EXPECT_EQ(strip_provenance(coded), cli({"--codes", "--prev", lines[i - 1], "--next", lines[i + 1]}, marked));
  json coded_post = s.post("/api/lookup", json{{"src", "ar"}, {"codes", true},
                                               {"queries", {{{"text", marked}, {"prev", lines[i - 1]}, {"next", lines[i + 1]}}}}}
                                              .dump()).js();
  EXPECT_EQ(coded_post["answers"][0], coded);
  EXPECT_EQ(s.get(base + "&codes=maybe").status, 400);
  EXPECT_EQ(s.post("/api/lookup", R"({"queries":[{"prev":"x"}]})").status, 400);
  EXPECT_EQ(s.post("/api/lookup", R"({"queries":[{"text":"x","next":3}]})").status, 400);
  EXPECT_EQ(s.stop(), 0);
}

TEST_F(ServeCli, UnitsStoresReviewedPairsInOneTransactionWithTheToken) {
  const std::string db = temp_dir() + "/w.db";
  ASSERT_EQ(std::system(("cp " + *db_ + " " + db).c_str()), 0);
  Server s({"--db", db, "--token", "sekrit-token-1"});
  ASSERT_GT(s.port(), 0) << s.stderr_text();
  EXPECT_EQ(s.token(), "sekrit-token-1");
  const std::string body = json{{"src_lang", "ar"}, {"tgt_lang", "en"}, {"document", "review.ar"}, {"document2", "review.en"},
                                {"user", "amal"},
                                {"units", {{{"source", "قطة سوداء صغيرة تنام"}, {"target", "A small black cat sleeps"}, {"score", 0.7}},
                                           {{"source", "كلب أبيض كبير يركض"}, {"target", "A big white dog runs"}}}}}.dump();
  EXPECT_EQ(s.post("/api/units", body).status, 401);
  EXPECT_EQ(s.post("/api/units", body, "Authorization: Bearer wrong\r\n").status, 401);
  HttpResponse r = s.post("/api/units", body, s.bearer());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.js(), (json{{"stored", 2}, {"duplicates", 0}}));
  EXPECT_EQ(s.post("/api/units", body, s.bearer()).js(), (json{{"stored", 0}, {"duplicates", 2}}));
  // A bad unit in the middle: nothing of the request is stored.
  json bad = json::parse(body);
  bad["units"].push_back({{"source", "جديد تماما هنا"}, {"target", ""}});
  bad["units"].push_back({{"source", "لن يخزن هذا"}, {"target", "not stored"}});
  EXPECT_EQ(s.post("/api/units", bad.dump(), s.bearer()).status, 400);
  // The server sees its own write at once.
  json found = s.get("/api/lookup?q=" + pct("قطة سوداء صغيرة تنام") + "&src=ar").js();
  ASSERT_EQ(found["matches"].size(), 1u);
  EXPECT_EQ(found["matches"][0]["provenance"]["reviewed"], true);
  EXPECT_EQ(found["matches"][0]["provenance"]["added_by"], "amal");
  EXPECT_EQ(found["matches"][0]["provenance"]["document2"], "review.en");
  EXPECT_EQ(found["matches"][0]["provenance"]["document"], "review.ar");
  EXPECT_EQ(found["matches"][0]["provenance"]["kind"], "review");
  EXPECT_EQ(s.stop(), 0);
  RunResult cli = run_muwazi({"tm", "lookup", "--db", db, "--src-lang", "ar", "--format", "jsonl", "كلب أبيض كبير يركض"});
  EXPECT_EQ(json::parse(cli.out)["matches"][0]["target"], "A big white dog runs");
  SqliteDb sq(db, true);
  EXPECT_EQ(sq.text("SELECT count(*) FROM units WHERE reviewed = 1 AND created_by = 'amal'"), "2");
  EXPECT_EQ(sq.text("SELECT count(*) FROM units WHERE src_text = 'لن يخزن هذا'"), "0");
  EXPECT_EQ(sq.text("SELECT score FROM units WHERE src_text = 'قطة سوداء صغيرة تنام'"), "0.7");
  EXPECT_EQ(sq.text("SELECT kind || ' ' || name || ' ' || name2 || ' ' || added_by FROM sources WHERE id = "
                    "(SELECT source_id FROM units WHERE src_text = 'كلب أبيض كبير يركض')"),
            "review review.ar review.en amal");
}

TEST_F(ServeCli, ReadOnlyRefusesWritesWith403) {
  Server s({"--db", *db_, "--read-only", "--token", "sekrit-token-2"});
  ASSERT_GT(s.port(), 0) << s.stderr_text();
  const std::string body = R"({"src_lang":"ar","tgt_lang":"en","document":"d","units":[{"source":"س","target":"t"}]})";
  EXPECT_EQ(s.post("/api/units", body, s.bearer()).status, 403);
  EXPECT_EQ(s.post("/api/units", body).status, 401);
  EXPECT_EQ(s.get("/api/stats").status, 200);
  EXPECT_EQ(s.stop(), 0);
}

TEST_F(ServeCli, TmserverApiAnswersAsTmserverAndAmagama) {
  Server s({"--db", *db_});
  ASSERT_GT(s.port(), 0) << s.stderr_text();
  std::vector<std::string> ar = file_lines(sample("sentences.ar"));
  HttpResponse r = s.get("/tmserver/ar/en/unit/" + pct(ar[2]));
  ASSERT_EQ(r.status, 200) << r.body;
  json c = r.js();
  ASSERT_TRUE(c.is_array());
  ASSERT_FALSE(c.empty());
  std::set<std::string> keys;
  for (auto it = c[0].begin(); it != c[0].end(); ++it) keys.insert(it.key());
  EXPECT_EQ(keys, (std::set<std::string>{"source", "target", "context", "quality", "rank"}));
  EXPECT_EQ(c[0]["source"], ar[2]);
  EXPECT_EQ(c[0]["target"], file_lines(sample("sentences.en"))[2]);
  EXPECT_EQ(c[0]["quality"], 100.0);
  EXPECT_EQ(c[0]["rank"], 1);
  // An en->ar TMX answers English queries; max_candidates, min_similarity.
  json tico = s.get("/tmserver/en/ar/unit/" + pct("What are the symptoms of COVID-19?") + "?max_candidates=2&min_similarity=40").js();
  EXPECT_LE(tico.size(), 2u);
  for (const json& m : tico) EXPECT_GE(m["quality"].get<double>(), 40.0);
  EXPECT_EQ(s.get("/tmserver/ar/ar/unit/x").status, 404);
  EXPECT_EQ(s.get("/tmserver/ar/en/unit/" + pct("!!!")).js(), json::array());
  EXPECT_EQ(s.get("/tmserver/languages/").js(), (json{{"sourceLanguages", {"ar", "en"}}, {"targetLanguages", {"ar", "en"}}}));
  EXPECT_EQ(s.stop(), 0);
}

TEST_F(ServeCli, MalformedAndOversizedRequestsGet4xxJson) {
  Server s({"--db", *db_, "--max-body", "4096"});
  ASSERT_GT(s.port(), 0) << s.stderr_text();
  const std::string host = "Host: 127.0.0.1:" + std::to_string(s.port()) + "\r\n";
  auto expect_json_error = [](const HttpResponse& r, int status, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.head << r.body;
    if (r.status != 0) {
      EXPECT_TRUE(json::parse(r.body, nullptr, false).contains("error")) << what << ": " << r.body;
    }
  };
  expect_json_error(s.post("/api/lookup", R"({"queries":[)" + std::string(5000, ' ') + "]}"), 413, "body > --max-body");
  expect_json_error(s.post("/api/lookup", "{\"queries\": [\"a\""), 400, "bad JSON");
  expect_json_error(s.post("/api/lookup", "[1,2]"), 400, "not an object");
  expect_json_error(s.post("/api/lookup", R"({"queries":"x"})"), 400, "queries not an array");
  expect_json_error(s.post("/api/lookup", R"({"queries":["x"]})", "", "application/x-www-form-urlencoded"), 415, "form");
  expect_json_error(s.post("/api/align", R"({"src":5,"tgt":"x"})"), 400, "align src not text");
  expect_json_error(s.get("/api/lookup"), 400, "no q");
  expect_json_error(s.get("/api/lookup?q=%zz"), 400, "bad escape");
  expect_json_error(s.get("/api/lookup?q=%ff%fe"), 400, "invalid UTF-8");
  expect_json_error(s.get("/api/lookup?q=a&q=b"), 400, "repeated parameter");
  expect_json_error(s.get("/api/lookup?q=a&min=200"), 400, "min out of range");
  expect_json_error(s.get("/api/lookup?q=a&src=notalang"), 400, "bad language");
  expect_json_error(s.get("/api/lookup?q=" + std::string(5000, 'a')), 400, "query too long");
  expect_json_error(s.get("/api/nothing"), 404, "unknown endpoint");
  expect_json_error(s.post("/api/stats", "{}"), 405, "POST to a GET endpoint");
  expect_json_error(raw_request(s.port(), "DELETE /api/lookup?q=a HTTP/1.1\r\n" + host + "\r\n"), 405, "DELETE");
  // DNS rebinding: another name, or our name on another port; a foreign Origin.
  expect_json_error(raw_request(s.port(), "GET /api/stats HTTP/1.1\r\nHost: evil.example:" + std::to_string(s.port()) + "\r\n\r\n"),
                    421, "wrong Host");
  expect_json_error(s.get("/api/stats", "Host: evil.example:" + std::to_string(s.port()) + "\r\n"), 400, "two Hosts");
  expect_json_error(raw_request(s.port(), "GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n"), 421, "wrong port");
  expect_json_error(raw_request(s.port(), "GET /api/stats HTTP/1.1\r\n\r\n"), 400, "no Host");
  expect_json_error(s.get("/api/stats", "Origin: http://evil.example\r\n"), 403, "foreign Origin");
  EXPECT_EQ(s.get("/api/stats", "Origin: http://127.0.0.1:" + std::to_string(s.port()) + "\r\n").status, 200);
  // Broken HTTP.
  expect_json_error(raw_request(s.port(), "GARBAGE\r\n\r\n"), 400, "no request line");
  expect_json_error(raw_request(s.port(), "GET / HTTP/1.1\r\n" + host + "X-Big: " + std::string(20000, 'x') + "\r\n\r\n"), 431,
                    "huge header");
  expect_json_error(raw_request(s.port(), "POST /api/lookup HTTP/1.1\r\n" + host + "Content-Length: zz\r\n\r\n"), 400,
                    "bad Content-Length");
  expect_json_error(raw_request(s.port(), "GET /api/stats HTTP/1.1\r\n" + host + std::string("X: a\0b\r\n\r\n", 10)), 400,
                    "NUL in a header");
  // The server is still fine.
  EXPECT_EQ(s.get("/api/stats").status, 200);
  EXPECT_EQ(s.stop(), 0);
}

TEST_F(ServeCli, Http10KeepAliveIsHonouredAndSlowClientsAreDropped) {
  Server s({"--db", *db_, "--idle-timeout", "0.5"});
  ASSERT_GT(s.port(), 0) << s.stderr_text();
  const std::string host = "Host: 127.0.0.1:" + std::to_string(s.port()) + "\r\n";
  // ab -k: HTTP/1.0 with Connection: Keep-Alive, several requests on one connection.
  int fd = connect_to(s.port());
  std::string buf;
  for (int i = 0; i < 3; ++i) {
    send_all(fd, "GET /api/stats HTTP/1.0\r\n" + host + "Connection: Keep-Alive\r\n\r\n");
    HttpResponse r = read_response(fd, buf);
    ASSERT_EQ(r.status, 200) << i;
    EXPECT_EQ(r.head.substr(0, 8), "HTTP/1.0");
    EXPECT_EQ(r.header("connection"), "keep-alive");
  }
  // HTTP/1.0 without keep-alive: closed after the answer.
  send_all(fd, "GET /api/stats HTTP/1.0\r\n" + host + "\r\n");
  EXPECT_EQ(read_response(fd, buf).status, 200);
  char c;
  EXPECT_EQ(::recv(fd, &c, 1, 0), 0);
  ::close(fd);
  // A client that starts a request and stalls is dropped after the idle timeout.
  fd = connect_to(s.port());
  send_all(fd, "GET /api/stats HTTP/1.1\r\n" + host);
  auto t0 = std::chrono::steady_clock::now();
  pollfd p{fd, POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  EXPECT_LE(::recv(fd, &c, 1, 0), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(4));
  ::close(fd);
  EXPECT_EQ(s.get("/api/stats").status, 200);
  EXPECT_EQ(s.stop(), 0);
}

TEST_F(ServeCli, ConnectionsBeyondTheLimitGet503) {
  Server s({"--db", *db_, "--max-connections", "2"});
  ASSERT_GT(s.port(), 0) << s.stderr_text();
  int a = connect_to(s.port()), b = connect_to(s.port());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // both accepted
  HttpResponse over = s.get("/api/stats");
  EXPECT_EQ(over.status, 503);
  EXPECT_TRUE(over.js().contains("error"));
  ::close(a);
  ::close(b);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(s.get("/api/stats").status, 200);
  EXPECT_EQ(s.stop(), 0);
}

TEST_F(ServeCli, StopsCleanlyFinishingTheRequestInFlight) {
  Server s({"--db", *db_});
  ASSERT_GT(s.port(), 0) << s.stderr_text();
  // A request that takes a while: aligning the 37 bundled NTREX documents
  // as one document pair.
  std::string src, tgt;
  for (const auto& e : std::filesystem::directory_iterator(test_data("ntrex_dev"))) {
    if (e.path().extension() == ".ar") {
      src += read_file(e.path().string());
      std::string en = e.path().string();
      tgt += read_file(en.replace(en.size() - 3, 3, ".en"));
    }
  }
  const std::string body = json{{"src", src}, {"tgt", tgt}, {"presplit", true}}.dump();
  int idle = connect_to(s.port());  // an idle keep-alive connection does not hold the stop up
  int fd = connect_to(s.port());
  send_all(fd, "POST /api/align HTTP/1.1\r\nHost: localhost:" + std::to_string(s.port()) +
                   "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  ::kill(s.pid(), SIGTERM);
  std::string buf;
  HttpResponse r = read_response(fd, buf);
  EXPECT_EQ(r.status, 200);
  EXPECT_GT(r.js()["beads"].size(), 500u);
  EXPECT_EQ(r.header("connection"), "close");
  ::close(fd);
  ::close(idle);
  EXPECT_EQ(s.stop(), 0);
  EXPECT_NE(s.stderr_text().find("muwazi serve: stopped"), std::string::npos);
  // No new connection is accepted any more.
  EXPECT_LT(connect_to(s.port()), 0);
}

// A stop signal is a clean stop at any moment of the server's life: as soon
// as it says it is listening, and again and again while it stops (the
// handlers are installed before the "listening" line; once stopped, the last
// thread blocks them, so the exit stays 0 while the TM closes).
TEST_F(ServeCli, StopSignalsAtAnyMomentExitCleanly) {
  for (int round = 0; round < 5; ++round) {
    Server s({"--db", *db_, "--threads", "2"});
    ASSERT_GT(s.port(), 0) << s.stderr_text();
    EXPECT_EQ(s.stop_insistently(), 0) << "round " << round << ": " << s.stderr_text();
    EXPECT_NE(s.stderr_text().find("muwazi serve: stopped"), std::string::npos) << s.stderr_text();
  }
  // After writes, closing the TM checkpoints its WAL: the longest stretch
  // between run()'s return and the exit, where a signal used to kill it.
  const std::string db = temp_dir() + "/w.db";
  ASSERT_EQ(std::system(("cp " + *db_ + " " + db).c_str()), 0);
  Server s({"--db", db});
  ASSERT_GT(s.port(), 0) << s.stderr_text();
  for (int batch = 0; batch < 4; ++batch) {
    json units = json::array();
    for (int i = 0; i < 1000; ++i) {
      const std::string n = std::to_string(batch * 1000 + i);
      units.push_back({{"source", "جملة رقم " + n + " للتجربة"}, {"target", "Sentence number " + n + " for the test"}});
    }
    HttpResponse r = s.post("/api/units", json{{"src_lang", "ar"}, {"tgt_lang", "en"}, {"document", "d" + std::to_string(batch)}, {"units", units}}.dump(),
                             s.bearer());
    ASSERT_EQ(r.status, 200) << r.body;
  }
  EXPECT_EQ(s.stop_insistently(), 0) << s.stderr_text();
}

TEST_F(ServeCli, WarnsWhenNotOnLoopbackAndRefusesBadFlags) {
  RunResult r = run_muwazi({"serve", "--db", *db_, "--port", "70000"});
  EXPECT_EQ(r.exit_code, 2);
  r = run_muwazi({"serve", "--db", temp_dir() + "/missing.db", "--port", "0"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  r = run_muwazi({"serve", "--db", *db_, "--token", "short"});
  EXPECT_EQ(r.exit_code, 2);
  Server s({"--db", *db_, "--host", "0.0.0.0"});
  std::string err;
  for (int i = 0; i < 100 && err.find("listening") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    err = s.stderr_text();
  }
  EXPECT_NE(err.find("warning: listening on 0.0.0.0, not loopback"), std::string::npos) << err;
  EXPECT_EQ(s.stop(), 0);
}

}  // namespace
}  // namespace muwazi::test
