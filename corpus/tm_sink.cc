// The TM output of a batch: units as `tm add` stores them, several pairs per
// transaction, never part of one.
#include <chrono>
#include <unordered_set>

#include "corpus/sinks.h"
#include "text/error.h"

namespace muwazi::corpus {
namespace {

// 64-bit FNV-1a of "id \0 sha256 \0 sha256_2": the resume set holds 8 bytes
// a pair instead of the ~150 of the strings. Two different pairs collide with
// a probability of about n^2 / 2^65 (3e-8 for a million pairs).
std::uint64_t pair_key(std::string_view id, std::string_view a, std::string_view b) {
  std::uint64_t h = 1469598103934665603ull;
  for (std::string_view part : {id, std::string_view("\0", 1), a, std::string_view("\0", 1), b}) {
    for (unsigned char c : part) {
      h ^= c;
      h *= 1099511628211ull;
    }
  }
  return h;
}

class TmSink : public Sink {
 public:
  explicit TmSink(const BatchOptions& o) : options_(o), tm_(tm::Tm::open(o.db_path, {.create = true})) {
    if (o.resume) {
      tm_.for_each_pair_source([&](std::string_view id, std::string_view a, std::string_view b) {
        done_.insert(pair_key(id, a, b));
      });
    }
  }

  ~TmSink() override = default;  // an open batch rolls back

  bool holds_texts(const PairSpec& spec, const PairTexts& t) const override {
    return done_.count(pair_key(spec.id, t.src_sha256, t.tgt_sha256)) > 0;
  }

  Payload prepare(const PairSpec& spec, const PairTexts& texts, const AlignedPair& pair,
                  PairReport& report) const override {
    Payload p;
    p.units = units_of(spec, texts, pair, options_.pair.min_score);
    report.below_min_score = p.units.below_min_score;
    report.omissions = p.units.omissions;
    return p;
  }

  bool put(const PairSpec&, Payload& p, PairReport& report) override {
    try {
      if (!batch_) {
        batch_ = std::make_unique<tm::WriteBatch>(tm_, options_.write);
        opened_ = std::chrono::steady_clock::now();
      }
      const tm::WriteStats before = batch_->stats();
      batch_->start_source(p.units.provenance);
      for (tm::PreparedUnit& u : p.units.units) batch_->add(std::move(u));
      const tm::WriteStats& after = batch_->stats();
      report.write.added = after.added - before.added;
      report.write.identical = after.identical - before.identical;
      report.write.kept = after.kept - before.kept;
      report.write.overwritten = after.overwritten - before.overwritten;
      ++in_batch_;
      if (in_batch_ >= options_.commit_pairs ||
          std::chrono::duration<double>(std::chrono::steady_clock::now() - opened_).count() >=
              options_.commit_seconds) {
        commit();
      }
    } catch (const Error& e) {
      fail(e);
    }
    return true;
  }

  void finish() override {
    try {
      commit();
    } catch (const Error& e) {
      fail(e);
    }
  }

 private:
  void commit() {
    if (!batch_) return;
    batch_->commit();
    batch_.reset();
    committed_ += in_batch_;
    in_batch_ = 0;
  }

  // The TM cannot be written: roll back the open transaction and stop, saying
  // what is stored.
  [[noreturn]] void fail(const Error& e) {
    batch_.reset();
    throw Error(e.kind() == ErrorKind::kInput ? ErrorKind::kDatabase : e.kind(),
                std::string(e.what()) + " (the batch stopped; the " + std::to_string(committed_) +
                    " pairs committed before are stored whole: run the same command again to finish)");
  }

  const BatchOptions& options_;
  tm::Tm tm_;
  std::unordered_set<std::uint64_t> done_;
  std::unique_ptr<tm::WriteBatch> batch_;
  std::chrono::steady_clock::time_point opened_;
  std::size_t in_batch_ = 0;
  std::int64_t committed_ = 0;
};

}  // namespace

std::unique_ptr<Sink> make_tm_sink(const BatchOptions& options) { return std::make_unique<TmSink>(options); }

}  // namespace muwazi::corpus
