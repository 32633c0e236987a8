// The file outputs of a batch: a folder of per-pair alignments, the two
// line-parallel files of Moses, and one JSONL stream of beads.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "align/beads_io.h"
#include "corpus/sinks.h"
#include "text/error.h"
#include "tm/lang.h"

namespace muwazi::corpus {
namespace {

namespace fs = std::filesystem;

std::uint64_t id_hash(std::string_view id) { return std::hash<std::string_view>{}(id); }

// A pair id names a file of the folder: no '/', no NUL, not "." or "..".
void check_file_id(const PairSpec& spec) {
  if (spec.id.empty() || spec.id == "." || spec.id == ".." || spec.id.find('/') != std::string::npos ||
      spec.id.find('\0') != std::string::npos || spec.id.size() > 200) {
    throw Error::Input("the pair id '" + spec.id + "' cannot name a file (use an ID column or \"id\" field)");
  }
}

void make_folder(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    throw Error::Io(dir + ": cannot create the output folder" + (ec ? ": " + ec.message() : std::string()));
  }
}

// Writes all of `data` to fd; throws Error::Io naming `path`.
void write_all(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error::Io(path + ": write error: " + std::strerror(errno));
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Duplicate ids in one run would make two pairs write one file.
class SeenIds {
 public:
  // false when `spec.id` came before in this run.
  bool first(const PairSpec& spec) { return seen_.insert(id_hash(spec.id)).second; }

 private:
  std::unordered_set<std::uint64_t> seen_;
};

void refuse_duplicate(const PairSpec& spec, PairReport& report) {
  report.status = PairReport::Status::kFailed;
  report.error_kind = ErrorKind::kInput;
  report.error = "the pair id '" + spec.id + "' is used by an earlier pair of this batch";
}

// ID.align / ID.tsv / ID.jsonl per pair.
class DirSink : public Sink {
 public:
  explicit DirSink(const BatchOptions& o) : dir_(o.out_dir) {
    format_ = o.format == OutFormat::kTsv     ? align::BeadFormat::kTsv
              : o.format == OutFormat::kJsonl ? align::BeadFormat::kJsonl
                                              : align::BeadFormat::kBeads;
    ext_ = o.format == OutFormat::kTsv ? ".tsv" : o.format == OutFormat::kJsonl ? ".jsonl" : ".align";
    make_folder(dir_);
    // The finished files: a pair is done when its file is there (files are
    // renamed into place whole). Leftover temporary files of a killed run go.
    std::error_code ec;
    for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name.find(kTmpMark) != std::string::npos) {
        fs::remove(it->path(), ec);
        ec.clear();
      } else if (o.resume && name.size() > ext_.size() && name.ends_with(ext_)) {
        done_.insert(id_hash(std::string_view(name).substr(0, name.size() - ext_.size())));
      }
    }
    if (ec) throw Error::Io(dir_ + ": cannot read the output folder: " + ec.message());
  }

  bool holds_id(const PairSpec& spec) const override { return done_.count(id_hash(spec.id)) > 0; }

  Payload prepare(const PairSpec& spec, const PairTexts&, const AlignedPair& pair, PairReport&) const override {
    check_file_id(spec);
    std::ostringstream out;
    align::write_alignment(out, pair.beads, pair.src, pair.tgt, format_);
    Payload p;
    p.text = std::move(out).str();
    return p;
  }

  bool put(const PairSpec& spec, Payload& p, PairReport& report) override {
    if (!seen_.first(spec)) {
      refuse_duplicate(spec, report);
      return false;
    }
    const std::string final_path = (fs::path(dir_) / (spec.id + ext_)).string();
    const std::string tmp = (fs::path(dir_) / ("." + spec.id + ext_ + kTmpMark)).string();
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error::Io(tmp + ": cannot write: " + std::strerror(errno));
    try {
      write_all(fd, p.text, tmp);
    } catch (...) {
      ::close(fd);
      ::unlink(tmp.c_str());
      throw;
    }
    if (::close(fd) != 0 || std::rename(tmp.c_str(), final_path.c_str()) != 0) {
      const std::string why = std::strerror(errno);
      ::unlink(tmp.c_str());
      throw Error::Io(final_path + ": cannot write: " + why);
    }
    return true;
  }

