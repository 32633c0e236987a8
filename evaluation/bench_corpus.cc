#include "evaluation/bench_corpus.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>

#include "align/beads_io.h"
#include "align/document_io.h"
#include "text/error.h"

namespace muwazi::evaluation {

using align::Alignment;
using align::read_beads;
using align::read_document;

namespace {

namespace fs = std::filesystem;

bool is_gold(const fs::path& p) { return p.extension() == ".gold"; }

bool has_gold_files(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (is_gold(e.path()) && !e.is_directory(ec)) return true;
  }
  return false;
}

bool hidden(const fs::path& p) {
  std::string f = p.filename().string();
  return !f.empty() && f[0] == '.';
}

fs::path common_ancestor(const std::vector<fs::path>& paths) {
  fs::path base = paths.front();
  for (const fs::path& p : paths) {
    fs::path common;
    auto a = base.begin(), b = p.begin();
    for (; a != base.end() && b != p.end() && *a == *b; ++a, ++b) common /= *a;
    base = common;
  }
  return base;
}

// Source and target extension of a document pair, from the two extensions
// found beside its gold file.
std::pair<std::string, std::string> order_languages(const fs::path& dir, const std::vector<std::string>& exts,
                                                    const std::string& gold_file) {
  for (fs::path p = dir;; p = p.parent_path()) {
    std::string comp = p.filename().string();
    if (comp == exts[0] + "-" + exts[1]) return {exts[0], exts[1]};
    if (comp == exts[1] + "-" + exts[0]) return {exts[1], exts[0]};
    if (p == p.parent_path() || p.empty()) break;
  }
  if (exts[0] == "ar") return {exts[0], exts[1]};
  if (exts[1] == "ar") return {exts[1], exts[0]};
  throw Error::Usage(gold_file + ": cannot tell the source from the target document (." + exts[0] + " or ." +
                     exts[1] + "?): give --src-lang and --tgt-lang");
}

BenchSubset scan_directory(const fs::path& dir, const std::string& label, const CorpusOptions& options) {
  // NAME -> extensions present.
  std::map<std::string, std::set<std::string>> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_directory(ec)) continue;
    const fs::path& p = e.path();
    std::string ext = p.extension().string();
    if (ext.size() < 2) continue;
    files[p.stem().string()].insert(ext.substr(1));
  }
  if (ec) throw Error::Io(dir.string() + ": cannot list: " + ec.message());

  BenchSubset subset;
  subset.label = label;
  subset.dir = dir.string();
  for (const auto& [name, exts] : files) {
    if (!exts.count("gold")) continue;
    const std::string gold_file = (dir / (name + ".gold")).string();
    std::string src, tgt;
    if (!options.src_lang.empty() || !options.tgt_lang.empty()) {
      src = options.src_lang.empty() ? "ar" : options.src_lang;
      tgt = options.tgt_lang.empty() ? "en" : options.tgt_lang;
      if (!exts.count(src) || !exts.count(tgt)) {
        throw Error::Input(gold_file + ": no " + name + "." + src + " and " + name + "." + tgt + " beside it");
      }
    } else {
      std::vector<std::string> docs;
      for (const auto& x : exts) {
        if (x != "gold" && x != "align") docs.push_back(x);
      }
      if (docs.size() != 2) {
        std::string found;
        for (const auto& x : docs) found += " " + name + "." + x;
        throw Error::Input(gold_file + ": expected the two documents " + name + ".<src> and " + name +
                           ".<tgt> beside it, found" + (found.empty() ? " none" : found) +
                           (docs.size() > 2 ? " (choose with --src-lang/--tgt-lang)" : ""));
      }
      std::tie(src, tgt) = order_languages(dir, docs, gold_file);
    }
    if (subset.docs.empty()) {
      subset.src_lang = src;
      subset.tgt_lang = tgt;
    } else if (src != subset.src_lang || tgt != subset.tgt_lang) {
      throw Error::Input(gold_file + ": documents ." + src + "/." + tgt + " but others in " + dir.string() +
                         " are ." + subset.src_lang + "/." + subset.tgt_lang);
    }
    BenchDocument doc;
    doc.name = name;
    doc.gold_path = gold_file;
    doc.src_path = (dir / (name + "." + src)).string();
    doc.tgt_path = (dir / (name + "." + tgt)).string();
    subset.docs.push_back(std::move(doc));
  }
  return subset;
}

}  // namespace

long BenchSubset::sentences() const {
  long n = 0;
  for (const auto& d : docs) n += static_cast<long>(d.src.sentences.size() + d.tgt.sentences.size());
  return n;
}

