// `muwazi eval` against the reference scorer ../shared/tools/score.py: on
// every dev gold file of the shared data, each scored against perturbed test
// alignments generated here (merges, splits, shifts, omissions, dropped,
// duplicated and crossed beads), the numbers must be identical. The bundled
// NTREX part needs no shared data and checks hand-computed counts.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/cli_util.h"

namespace muwazi::test {
namespace {

namespace fs = std::filesystem;

struct SimpleBead {
  std::vector<int> src, tgt;
};

// Parses the canonical bead lines of the data files ("[1, 2]:[3]").
std::vector<SimpleBead> parse_simple(const std::string& text) {
  std::vector<SimpleBead> beads;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    SimpleBead b;
    std::vector<int>* side = &b.src;
    std::string num;
    for (char c : line) {
      if (c >= '0' && c <= '9') {
        num += c;
      } else {
        if (!num.empty()) side->push_back(std::stoi(num));
        num.clear();
        if (c == ':') side = &b.tgt;
      }
    }
    if (!num.empty()) side->push_back(std::stoi(num));
    beads.push_back(std::move(b));
  }
  return beads;
}

std::string ids(const std::vector<int>& v) {
  std::string s = "[";
  for (std::size_t k = 0; k < v.size(); ++k) s += (k ? ", " : "") + std::to_string(v[k]);
  return s + "]";
}

// A deterministic generator (no std:: distributions: their output differs
// between standard libraries).
struct Lcg {
  unsigned long long state;
  unsigned next(unsigned n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>((state >> 33) % n);
  }
};

// A test alignment made from `gold` by local edits; `rate` in percent.
std::string perturb(const std::vector<SimpleBead>& gold, unsigned long long seed, unsigned rate) {
  Lcg rng{seed};
  std::vector<SimpleBead> out;
  for (std::size_t i = 0; i < gold.size(); ++i) {
    SimpleBead b = gold[i];
    if (rng.next(100) >= rate) {
      out.push_back(b);
      continue;
    }
    switch (rng.next(8)) {
      case 0:  // merge with the next bead (merge where gold splits)
        if (i + 1 < gold.size()) {
          b.src.insert(b.src.end(), gold[i + 1].src.begin(), gold[i + 1].src.end());
          b.tgt.insert(b.tgt.end(), gold[i + 1].tgt.begin(), gold[i + 1].tgt.end());
          ++i;
        }
        out.push_back(b);
        break;
      case 1: {  // split (where gold merges); a 1-1 becomes an omission pair
        SimpleBead first, second;
        std::size_t hs = (b.src.size() + 1) / 2, ht = b.tgt.size() / 2;
        first.src.assign(b.src.begin(), b.src.begin() + hs);
        first.tgt.assign(b.tgt.begin(), b.tgt.begin() + ht);
        second.src.assign(b.src.begin() + hs, b.src.end());
        second.tgt.assign(b.tgt.begin() + ht, b.tgt.end());
        out.push_back(first);
        out.push_back(second);
        break;
      }
      case 2:  // shift: the last source sentence moves to the next bead
        if (i + 1 < gold.size() && !b.src.empty()) {
          SimpleBead next = gold[i + 1];
          next.src.insert(next.src.begin(), b.src.back());
          b.src.pop_back();
          out.push_back(b);
          out.push_back(next);
          ++i;
        } else {
          out.push_back(b);
        }
        break;
      case 3:  // omission of the target side
        out.push_back({b.src, {}});
        if (!b.tgt.empty()) out.push_back({{}, b.tgt});
        break;
      case 4:  // dropped: the test does not cover these sentences
        break;
      case 5:  // crossed with the next bead (not monotone, legal for scoring)
        if (i + 1 < gold.size()) {
          out.push_back({b.src, gold[i + 1].tgt});
          out.push_back({gold[i + 1].src, b.tgt});
          ++i;
        } else {
          out.push_back(b);
        }
        break;
      case 6:  // duplicate plus an empty bead
        out.push_back(b);
        out.push_back(b);
        out.push_back({});
        break;
      default:  // an omitted gold sentence aligned with the neighbour
        if (!out.empty() && (b.src.empty() || b.tgt.empty())) {
          out.back().src.insert(out.back().src.end(), b.src.begin(), b.src.end());
          out.back().tgt.insert(out.back().tgt.end(), b.tgt.begin(), b.tgt.end());
        } else {
          out.push_back(b);
        }
        break;
    }
  }
  std::string text = "# perturbed test alignment\n";
  for (std::size_t k = 0; k < out.size(); ++k) {
    text += ids(out[k].src) + ":" + ids(out[k].tgt);
    if (k % 3 == 0) text += ":0." + std::to_string(k % 10);  // optional scores
    text += k % 7 == 0 ? "  \n\n" : "\n";
  }
  return text;
}

bool have_python() { return std::system("python3 -c pass >/dev/null 2>&1") == 0; }

std::string run_shell(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return out;
}

std::string quote(const std::string& s) { return "'" + s + "'"; }

// Every directory of the shared data that holds dev gold files.
std::vector<std::string> shared_gold_dirs(const std::string& root) {
  std::vector<std::string> dirs;
  for (const auto& src : fs::directory_iterator(root + "/ar-en")) {
    for (const char* sub : {"/dev", "/dev/hard"}) {
      std::string d = src.path().string() + sub;
      if (fs::is_directory(d)) dirs.push_back(d);
    }
  }
  if (fs::exists(root + "/de-fr/dev.gold")) dirs.push_back(root + "/de-fr");
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

std::vector<std::string> gold_names(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string f = e.path().filename().string();
    if (f.size() > 5 && f.ends_with(".gold")) names.push_back(f.substr(0, f.size() - 5));
  }
  std::sort(names.begin(), names.end());
  return names;
}

void expect_same_numbers(const nlohmann::json& ours, const nlohmann::json& ref, const std::string& what) {
  EXPECT_EQ(ours["docs"], ref["docs"]) << what;
  EXPECT_EQ(ours["gold_beads"], ref["gold_beads"]) << what;
  for (const char* kind : {"strict", "lax"}) {
    for (const char* m : {"p", "r", "f1"}) {
      // Same operations on the same counts: the doubles must be identical.
      EXPECT_EQ(ours[kind][m].get<double>(), ref[kind][m].get<double>()) << what << " " << kind << " " << m;
    }
  }
}

TEST(EvalCli, AgreesWithScorePyOnEveryDevGoldFile) {
  std::string root = shared_data("");
  std::string score_py = shared_data("../tools/score.py");
  if (root.empty() || score_py.empty()) GTEST_SKIP() << "shared data or score.py absent (" << MUWAZI_SHARED_DATA << ")";
  if (!have_python()) GTEST_SKIP() << "python3 absent: cannot run score.py";

  std::string tmp = temp_dir();
  struct Pair {
    std::string gold, test;
  };
  std::vector<Pair> pairs;
  std::vector<std::pair<std::string, std::string>> dir_pairs;  // gold dir, test dir
  int dir_no = 0;
  for (const std::string& dir : shared_gold_dirs(root)) {
    for (unsigned rate : {8u, 35u}) {
      std::string test_dir = tmp + "/d" + std::to_string(dir_no++);
      fs::create_directories(test_dir);
      unsigned long long seed = rate;
      for (const std::string& name : gold_names(dir)) {
        std::string gold = dir + "/" + name + ".gold";
        std::string test = test_dir + "/" + name + ".align";
        for (char c : name) seed = seed * 131 + static_cast<unsigned char>(c);
        write_file(test, perturb(parse_simple(read_file(gold)), seed, rate));
        // Per file: the heavier perturbation (each run of muwazi costs a
        // process start, slow under sanitizers); per directory: both.
        if (rate == 35u) pairs.push_back({gold, test});
      }
      dir_pairs.push_back({dir, test_dir});
    }
  }
  ASSERT_GT(pairs.size(), 80u) << "expected the five ar-en sources, their hard/ copies and de-fr";

  // Per file: score.py's own score_documents() in one python process.
  std::string list = tmp + "/pairs.txt";
  std::string listing;
  for (const auto& p : pairs) listing += p.gold + "\t" + p.test + "\n";
  write_file(list, listing);
  std::string py =
      "import json, sys; sys.path.insert(0, sys.argv[1]); import score\n"
      "out = []\n"
      "for line in open(sys.argv[2]):\n"
      "    g, t = line.rstrip('\\n').split('\\t')\n"
      "    r = score.score_documents([score.read_beads(g)], [score.read_beads(t)])\n"
      "    out.append(r)\n"
      "print(json.dumps(out))\n";
  write_file(tmp + "/per_file.py", py);
  std::string ref_text = run_shell("python3 " + quote(tmp + "/per_file.py") + " " +
                                   quote(fs::path(score_py).parent_path().string()) + " " + quote(list));
  nlohmann::json ref = nlohmann::json::parse(ref_text);
  ASSERT_EQ(ref.size(), pairs.size());
  int imperfect = 0;
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    RunResult r = run_muwazi({"eval", pairs[k].gold, pairs[k].test, "--json"});
    ASSERT_EQ(r.exit_code, 0) << pairs[k].gold << ": " << r.err;
    nlohmann::json ours = nlohmann::json::parse(r.out);
    expect_same_numbers(ours, ref[k], pairs[k].gold);
    EXPECT_EQ(ours["test_beads"], ref[k]["test_beads"]) << pairs[k].gold;
    EXPECT_EQ(ours["counts"], ref[k]["counts"]) << pairs[k].gold;
    imperfect += ours["strict"]["f1"].get<double>() < 1.0;
  }
  // The perturbations must actually bite, or the comparison proves little.
  EXPECT_GT(imperfect, static_cast<int>(pairs.size() * 3 / 4));

