#include "tm/import.h"

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <cstdio>
#include <cstring>

#include "text/error.h"
#include "text/utf8.h"
#include "tm/lang.h"
#include "tm/sha256.h"
#include "tm/tmx_reader.h"

namespace muwazi::tm {
namespace {

// Line reader over a file that hashes every byte it reads.
class LineFile {
 public:
  explicit LineFile(const std::string& path) : path_(path) {
    f_ = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (!f_) throw Error::Io(path + ": cannot open: " + std::strerror(errno));
  }
  ~LineFile() {
    if (f_ && f_ != stdin) std::fclose(f_);
    std::free(buf_);
  }
  // Next line without its line break; false at end of file.
  bool next(std::string& line) {
    ssize_t n = ::getline(&buf_, &cap_, f_);
    if (n < 0) {
      if (std::ferror(f_)) throw Error::Io(path_ + ": read error: " + std::strerror(errno));
      return false;
    }
    sha_.update(buf_, static_cast<std::size_t>(n));
    ++line_no_;
    line.assign(buf_, static_cast<std::size_t>(n));
    if (line.find('\0') != std::string::npos) fail("NUL byte: binary or UTF-16 file?");
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (line_no_ == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    std::size_t bad = text::find_invalid_utf8(line);
    if (bad != text::kNpos) fail("invalid UTF-8 at byte " + std::to_string(bad + 1) + " of the line");
    return true;
  }
  [[noreturn]] void fail(const std::string& why) const {
    throw Error::Input(path_ + ":" + std::to_string(line_no_) + ": " + why);
  }
  std::int64_t line_no() const { return line_no_; }
  std::string sha256() { return sha_.hex(); }

 private:
  std::string path_;
  std::FILE* f_ = nullptr;
  char* buf_ = nullptr;
  std::size_t cap_ = 0;
  std::int64_t line_no_ = 0;
  Sha256 sha_;
};

void require_langs(const ImportOptions& o, const std::string& path, const char* fmt) {
  if (o.src_lang.empty() || o.tgt_lang.empty()) {
    throw Error::Usage(path + ": " + fmt + " import needs --src-lang and --tgt-lang");
  }
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t") == std::string::npos; }

ImportFormat detect(const std::string& path) {
  auto ends = [&](const char* ext) {
    std::size_t n = std::strlen(ext);
    if (path.size() < n) return false;
    for (std::size_t i = 0; i < n; ++i) {
      if (std::tolower(static_cast<unsigned char>(path[path.size() - n + i])) != ext[i]) return false;
    }
    return true;
  };
  if (ends(".tmx")) return ImportFormat::kTmx;
  if (ends(".tsv") || ends(".txt")) return ImportFormat::kTsv;
  if (ends(".jsonl") || ends(".json")) return ImportFormat::kJsonl;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw Error::Io(path + ": cannot open: " + std::strerror(errno));
  unsigned char b[4] = {0, 0, 0, 0};
  std::size_t n = std::fread(b, 1, 4, f);
  std::fclose(f);
  if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) return ImportFormat::kTmx;
  std::size_t i = (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) ? 3 : 0;
  if (i < n && b[i] == '<') return ImportFormat::kTmx;
  if (i < n && b[i] == '{') return ImportFormat::kJsonl;
  return ImportFormat::kTsv;
}

// A bounded queue of unit blocks between the reading thread (parse +
// prepare_unit) and the writing thread (SQLite). Blocks the writer is done
// with go back to the reader, which frees them: its allocator then serves
// the next units from the memory it just freed, and neither thread pays
// for freeing memory another thread allocated (10% of the writer's time).
class UnitPipe {
 public:
  using Block = std::vector<PreparedUnit>;
  static constexpr std::size_t kBlock = 256, kMaxBlocks = 64;
  // Producer side: queues `block` and hands back in `spent` the blocks the
  // consumer is done with. Returns false when the consumer gave up.
  bool push(Block&& block, std::vector<Block>& spent) {
    std::unique_lock<std::mutex> lk(mu_);
    not_full_.wait(lk, [&] { return blocks_.size() < kMaxBlocks || cancelled_; });
    if (cancelled_) return false;
    blocks_.push_back(std::move(block));
    spent.swap(spent_);
    not_empty_.notify_one();
    return true;
  }
  // Consumer side: a block it is done with.
  void give_back(Block&& block) {
    std::lock_guard<std::mutex> lk(mu_);
    spent_.push_back(std::move(block));
  }
  void close(std::exception_ptr error) {
    std::lock_guard<std::mutex> lk(mu_);
    closed_ = true;
    error_ = std::move(error);
    not_empty_.notify_one();
  }
  // Consumer side: false at the end; rethrows the producer's error.
  bool pop(Block& block) {
    std::unique_lock<std::mutex> lk(mu_);
    not_empty_.wait(lk, [&] { return !blocks_.empty() || closed_; });
    if (!blocks_.empty()) {
      block = std::move(blocks_.front());
      blocks_.pop_front();
      not_full_.notify_one();
      return true;
    }
    if (error_) std::rethrow_exception(error_);
    return false;
  }
  void cancel() {
    std::lock_guard<std::mutex> lk(mu_);
    cancelled_ = true;
    not_full_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Block> blocks_;
  std::vector<Block> spent_;
  bool closed_ = false, cancelled_ = false;
  std::exception_ptr error_;
};

struct Cancelled {};

// The last step of the line-based importers (TSV, JSONL): a unit with an
// empty side or a score below --min-score is counted as skipped; any other
// is numbered by its line (0-based) and handed on.
void emit_line_unit(Unit&& u, std::int64_t line_no, const ImportOptions& o, ImportResult& res,
                    const std::function<void(Unit&&)>& on_unit) {
  if (blank(u.source.text) || blank(u.target.text) || (u.score >= 0 && u.score < o.min_score)) {
    ++res.skipped;
    return;
  }
  u.position = line_no - 1;
  ++res.units;
  on_unit(std::move(u));
}

}  // namespace

ImportFormat parse_import_format(const std::string& s) {
  if (s == "auto") return ImportFormat::kAuto;
  if (s == "tmx") return ImportFormat::kTmx;
  if (s == "tsv") return ImportFormat::kTsv;
  if (s == "jsonl") return ImportFormat::kJsonl;
  throw Error::Usage("--format: expected auto, tmx, tsv or jsonl, got '" + s + "'");
}

const char* import_format_name(ImportFormat f) {
  switch (f) {
    case ImportFormat::kAuto: return "auto";
    case ImportFormat::kTmx: return "tmx";
    case ImportFormat::kTsv: return "tsv";
    case ImportFormat::kJsonl: return "jsonl";
  }
  return "?";
}

std::string read_tsv(const std::string& path, const ImportOptions& o, ImportResult& res,
                     const std::function<void(Unit&&)>& on_unit) {
  require_langs(o, path, "TSV");
  LineFile f(path);
  std::string line;
  while (f.next(line)) {
    if (blank(line)) continue;
    ++res.records;
    std::size_t tab = line.find('\t');
    if (tab == std::string::npos) f.fail("expected source TAB target");
    std::size_t tab2 = line.find('\t', tab + 1);
    Unit u;
    u.source = Segment{o.src_lang, line.substr(0, tab), nullptr};
    u.target = Segment{o.tgt_lang, line.substr(tab + 1, tab2 == std::string::npos ? std::string::npos : tab2 - tab - 1),
                       nullptr};
    if (tab2 != std::string::npos) {
      // Third column: the aligner's score (may be empty).
      std::string sc = line.substr(tab2 + 1);
      if (sc.find('\t') != std::string::npos) f.fail("more than three columns");
      if (!blank(sc)) {
        char* end = nullptr;
        double v = std::strtod(sc.c_str(), &end);
        if (end == sc.c_str() || *end != '\0' || !(v >= 0 && v <= 1)) {
          f.fail("third column is not a score between 0 and 1: '" + sc + "'");
        }
        u.score = v;
      }
    }
    emit_line_unit(std::move(u), f.line_no(), o, res, on_unit);
  }
  return f.sha256();
}

std::string read_jsonl(const std::string& path, const ImportOptions& o, ImportResult& res,
                       const std::function<void(Unit&&)>& on_unit) {
  require_langs(o, path, "JSONL");
  LineFile f(path);
  std::string line;
  while (f.next(line)) {
    if (blank(line)) continue;
    ++res.records;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for 1e999
      f.fail(std::string("invalid JSON: ") + e.what());
    }
    if (!j.is_object() || !j.contains("src_text") || !j.contains("tgt_text") || !j["src_text"].is_string() ||
        !j["tgt_text"].is_string()) {
      f.fail("expected an object with \"src_text\" and \"tgt_text\" strings (muwazi align --format jsonl)");
    }
    Unit u;
    u.source = Segment{o.src_lang, j["src_text"].get<std::string>(), nullptr};
    u.target = Segment{o.tgt_lang, j["tgt_text"].get<std::string>(), nullptr};
    if (j.contains("score") && j["score"].is_number()) {
      u.score = j["score"].get<double>();
      if (!(u.score >= 0 && u.score <= 1)) f.fail("\"score\" must lie between 0 and 1");
    }
    auto ids = [&](const char* k) {
      std::string s;
      std::size_t count = 0;
      if (j.contains(k) && j[k].is_array()) {
        for (const auto& v : j[k]) {
          if (!v.is_number_integer()) f.fail(std::string("\"") + k + "\" must hold sentence ids");
          if (!s.empty()) s += ",";
          s += std::to_string(v.get<long long>());
          ++count;
        }
      }
      return std::make_pair(s, count);
    };
    auto [ss, ns] = ids("src");
    auto [ts, nt] = ids("tgt");
    u.src_sentences = ss;
    u.tgt_sentences = ts;
    if (j.contains("src") && j.contains("tgt")) u.bead = std::to_string(ns) + "-" + std::to_string(nt);
    emit_line_unit(std::move(u), f.line_no(), o, res, on_unit);
  }
  return f.sha256();
}

ImportResult import_file(Tm& tm, const std::string& path, const ImportOptions& o) {
  ImportResult res;
  res.format = o.format == ImportFormat::kAuto ? detect(path) : o.format;
  if (!o.src_lang.empty()) check_language_tag(o.src_lang, "--src-lang", true);
  if (!o.tgt_lang.empty()) check_language_tag(o.tgt_lang, "--tgt-lang", true);
  Provenance prov;
  prov.kind = import_format_name(res.format);
  prov.name = path;
  WriteBatch batch(tm, prov, o.write);
  auto add = [&](Unit&& u) { batch.add(u); };
  std::string sha;
  if (res.format == ImportFormat::kTmx) {
    // Two threads: this one writes to SQLite while the reader parses the
    // XML and computes match keys.
    TmxReadOptions to{o.src_lang, o.tgt_lang};
    TmxReadStats st;
    UnitPipe pipe;
    std::thread reader([&] {
      try {
        UnitPipe::Block block;
        block.reserve(UnitPipe::kBlock);
        std::vector<UnitPipe::Block> spent;
        st = read_tmx(path, to, [&](Unit&& u) {
          block.push_back(prepare_unit(std::move(u)));
          if (block.size() == UnitPipe::kBlock) {
            if (!pipe.push(std::move(block), spent)) throw Cancelled{};
            // Free the units of the blocks handed back; the next block
            // reuses one's room.
            block = spent.empty() ? UnitPipe::Block() : std::move(spent.back());
            block.clear();
            block.reserve(UnitPipe::kBlock);
            spent.clear();
          }
        });
        if (!block.empty()) pipe.push(std::move(block), spent);
        pipe.close(nullptr);
      } catch (const Cancelled&) {
        pipe.close(nullptr);
      } catch (...) {
        pipe.close(std::current_exception());
      }
    });
    try {
      UnitPipe::Block block;
      std::int64_t done = 0;
      while (pipe.pop(block)) {
        for (PreparedUnit& p : block) batch.add(std::move(p));
        done += static_cast<std::int64_t>(block.size());
        if (o.progress && done % (UnitPipe::kBlock * 40) == 0) o.progress(done);
        pipe.give_back(std::move(block));
        block = UnitPipe::Block();
      }
    } catch (...) {
      pipe.cancel();
      reader.join();
      throw;
    }
    reader.join();
    res.records = st.tus;
    res.units = st.units;
    res.skipped = st.skipped_tus + st.empty_segments;
    sha = st.sha256;
  } else if (res.format == ImportFormat::kTsv) {
    sha = read_tsv(path, o, res, add);
  } else {
    sha = read_jsonl(path, o, res, add);
  }
  batch.set_sha256(sha);
  res.write = batch.commit();
  return res;
}

}  // namespace muwazi::tm