std::vector<BenchSubset> find_subsets(const std::vector<std::string>& dirs, const CorpusOptions& options) {
  if (dirs.empty()) throw Error::Usage("no benchmark directory given");
  std::vector<fs::path> roots;
  std::set<fs::path> subset_dirs;
  for (const std::string& d : dirs) {
    std::error_code ec;
    if (!fs::exists(d, ec)) throw Error::Io(d + ": no such directory");
    if (!fs::is_directory(d, ec)) throw Error::Io(d + ": not a directory");
    fs::path root = fs::weakly_canonical(fs::absolute(d));
    roots.push_back(root);
    bool found = false;
    if (has_gold_files(root)) {
      subset_dirs.insert(root);
      found = true;
    }
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_directory(ec)) continue;
      if (hidden(it->path())) {
        it.disable_recursion_pending();
        continue;
      }
      if (has_gold_files(it->path())) {
        subset_dirs.insert(it->path());
        found = true;
      }
    }
    if (ec) throw Error::Io(d + ": cannot list: " + ec.message());
    if (!found) {
      throw Error::Input(d + ": no NAME.gold files (a benchmark directory holds NAME.<src>, NAME.<tgt> and "
                         "NAME.gold)");
    }
  }
  std::vector<fs::path> parents;
  for (const auto& r : roots) parents.push_back(r.parent_path());
  const fs::path base = common_ancestor(parents);

  std::vector<BenchSubset> subsets;
  for (const fs::path& dir : subset_dirs) {
    std::string label = dir.lexically_relative(base).generic_string();
    if (label.empty() || label == ".") label = dir.filename().string();
    subsets.push_back(scan_directory(dir, label, options));
  }
  std::sort(subsets.begin(), subsets.end(),
            [](const BenchSubset& a, const BenchSubset& b) { return a.label < b.label; });
  return subsets;
}

std::vector<BenchSubset> filter_subsets(std::vector<BenchSubset> subsets, const std::string& glob) {
  std::vector<BenchSubset> kept;
  for (auto& s : subsets) {
    std::erase_if(s.docs, [&](const BenchDocument& d) { return ::fnmatch(glob.c_str(), d.name.c_str(), 0) != 0; });
    if (!s.docs.empty()) kept.push_back(std::move(s));
  }
  if (kept.empty()) throw Error::Input("--names '" + glob + "': no document matches");
  return kept;
}

void load_subset(BenchSubset& subset) {
  for (BenchDocument& doc : subset.docs) {
    doc.src = read_document(doc.src_path, subset.src_lang, /*presplit=*/true);
    doc.tgt = read_document(doc.tgt_path, subset.tgt_lang, /*presplit=*/true);
    doc.gold = read_beads(doc.gold_path);
    const int n_src = static_cast<int>(doc.src.sentences.size());
    const int n_tgt = static_cast<int>(doc.tgt.sentences.size());
    check_ids_in_range(doc.gold, n_src, n_tgt, doc.gold_path);
    std::string problem = coverage_problem(doc.gold, n_src, n_tgt);
    if (!problem.empty()) {
      subset.warnings.push_back(doc.gold_path + ": does not cover the documents exactly (scored as it is): " +
                                problem);
    }
  }
}

std::vector<std::vector<Alignment>> load_external(const std::vector<BenchSubset>& subsets, const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error::Io(dir + ": not a directory");
  std::map<std::string, int> name_count;
  for (const auto& s : subsets) {
    for (const auto& d : s.docs) ++name_count[d.name];
  }
  std::vector<std::vector<Alignment>> out;
  for (const auto& s : subsets) {
    out.emplace_back();
    for (const auto& d : s.docs) {
      fs::path file = fs::path(dir) / s.label / (d.name + ".align");
      if (!fs::exists(file, ec) && name_count[d.name] == 1) file = fs::path(dir) / (d.name + ".align");
      if (!fs::exists(file, ec)) {
        throw Error::Io("missing external alignment " + (fs::path(dir) / s.label / (d.name + ".align")).string() +
                        " for " + d.gold_path);
      }
      Alignment a = read_beads(file.string());
      check_ids_in_range(a, static_cast<int>(d.src.sentences.size()), static_cast<int>(d.tgt.sentences.size()),
                         file.string());
      out.back().push_back(std::move(a));
    }
  }
  return out;
}

std::vector<SubsetGroup> subset_groups(const std::vector<BenchSubset>& subsets) {
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t k = 0; k < subsets.size(); ++k) {
    std::vector<std::string> parts;
    std::string label = subsets[k].label;
    for (std::size_t start = 0;;) {
      std::size_t slash = label.find('/', start);
      parts.push_back(label.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    if (parts.size() < 2) continue;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      std::string key;
      for (std::size_t j = 0; j < parts.size(); ++j) {
        if (j) key += '/';
        key += i == j ? std::string_view("*") : std::string_view(parts[j]);
      }
      groups[key].push_back(k);
    }
  }
  std::vector<SubsetGroup> out;
  for (auto& [label, members] : groups) {
    if (members.size() >= 2) out.push_back({label, std::move(members)});
  }
  return out;
}

}  // namespace muwazi::evaluation
