#include "evaluation/eval_files.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <utility>

#include "align/beads_io.h"
#include "text/error.h"

namespace muwazi::evaluation {

namespace fs = std::filesystem;

namespace {

// Highest source and target id + 1 (the document sizes an alignment implies).
std::pair<long, long> extent(const align::Alignment& a) {
  long s = 0, t = 0;
  for (const auto& b : a) {
    for (int id : b.src) s = std::max(s, static_cast<long>(id) + 1);
    for (int id : b.tgt) t = std::max(t, static_cast<long>(id) + 1);
  }
  return {s, t};
}

}  // namespace

std::vector<FilePair> pair_directories(const std::string& gold_dir, const std::string& test_dir,
                                       const std::string& glob) {
  std::error_code ec;
  if (!fs::is_directory(gold_dir, ec)) throw Error::Io(gold_dir + ": not a directory");
  if (!fs::is_directory(test_dir, ec)) throw Error::Io(test_dir + ": not a directory");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(gold_dir, ec)) {
    std::string file = entry.path().filename().string();
    if (file.size() <= 5 || file.compare(file.size() - 5, 5, ".gold") != 0) continue;
    std::string name = file.substr(0, file.size() - 5);
    if (::fnmatch(glob.c_str(), name.c_str(), 0) == 0) names.push_back(name);
  }
  if (ec) throw Error::Io(gold_dir + ": cannot list: " + ec.message());
  if (names.empty()) throw Error::Input(gold_dir + ": no matching *.gold files");
  std::sort(names.begin(), names.end());
  std::vector<FilePair> pairs;
  std::vector<std::string> missing;
  for (const auto& name : names) {
    pairs.push_back({(fs::path(gold_dir) / (name + ".gold")).string(),
                     (fs::path(test_dir) / (name + ".align")).string()});
    if (!fs::exists(pairs.back().test, ec)) missing.push_back(pairs.back().test);
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    throw Error::Io("missing test files: " + list);
  }
  return pairs;
}

FileEvaluation evaluate_files(const std::vector<FilePair>& pairs, bool diagnostics,
                              const std::function<void(const std::string&)>& warn) {
  FileEvaluation out;
  EvalCounts counts;
  for (const FilePair& pair : pairs) {
    align::Alignment gold = align::read_beads(pair.gold);
    align::Alignment test = align::read_beads(pair.test);
    auto ge = extent(gold), te = extent(test);
    if (ge != te && warn) {
      warn(pair.test + " mentions " + std::to_string(te.first) + " source / " + std::to_string(te.second) +
           " target sentences, " + pair.gold + " " + std::to_string(ge.first) + " / " + std::to_string(ge.second));
    }
    counts.add(count_document(gold, test));
    if (diagnostics) out.diagnostics.add(diagnose_document(gold, test));
  }
  out.result = score_counts(counts);
  return out;
}

}  // namespace muwazi::evaluation
