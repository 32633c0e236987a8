#include "corpus/manifest.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "text/error.h"

namespace muwazi::corpus {

namespace fs = std::filesystem;

ManifestFormat parse_manifest_format(const std::string& name) {
  if (name == "auto") return ManifestFormat::kAuto;
  if (name == "tsv") return ManifestFormat::kTsv;
  if (name == "jsonl") return ManifestFormat::kJsonl;
  if (name == "dir") return ManifestFormat::kDir;
  throw Error::Usage("--input must be one of auto|tsv|jsonl|dir, not '" + name + "'");
}

Shard parse_shard(const std::string& spec) {
  const std::size_t slash = spec.find('/');
  auto number = [&](const std::string& s, long long& out) {
    if (s.empty() || s.size() > 12 || s.find_first_not_of("0123456789") != std::string::npos) return false;
    out = std::stoll(s);
    return true;
  };
  long long k = 0, n = 0;
  if (slash == std::string::npos || !number(spec.substr(0, slash), k) || !number(spec.substr(slash + 1), n) ||
      n < 1 || k >= n) {
    throw Error::Usage("--shard wants K/N with 0 <= K < N (K as SLURM_ARRAY_TASK_ID counts), not '" + spec + "'");
  }
  return Shard{k, n};
}

std::string default_pair_id(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  const std::size_t dot = name.rfind('.');
  if (dot != std::string::npos && dot > 0) name.resize(dot);
  return name;
}

namespace {

bool is_blank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }


std::string resolve(const fs::path& base, const std::string& p) {
  if (p.empty() || fs::path(p).is_absolute() || base.empty()) return p;
  return (base / p).string();
}

// One manifest being read.
class Source {
 public:
  virtual ~Source() = default;
  // The next record (index not yet set), or nullopt at the end.
  virtual std::optional<PairSpec> next() = 0;
};

class LineSource : public Source {
 public:
  LineSource(const std::string& path, bool jsonl) : path_(path), jsonl_(jsonl) {
    if (path == "-") {
      in_ = &std::cin;
    } else {
      file_.open(path, std::ios::binary);
      if (!file_) throw Error::Io(path + ": cannot open the manifest: " + std::strerror(errno));
      in_ = &file_;
      base_ = fs::path(path).parent_path();
    }
  }

  std::optional<PairSpec> next() override {
    std::string line;
    while (std::getline(*in_, line)) {
      ++line_no_;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (is_blank(line) || (!jsonl_ && line[0] == '#')) continue;
      PairSpec p;
      p.where = (path_ == "-" ? std::string("<stdin>") : path_) + ":" + std::to_string(line_no_);
      if (jsonl_) {
        parse_jsonl(line, p);
      } else {
        parse_tsv(line, p);
      }
      return p;
    }
    if (in_->bad()) throw Error::Io(path_ + ": read error in the manifest after line " + std::to_string(line_no_));
    return std::nullopt;
  }

 private:
  void parse_tsv(const std::string& line, PairSpec& p) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
      const std::size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (fields.size() < 2 || fields.size() > 3 || fields[0].empty() || fields[1].empty()) {
      p.id = fields.empty() ? "" : default_pair_id(fields[0]);
      p.error = "expected SRC_PATH<TAB>TGT_PATH[<TAB>ID], got " + std::to_string(fields.size()) + " field" +
                (fields.size() == 1 ? "" : "s");
      return;
    }
    p.src_path = resolve(base_, fields[0]);
    p.tgt_path = resolve(base_, fields[1]);
    p.id = fields.size() == 3 && !fields[2].empty() ? fields[2] : default_pair_id(fields[0]);
  }

  void parse_jsonl(const std::string& line, PairSpec& p) {
    p.id = std::to_string(line_no_);
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 7: ..."
      std::string why = e.what();
      const std::size_t at = why.find("column");
      p.error = "not a JSON object (" + (at == std::string::npos ? why : why.substr(at)) + ")";
      return;
    }
    if (!j.is_object()) {
      p.error = "not a JSON object";
      return;
    }
    auto field = [&](const char* name, std::string& out, bool required) {
      auto it = j.find(name);
      if (it == j.end() || it->is_null()) {
        if (required && p.error.empty()) p.error = std::string("no \"") + name + "\" field";
        return;
      }
      if (!it->is_string()) {
        if (p.error.empty()) p.error = std::string("\"") + name + "\" is not a string";
        return;
      }
      out = it->get<std::string>();
    };
    if (auto it = j.find("id"); it != j.end() && !it->is_null()) {
      if (it->is_string()) {
        p.id = it->get<std::string>();
      } else if (it->is_number_integer()) {
        p.id = it->dump();
      } else {
        p.error = "\"id\" is not a string or a whole number";
      }
    }
    p.inline_text = true;
    field("src", p.src_text, true);
    field("tgt", p.tgt_text, true);
    field("src_lang", p.src_lang, false);
    field("tgt_lang", p.tgt_lang, false);
    field("src_url", p.src_url, false);
    field("tgt_url", p.tgt_url, false);
    if (auto it = j.find("presplit"); it != j.end() && !it->is_null()) {
      if (it->is_boolean()) {
        p.presplit = it->get<bool>();
      } else if (p.error.empty()) {
        p.error = "\"presplit\" is not true or false";
      }
    }
  }

  std::string path_;
  bool jsonl_;
  std::ifstream file_;
  std::istream* in_ = nullptr;
  fs::path base_;
  std::int64_t line_no_ = 0;
};