  void finish() override {}

 private:
  static constexpr const char* kTmpMark = ".muwazi-tmp";
  std::string dir_, ext_;
  align::BeadFormat format_;
  std::unordered_set<std::uint64_t> done_;
  SeenIds seen_;
};

// corpus.<src> and corpus.<tgt>: line i of one translates line i of the
// other (the beads with both sides and a confidence >= min_score), and
// corpus.done: one line "ID<TAB>SRC_BYTES<TAB>TGT_BYTES" per finished pair,
// the sizes of both files after it. A killed run leaves at most a pair's
// lines beyond the last journal line; resume cuts the files back there.
class MosesSink : public Sink {
 public:
  explicit MosesSink(const BatchOptions& o) : options_(o) {
    make_folder(o.out_dir);
    src_lang_ = primary(o.pair.src_lang);
    tgt_lang_ = primary(o.pair.tgt_lang);
    if (src_lang_ == tgt_lang_) throw Error::Usage("--format moses: the two languages must differ");
    const fs::path dir(o.out_dir);
    src_path_ = (dir / ("corpus." + src_lang_)).string();
    tgt_path_ = (dir / ("corpus." + tgt_lang_)).string();
    journal_path_ = (dir / "corpus.done").string();
    std::uint64_t src_size = 0, tgt_size = 0;
    if (o.resume) read_journal(src_size, tgt_size);
    src_fd_ = open_at(src_path_, src_size);
    tgt_fd_ = open_at(tgt_path_, tgt_size);
    journal_fd_ = open_at(journal_path_, journal_size_);
  }

  ~MosesSink() override {
    for (int fd : {src_fd_, tgt_fd_, journal_fd_}) {
      if (fd >= 0) ::close(fd);
    }
  }

  bool holds_id(const PairSpec& spec) const override { return done_.count(id_hash(spec.id)) > 0; }

  Payload prepare(const PairSpec& spec, const PairTexts& t, const AlignedPair& pair,
                  PairReport& report) const override {
    if (primary(t.src_lang) != src_lang_ || primary(t.tgt_lang) != tgt_lang_) {
      throw Error::Input("--format moses writes one language pair (" + src_lang_ + "-" + tgt_lang_ + "), not " +
                         t.src_lang + "-" + t.tgt_lang);
    }
    if (spec.id.find_first_of("\t\n") != std::string::npos) {
      throw Error::Input("the pair id '" + spec.id + "' holds a tab or a line break");
    }
    Payload p;
    for (const align::Bead& b : pair.beads) {
      if (b.src.empty() || b.tgt.empty()) continue;
      if (b.score >= 0 && b.score < options_.pair.min_score) continue;
      append_side(p.text, pair.src, b.src);
      append_side(p.text2, pair.tgt, b.tgt);
      ++report.lines;
    }
    return p;
  }

  bool put(const PairSpec& spec, Payload& p, PairReport& report) override {
    if (!seen_.first(spec)) {
      refuse_duplicate(spec, report);
      return false;
    }
    write_all(src_fd_, p.text, src_path_);
    write_all(tgt_fd_, p.text2, tgt_path_);
    src_size_ += p.text.size();
    tgt_size_ += p.text2.size();
    const std::string line = spec.id + "\t" + std::to_string(src_size_) + "\t" + std::to_string(tgt_size_) + "\n";
    write_all(journal_fd_, line, journal_path_);
    return true;
  }

  void finish() override {
    for (auto [fd, path] : {std::pair{src_fd_, &src_path_}, {tgt_fd_, &tgt_path_}, {journal_fd_, &journal_path_}}) {
      if (::fsync(fd) != 0) throw Error::Io(*path + ": cannot sync: " + std::strerror(errno));
    }
  }