  // Per directory through score.py's command line: --json numbers, and the
  // table byte for byte.
  for (const auto& [gold_dir, test_dir] : dir_pairs) {
    std::string args = " --gold-dir " + quote(gold_dir) + " --test-dir " + quote(test_dir);
    nlohmann::json ref_dir = nlohmann::json::parse(run_shell("python3 " + quote(score_py) + args + " --json"));
    RunResult r = run_muwazi({"eval", "--gold-dir", gold_dir, "--test-dir", test_dir, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_same_numbers(nlohmann::json::parse(r.out), ref_dir, gold_dir);
    std::string ref_table = run_shell("python3 " + quote(score_py) + args);
    RunResult t = run_muwazi({"eval", "--gold-dir", gold_dir, "--test-dir", test_dir});
    EXPECT_EQ(t.out, ref_table) << gold_dir;
  }
  fs::remove_all(tmp);
}

// A hand-worked case on a bundled document (no shared data needed):
// gold news_cbsnews-248484: [0]:[0] [1, 2]:[1] [3]:[2] [4]:[3] ... [10]:[9].
constexpr const char* kHandTest =
    "[0]:[0]\n"         // strict
    "[1]:[1]\n"         // split of [1, 2]:[1]: lax (src 1 and tgt 1 share a gold bead)
    "[2]:[]\n"          // FP
    "[3, 4]:[2, 3]\n"   // merge of [3]:[2] [4]:[3]: lax
    "[5]:[4]\n"         // strict
    "[6]:[]\n"          // FP (false omission)
    "[]:[5]\n"          // FP
    "[7]:[7]\n"         // FP: src 7 in [7]:[6], tgt 7 in [8]:[7]
    "[8]:[6]\n"         // FP: crossed
    "[9]:[8]\n"         // strict
    "[10]:[9]:0.9\n";   // strict
// Precision: 11 test beads, 4 strict, 6 lax.
// Recall: 10 gold beads vs the 8 test beads without an empty side: 4 strict;
// lax also [1, 2]:[1], [3]:[2], [4]:[3] -> 7; [6]:[5], [7]:[6], [8]:[7] miss.
// P 4/11 = .3636, 6/11 = .5455; R .4, .7;
// F1 strict 2(.3636)(.4)/(.7636) = .3810, lax 2(.5455)(.7)/(1.2455) = .6131.
constexpr const char* kHandTable =
    "docs=1 gold_beads=10 test_beads=11\n"
    "          strict    lax\n"
    "P         0.3636    0.5455\n"
    "R         0.4000    0.7000\n"
    "F1        0.3810    0.6131\n";

TEST(EvalCli, BundledHandWorkedCase) {
  std::string tmp = temp_dir();
  std::string gold = test_data("ntrex_dev/news_cbsnews-248484.gold");
  write_file(tmp + "/t.align", kHandTest);
  RunResult r = run_muwazi({"eval", gold, tmp + "/t.align"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, kHandTable);

  r = run_muwazi({"eval", gold, tmp + "/t.align", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["counts"]["precision"], nlohmann::json({{"strict_tp", 4}, {"lax_tp", 6}, {"n", 11}}));
  EXPECT_EQ(j["counts"]["recall"], nlohmann::json({{"strict_tp", 4}, {"lax_tp", 7}, {"n", 10}}));
  EXPECT_DOUBLE_EQ(j["strict"]["p"].get<double>(), 4.0 / 11);
  EXPECT_DOUBLE_EQ(j["lax"]["r"].get<double>(), 0.7);

  r = run_muwazi({"eval", gold, tmp + "/t.align", "--details"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("false omission"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("merge where gold splits"), std::string::npos) << r.out;

  // The same case through score.py when it is there.
  std::string score_py = shared_data("../tools/score.py");
  if (!score_py.empty() && have_python()) {
    EXPECT_EQ(run_shell("python3 " + quote(score_py) + " --gold " + quote(gold) + " --test " +
                        quote(tmp + "/t.align")),
              kHandTable);
  }
  fs::remove_all(tmp);
}

TEST(EvalCli, BundledDirectoryAgainstItselfCountsEveryGoldBead) {
  std::string gold_dir = test_data("ntrex_dev");
  std::string tmp = temp_dir();
  long docs = 0, beads = 0;
  for (const std::string& name : gold_names(gold_dir)) {
    std::string text = read_file(gold_dir + "/" + name + ".gold");
    write_file(tmp + "/" + name + ".align", text);
    ++docs;
    beads += static_cast<long>(parse_simple(text).size());
  }
  ASSERT_GT(docs, 10);
  RunResult r = run_muwazi({"eval", "--gold-dir", gold_dir, "--test-dir", tmp, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["docs"], docs);
  EXPECT_EQ(j["gold_beads"], beads);
  EXPECT_EQ(j["strict"]["f1"], 1.0);
  EXPECT_EQ(j["lax"]["f1"], 1.0);

  // --names selects documents.
  r = run_muwazi({"eval", "--gold-dir", gold_dir, "--test-dir", tmp, "--names", "news_bbc-*", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_LT(nlohmann::json::parse(r.out)["docs"].get<long>(), docs);
  fs::remove_all(tmp);
}

TEST(EvalCli, BadInput) {
  std::string tmp = temp_dir();
  std::string gold = test_data("ntrex_dev/news_cbsnews-248484.gold");
  write_file(tmp + "/bad.align", "[0]:[0]\n[1, 2]:[1]\nnonsense\n");

  RunResult r = run_muwazi({"eval", gold, tmp + "/bad.align"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(tmp + "/bad.align:3: not a bead"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());

  r = run_muwazi({"eval", gold, tmp + "/missing.align"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("missing.align"), std::string::npos) << r.err;

  r = run_muwazi({"eval", gold});
  EXPECT_EQ(r.exit_code, 2);
  r = run_muwazi({"eval", gold, gold, "--bogus"});
  EXPECT_EQ(r.exit_code, 2);
  r = run_muwazi({"eval", "--gold-dir", tmp});
  EXPECT_EQ(r.exit_code, 2);

  // A directory without gold files; a test directory missing NAME.align.
  r = run_muwazi({"eval", "--gold-dir", tmp, "--test-dir", tmp});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no matching *.gold"), std::string::npos) << r.err;
  r = run_muwazi({"eval", "--gold-dir", test_data("ntrex_dev"), "--test-dir", tmp});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("missing test files"), std::string::npos) << r.err;

  // The largest id there is: scored (all false positives), with a warning.
  write_file(tmp + "/huge.align", "[2147483647]:[2147483647]\n");
  r = run_muwazi({"eval", gold, tmp + "/huge.align", "--details"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("P         0.0000"), std::string::npos) << r.out;
  write_file(tmp + "/huger.align", "[2147483648]:[0]\n");
  r = run_muwazi({"eval", gold, tmp + "/huger.align"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("huger.align:1: sentence id too large"), std::string::npos) << r.err;

  // A test alignment covering fewer sentences than the gold: scored, with a warning.
  write_file(tmp + "/short.align", "[0]:[0]\n");
  r = run_muwazi({"eval", gold, tmp + "/short.align"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.err.find("warning"), std::string::npos);
  fs::remove_all(tmp);
}

}  // namespace
}  // namespace muwazi::test