// NAME.<src> / NAME.<tgt> files of one folder.
class DirSource : public Source {
 public:
  DirSource(const std::string& dir, const ManifestOptions& o) : dir_(dir) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    if (ec) throw Error::Io(dir + ": cannot read the folder: " + ec.message());
    const std::string src_ext = "." + o.src_lang, tgt_ext = "." + o.tgt_lang;
    for (; it != end; it.increment(ec)) {
      if (ec) throw Error::Io(dir + ": cannot read the folder: " + ec.message());
      std::error_code ec2;
      if (!it->is_regular_file(ec2)) continue;
      const std::string name = it->path().filename().string();
      auto ends = [&](const std::string& ext) {
        return name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0;
      };
      if (ends(src_ext)) names_[name.substr(0, name.size() - src_ext.size())] |= 1;
      if (ends(tgt_ext)) names_[name.substr(0, name.size() - tgt_ext.size())] |= 2;
    }
    if (ec) throw Error::Io(dir + ": cannot read the folder: " + ec.message());
    src_ext_ = src_ext;
    tgt_ext_ = tgt_ext;
    at_ = names_.begin();
  }

  std::optional<PairSpec> next() override {
    if (at_ == names_.end()) return std::nullopt;
    const auto& [name, sides] = *at_++;
    PairSpec p;
    p.where = (fs::path(dir_) / name).string();
    p.id = name;
    p.src_path = (fs::path(dir_) / (name + src_ext_)).string();
    p.tgt_path = (fs::path(dir_) / (name + tgt_ext_)).string();
    if (sides != 3) p.error = "no " + name + (sides == 1 ? tgt_ext_ : src_ext_) + " beside it";
    return p;
  }

 private:
  std::string dir_, src_ext_, tgt_ext_;
  std::map<std::string, int> names_;  // NAME -> 1 (src), 2 (tgt), 3 (both)
  std::map<std::string, int>::const_iterator at_;
};

ManifestFormat detect(const std::string& path, ManifestFormat asked) {
  if (path != "-") {
    std::error_code ec;
    const bool dir = fs::is_directory(path, ec);
    if (asked == ManifestFormat::kDir && !dir) throw Error::Io(path + ": --input dir wants a folder");
    if (dir) {
      if (asked != ManifestFormat::kAuto && asked != ManifestFormat::kDir) {
        throw Error::Io(path + ": is a folder (use --input dir, or give a manifest file)");
      }
      return ManifestFormat::kDir;
    }
  }
  if (asked != ManifestFormat::kAuto) return asked;
  if (path == "-") {
    // Peek at standard input without consuming it (consuming blank lines
    // would shift the line numbers of messages): JSONL on standard input
    // starts with '{' or is named with --input jsonl.
    return std::cin.peek() == '{' ? ManifestFormat::kJsonl : ManifestFormat::kTsv;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::Io(path + ": cannot open the manifest: " + std::strerror(errno));
  char c;
  while (in.get(c)) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' ? ManifestFormat::kJsonl : ManifestFormat::kTsv;
  }
  return ManifestFormat::kTsv;  // empty: no records either way
}

std::unique_ptr<Source> open_source(const std::string& path, const ManifestOptions& o) {
  switch (detect(path, o.format)) {
    case ManifestFormat::kDir: return std::make_unique<DirSource>(path, o);
    case ManifestFormat::kJsonl: return std::make_unique<LineSource>(path, true);
    default: return std::make_unique<LineSource>(path, false);
  }
}

}  // namespace

struct ManifestReader::Impl {
  std::vector<std::string> paths;
  ManifestOptions options;
  std::size_t at = 0;
  std::unique_ptr<Source> current;
  std::int64_t index = 0;
};

ManifestReader::ManifestReader(std::vector<std::string> paths, const ManifestOptions& options)
    : impl_(std::make_unique<Impl>()) {
  if (paths.empty()) throw Error::Usage("no manifest given");
  if (std::count(paths.begin(), paths.end(), "-") > 1) throw Error::Usage("standard input can be read only once");
  impl_->paths = std::move(paths);
  impl_->options = options;
  // Open the first manifest now, so that a missing file fails before any work.
  impl_->current = open_source(impl_->paths[0], options);
}

ManifestReader::~ManifestReader() = default;

std::optional<PairSpec> ManifestReader::next() {
  Impl& m = *impl_;
  while (m.current) {
    if (std::optional<PairSpec> p = m.current->next()) {
      p->index = m.index++;
      return p;
    }
    m.current.reset();
    if (++m.at < m.paths.size()) m.current = open_source(m.paths[m.at], m.options);
  }
  return std::nullopt;
}

std::int64_t count_records(const std::vector<std::string>& paths, const ManifestOptions& options) {
  std::int64_t n = 0;
  for (const std::string& path : paths) {
    if (path == "-") return -1;  // unknown until read
    const ManifestFormat f = detect(path, options.format);
    if (f == ManifestFormat::kDir) {
      DirSource d(path, options);
      while (d.next()) ++n;
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error::Io(path + ": cannot open the manifest: " + std::strerror(errno));
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!is_blank(line) && (f == ManifestFormat::kJsonl || line[0] != '#')) ++n;
    }
  }
  return n;
}

}  // namespace muwazi::corpus
