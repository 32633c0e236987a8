// End-to-end tests of `muwazi tm ...` as a user runs it.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/e2e/cli_util.h"

namespace muwazi::test {
namespace {

using nlohmann::json;

std::string tmx(const std::string& name) { return test_data("tmx/" + name); }

std::vector<json> jsonl(const std::string& out) {
  std::vector<json> v;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) v.push_back(json::parse(line));
  return v;
}

json stats(const std::string& db) {
  RunResult r = run_muwazi({"tm", "stats", "--db", db, "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out);
}

TEST(TmCli, ImportLookupJsonlAndStats) {
  std::string db = temp_dir() + "/tm.db";
  RunResult r = run_muwazi({"tm", "import", "--db", db, tmx("tico19-all.en-ar.tmx")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("3071 records"), std::string::npos) << r.out;
  json st = stats(db);
  EXPECT_GT(st["units"].get<int>(), 3000);
  EXPECT_EQ(st["documents"], 1);
  // Re-import: nothing new.
  r = run_muwazi({"tm", "import", "--db", db, tmx("tico19-all.en-ar.tmx")});
  EXPECT_NE(r.out.find(" 0 units added"), std::string::npos) << r.out;
  EXPECT_EQ(stats(db)["units"], st["units"]);

  // Arabic query without harakat/hamza against the en->ar TM (target side).
  r = run_muwazi({"tm", "lookup", "--db", db, "--src-lang", "ar", "--tgt-lang", "en", "--format", "jsonl",
                  "منذ متي لا تزال هذه الاعراض مستمره تقريبا؟"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = jsonl(r.out);
  ASSERT_EQ(lines.size(), 1u);
  const json& m = lines[0]["matches"][0];
  EXPECT_EQ(m["target"], "about how long have these symptoms been going on?");
  EXPECT_EQ(m["source"], "منذ متى لا تزال هذه الأعراض مستمرة تقريبًا؟");
  EXPECT_GE(m["score"].get<double>(), 95.0);
  EXPECT_LT(m["score"].get<double>(), 100.0);
  EXPECT_EQ(m["src_lang"], "ar");
  EXPECT_EQ(m["tgt_lang"], "en");
  std::vector<std::string> kinds;
  for (const json& p : m["penalties"]) kinds.push_back(p["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"diacritics", "alef_hamza", "letter_variants"}));

  // Text output explains why a match is not 100.
  r = run_muwazi({"tm", "lookup", "--db", db, "--src-lang", "ar", "منذ متى لا تزال هذه الأعراض مستمرة"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("why not 100: edit"), std::string::npos) << r.out;
}

TEST(TmCli, BatchLookupFromStdinAnswersEveryLineInOrder) {
  std::string db = temp_dir() + "/tm.db";
  ASSERT_EQ(run_muwazi({"tm", "import", "--db", db, tmx("tico19-all.en-ar.tmx")}).exit_code, 0);
  RunResult r = run_muwazi({"tm", "lookup", "--db", db, "--src-lang", "en", "--format", "jsonl", "-"},
                           "and along with a fever\n\nqwertyuiop asdfgh zxcvb\n...\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = jsonl(r.out);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["matches"][0]["score"], 100.0);
  EXPECT_EQ(lines[0]["matches"][0]["target"], "وبالإضافة إلى الحمى");
  EXPECT_TRUE(lines[1].contains("error"));  // empty line
  EXPECT_TRUE(lines[2]["matches"].empty());
  EXPECT_TRUE(lines[3].contains("error"));
}

TEST(TmCli, EmptyQueryAndUnknownLanguageAreUsageErrors) {
  std::string db = temp_dir() + "/tm.db";
  ASSERT_EQ(run_muwazi({"tm", "import", "--db", db, tmx("test01.tmx")}).exit_code, 0);
  RunResult r = run_muwazi({"tm", "lookup", "--db", db, "  "});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("empty query"), std::string::npos) << r.err;
  r = run_muwazi({"tm", "lookup", "--db", db, "--src-lang", "xx-klingon", "hello"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown language tag 'xx-klingon'"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST(TmCli, DatabaseErrorsExitWith3AndLeaveTheFileAlone) {
  std::string dir = temp_dir();
  write_file(dir + "/notes.txt", "this is not a database, just some text that is long enough to look like one\n");
  RunResult r = run_muwazi({"tm", "import", "--db", dir + "/notes.txt", tmx("test01.tmx")});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("not a SQLite database"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(dir + "/notes.txt"), "this is not a database, just some text that is long enough to look like one\n");
  // A TM whose pages were damaged.
  std::string broken = dir + "/broken.db";
  ASSERT_EQ(run_muwazi({"tm", "import", "--db", broken, tmx("tico19-all.en-ar.tmx")}).exit_code, 0);
  {
    std::string bytes = read_file(broken);
    for (std::size_t i = 8192; i < bytes.size(); i += 3) bytes[i] = static_cast<char>(0xA5);
    write_file(broken, bytes);
  }
  r = run_muwazi({"tm", "lookup", "--db", broken, "--src-lang", "ar", "منذ متى لا تزال هذه الأعراض مستمرة"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  r = run_muwazi({"tm", "stats", "--db", dir + "/missing.db"});
  EXPECT_EQ(r.exit_code, 3);
  // Read-only TM: writers refuse with 3, readers work.
  std::string db = dir + "/ro.db";
  ASSERT_EQ(run_muwazi({"tm", "import", "--db", db, tmx("test01.tmx")}).exit_code, 0);
  ::chmod(db.c_str(), 0444);
  r = run_muwazi({"tm", "import", "--db", db, tmx("html_test.tmx")});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("read-only"), std::string::npos) << r.err;
  EXPECT_EQ(run_muwazi({"tm", "stats", "--db", db}).exit_code, 0);
  // A newer schema.
  std::string newer = dir + "/newer.db";
  ASSERT_EQ(run_muwazi({"tm", "import", "--db", newer, tmx("test01.tmx")}).exit_code, 0);
  {
    // PRAGMA user_version lives at byte 60 of the SQLite header (big-endian).
    std::string bytes = read_file(newer);
    ASSERT_GT(bytes.size(), 100u);
    bytes[60] = 0, bytes[61] = 0, bytes[62] = 0, bytes[63] = 7;
    write_file(newer, bytes);
  }
  r = run_muwazi({"tm", "lookup", "--db", newer, "hello"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("newer muwazi"), std::string::npos) << r.err;
}

TEST(TmCli, MalformedTmxStopsWithFileLineAndStoresNothingFromIt) {
  std::string dir = temp_dir();
  std::string db = dir + "/tm.db";
  ASSERT_EQ(run_muwazi({"tm", "import", "--db", db, tmx("test01.tmx")}).exit_code, 0);
  json before = stats(db);
  std::string bad = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n";
  for (int i = 0; i < 50; ++i) {
    bad += "<tu><tuv xml:lang=\"en\"><seg>sentence " + std::to_string(i) + "</seg></tuv><tuv xml:lang=\"ar\"><seg>جملة " +
           std::to_string(i) + "</seg></tuv></tu>\n";
  }
  bad += "<tu><tuv xml:lang=\"en\"><seg>broken</tuv></tu>\n</body></tmx>\n";
  write_file(dir + "/bad.tmx", bad);
  RunResult r = run_muwazi({"tm", "import", "--db", db, dir + "/bad.tmx"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.tmx:53:"), std::string::npos) << r.err;
  EXPECT_EQ(stats(db), before);
}

TEST(TmCli, ExportTmxIsAcceptedByXmllintAndReimportsToTheSameUnits) {
  std::string dir = temp_dir();
  std::string db = dir + "/tm.db";
  ASSERT_EQ(run_muwazi({"tm", "import", "--db", db, tmx("tico19-all.en-ar.tmx"), tmx("html_test.tmx"),
                        tmx("sample14b.tmx"), tmx("Paragraph_TM.tmx")})
                .exit_code,
            0);
  RunResult r = run_muwazi({"tm", "export", "--db", db, "-o", dir + "/out.tmx"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  if (std::system("command -v xmllint >/dev/null 2>&1") == 0) {
    EXPECT_EQ(std::system(("xmllint --noout --nonet --dtdvalid " + tmx("tmx14b-structure.dtd") + " " + dir + "/out.tmx")
                              .c_str()),
              0);
  }
  std::string db2 = dir + "/tm2.db";
  ASSERT_EQ(run_muwazi({"tm", "import", "--db", db2, dir + "/out.tmx"}).exit_code, 0);
  EXPECT_EQ(stats(db2)["units"], stats(db)["units"]);
  RunResult a = run_muwazi({"tm", "export", "--db", db, "--format", "tsv"});
  RunResult b = run_muwazi({"tm", "export", "--db", db2, "--format", "tsv"});
  EXPECT_EQ(a.out, b.out);
  // TSV round trip for one pair.
  write_file(dir + "/pair.tsv", run_muwazi({"tm", "export", "--db", db, "--format", "tsv", "--src-lang", "en", "--tgt-lang", "ar"}).out);
  std::string db3 = dir + "/tm3.db";
  r = run_muwazi({"tm", "import", "--db", db3, "--src-lang", "en", "--tgt-lang", "ar", dir + "/pair.tsv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GT(stats(db3)["units"].get<int>(), 3000);
}

// The <seg> elements of a TMX text, in order: texts with their inline codes.
std::vector<std::string> segs(const std::string& xml) {
  std::vector<std::string> out;
  for (std::size_t at = xml.find("<seg>"); at != std::string::npos; at = xml.find("<seg>", at + 1)) {
    const std::size_t end = xml.find("</seg>", at);
    if (end == std::string::npos) break;
    out.push_back(xml.substr(at, end - at));
  }
  return out;
}

TEST(TmCli, TusThatDifferOnlyInTheirCodesSurviveImportExportAndReimport) {
  std::string dir = temp_dir();
  std::string db = dir + "/tm.db";
  RunResult r = run_muwazi({"tm", "import", "--db", db, tmx("same_text_other_codes.tmx")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 9 TUs, one of them another's copy with renumbered ids.
  EXPECT_NE(r.out.find("8 units added, 1 already present"), std::string::npos) << r.out;
  for (const char* f : {"mytm.tmx", "test01.tmx"}) {
    r = run_muwazi({"tm", "import", "--db", db, tmx(f)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  RunResult a = run_muwazi({"tm", "export", "--db", db, "-o", dir + "/a.tmx"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const std::string first = read_file(dir + "/a.tmx");
  // Both "Elephants cannot fly." (plain, and with <b> codes) come back.
  EXPECT_NE(first.find("<seg>Elephants <bpt i=\"1\">&lt;b&gt;</bpt>cannot<ept i=\"1\">&lt;/b&gt;</ept> fly.</seg>"),
            std::string::npos);
  EXPECT_NE(first.find("<seg>Elephants cannot fly.</seg>"), std::string::npos);
  std::string db2 = dir + "/tm2.db";
  r = run_muwazi({"tm", "import", "--db", db2, dir + "/a.tmx"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(stats(db2)["units"], stats(db)["units"]);
  ASSERT_EQ(run_muwazi({"tm", "export", "--db", db2, "-o", dir + "/b.tmx"}).exit_code, 0);
  const std::vector<std::string> want = segs(first);
  EXPECT_EQ(want.size(), 2 * stats(db)["units"].get<std::size_t>());
  EXPECT_EQ(segs(read_file(dir + "/b.tmx")), want);
}

TEST(TmCli, AnArticlesSentenceBetweenItsNeighboursScores101) {
  std::string dir = temp_dir();
  std::string db = dir + "/tm.db";
  std::string ar = test_data("sample/article.ar.txt"), en = test_data("sample/article.en.txt");
  ASSERT_EQ(run_muwazi({"tm", "add", "--db", db, ar, en}).exit_code, 0);
  const std::vector<std::string> lines = segmented("ar", ar);
  ASSERT_GT(lines.size(), 10u);
  const std::size_t i = lines.size() / 2;
  auto best = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"tm", "lookup", "--db", db, "--src-lang", "ar", "--format", "jsonl"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(lines[i]);
    RunResult r = run_muwazi(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    json j = json::parse(r.out);
    return j["matches"].empty() ? json() : j["matches"][0];
  };
  json m = best({"--prev", lines[i - 1], "--next", lines[i + 1]});
  EXPECT_EQ(m["score"], 101.0);
  EXPECT_EQ(m["context"], "both");
  m = best({"--prev", lines[i - 1], "--next", "Another sentence."});
  EXPECT_EQ(m["score"], 100.0);
  EXPECT_EQ(m["context"], "prev");
  EXPECT_EQ(m["penalties"][0]["kind"], "context");
  m = best({});
  EXPECT_EQ(m["score"], 100.0);
  EXPECT_FALSE(m.contains("context"));  // the JSON without a context is as before
  // The whole article, one sentence a line, each line's neighbours its
  // context: every identical match is in its context.
  std::string one_a_line;
  for (const std::string& l : lines) one_a_line += l + "\n";
  RunResult all = run_muwazi({"tm", "lookup", "--db", db, "--src-lang", "ar", "--format", "jsonl", "--context", "-"},
                             one_a_line);
  ASSERT_EQ(all.exit_code, 0) << all.err;
  int exact = 0;
  std::istringstream answers(all.out);
  for (std::string l; std::getline(answers, l);) {
    json a = json::parse(l);
    if (a["matches"].empty() || a["matches"][0]["score"].get<double>() < 100) continue;
    ++exact;
    EXPECT_EQ(a["matches"][0]["score"], 101.0) << l;
  }
  EXPECT_GT(exact, 10);
  EXPECT_EQ(run_muwazi({"tm", "lookup", "--db", db, "--context", lines[i]}).exit_code, 2);
}

TEST(TmCli, AddAlignsAnArticlePairWithProvenanceAndIsIdempotent) {
  std::string dir = temp_dir();
  std::string db = dir + "/tm.db";
  std::string ar = test_data("sample/article.ar.txt"), en = test_data("sample/article.en.txt");
  RunResult r = run_muwazi({"tm", "add", "--db", db, ar, en});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json st = stats(db);
  EXPECT_GT(st["units"].get<int>(), 5);
  EXPECT_EQ(st["documents"], 1);
  EXPECT_EQ(st["pairs"][0]["src_lang"], "ar");
  r = run_muwazi({"tm", "add", "--db", db, ar, en});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(stats(db), st);
  // Every stored unit carries its bead provenance.
  r = run_muwazi({"tm", "export", "--db", db});
  EXPECT_NE(r.out.find("x-muwazi-origin\">docpair:"), std::string::npos);
  EXPECT_NE(r.out.find("x-muwazi-bead\">1-1"), std::string::npos);
  // A stored sentence comes back as a 100 match.
  r = run_muwazi({"tm", "export", "--db", db, "--format", "tsv"});
  std::string first_src = r.out.substr(0, r.out.find('\t'));
  r = run_muwazi({"tm", "lookup", "--db", db, "--src-lang", "ar", "--format", "jsonl", first_src});
  EXPECT_EQ(jsonl(r.out)[0]["matches"][0]["score"], 100.0) << r.out;
}

TEST(TmCli, ConcordanceHighlightsTheHit) {
  std::string db = temp_dir() + "/tm.db";
  ASSERT_EQ(run_muwazi({"tm", "import", "--db", db, "--src-lang", "ar", tmx("tico19-all.en-ar.tmx")}).exit_code, 0);
  RunResult r = run_muwazi({"tm", "concordance", "--db", db, "--lang", "ar", "--limit", "3", "الاعراض"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("[[الأعراض]]"), std::string::npos) << r.out;
}

TEST(TmCli, AddRefusesAPairThatIsNotATranslation) {
  const std::string db = temp_dir() + "/tm.db";
  const std::string ar = test_data("ntrex_dev/news_newsweek-51328.ar");
  const std::string en = test_data("ntrex_dev/news_cnbc-com-6772.en");
  RunResult r = run_muwazi({"tm", "add", "--presplit", "--db", db, ar, en});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;  // one line
  EXPECT_NE(r.err.find(ar + " + " + en + ": not a translation pair (parallel score "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("below --min-pair-score 0.55)"), std::string::npos) << r.err;
  if (std::filesystem::exists(db)) {
    EXPECT_EQ(stats(db)["units"], 0);
  }
  // The pair's own translation is stored; with the check off, so is the wrong one.
  r = run_muwazi({"tm", "add", "--presplit", "--db", db, ar, test_data("ntrex_dev/news_newsweek-51328.en")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const int units = stats(db)["units"].get<int>();
  EXPECT_GT(units, 5);
  r = run_muwazi({"tm", "add", "--presplit", "--min-pair-score", "0", "--db", db, ar, en});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GT(stats(db)["units"].get<int>(), units);
}

}  // namespace
}  // namespace muwazi::test