 private:
  static std::string primary(const std::string& tag) { return tm::lower_tag(tag.substr(0, tag.find_first_of("-_"))); }

  static void append_side(std::string& out, const align::Document& d, const std::vector<int>& ids) {
    bool first = true;
    for (int i : ids) {
      if (!first) out += ' ';
      first = false;
      for (char c : d.sentences.at(static_cast<std::size_t>(i))) out += (c == '\n' || c == '\r') ? ' ' : c;
    }
    out += '\n';
  }

  // The journal's complete lines: the finished ids and the file sizes after
  // the last one. A torn last line (a kill inside the write) is dropped.
  void read_journal(std::uint64_t& src_size, std::uint64_t& tgt_size) {
    std::ifstream in(journal_path_, std::ios::binary);
    if (!in) return;
    std::string line;
    std::uint64_t good = 0, pos = 0;
    while (std::getline(in, line)) {
      pos += line.size() + 1;
      if (in.eof()) break;  // no newline: torn
      const std::size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
      if (t1 == std::string::npos || t2 == std::string::npos) {
        throw Error::Io(journal_path_ + ": not a muwazi batch journal (line '" + line.substr(0, 60) + "')");
      }
      done_.insert(id_hash(std::string_view(line).substr(0, t1)));
      src_size = std::stoull(line.substr(t1 + 1, t2 - t1 - 1));
      tgt_size = std::stoull(line.substr(t2 + 1));
      good = pos;
    }
    journal_size_ = good;
    src_size_ = src_size;
    tgt_size_ = tgt_size;
  }

  // Opens `path` for appending, cut back to `size` bytes.
  static int open_at(const std::string& path, std::uint64_t size) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw Error::Io(path + ": cannot write: " + std::strerror(errno));
    if (::ftruncate(fd, static_cast<off_t>(size)) != 0 ||
        ::lseek(fd, static_cast<off_t>(size), SEEK_SET) < 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      throw Error::Io(path + ": cannot write: " + why);
    }
    return fd;
  }

  const BatchOptions& options_;
  std::string src_lang_, tgt_lang_, src_path_, tgt_path_, journal_path_;
  int src_fd_ = -1, tgt_fd_ = -1, journal_fd_ = -1;
  std::uint64_t src_size_ = 0, tgt_size_ = 0, journal_size_ = 0;
  std::unordered_set<std::uint64_t> done_;
  SeenIds seen_;
};

// {"pair": ID, "src": [...], "tgt": [...], "src_text", "tgt_text", "score"}
// per bead, in manifest order.
class StreamSink : public Sink {
 public:
  explicit StreamSink(const BatchOptions& o) : out_(*o.stream) {}

  Payload prepare(const PairSpec& spec, const PairTexts&, const AlignedPair& pair, PairReport&) const override {
    Payload p;
    for (const align::Bead& b : pair.beads) {
      nlohmann::ordered_json j;
      j["pair"] = spec.id;
      j.update(align::bead_json(b, pair.src, pair.tgt));
      p.text += j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      p.text += '\n';
    }
    return p;
  }

  bool put(const PairSpec&, Payload& p, PairReport&) override {
    out_.write(p.text.data(), static_cast<std::streamsize>(p.text.size()));
    if (!out_) throw Error::Io("output: write error");
    return true;
  }

  void finish() override {
    out_.flush();
    if (!out_) throw Error::Io("output: write error");
  }

 private:
  std::ostream& out_;
};

}  // namespace

std::unique_ptr<Sink> make_dir_sink(const BatchOptions& options) { return std::make_unique<DirSink>(options); }
std::unique_ptr<Sink> make_moses_sink(const BatchOptions& options) { return std::make_unique<MosesSink>(options); }
std::unique_ptr<Sink> make_stream_sink(const BatchOptions& options) { return std::make_unique<StreamSink>(options); }

}  // namespace muwazi::corpus
