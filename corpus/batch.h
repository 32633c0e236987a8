// The batch engine of `muwazi batch` (and of `muwazi tm add`, a batch of one
// pair): document pairs from a manifest are read, aligned and turned into
// output on a pool of threads, and written in manifest order by one writer.
//
//   corpus::BatchOptions o;
//   o.db_path = "tm.db";
//   corpus::ManifestReader manifest({"pairs.tsv"}, {});
//   corpus::BatchSummary s = corpus::run_batch([&] { return manifest.next(); }, o,
//                                              [](const corpus::PairReport& r) { ... });
//
// Outputs (exactly one): a TM (units as `tm add` stores them, several pairs
// per transaction but never part of a pair), a folder of per-pair files
// (ID.align / ID.tsv / ID.jsonl, each written to a temporary name and
// renamed; or the two line-parallel files of Moses), or one JSONL stream of
// beads. Resume: a pair already in the TM (same pair id and the same sha256
// of both texts) or in the folder (its file, or its line in corpus.done) is
// skipped before it is read or aligned.
//
// A bad pair (unreadable, invalid UTF-8, binary, an empty side, a bad
// manifest record) is reported through on_pair and skipped; the batch goes
// on. A failure of the output itself (the TM cannot be written: Error::
// Database; the folder or stream: Error::Io) stops the batch: everything
// committed before stays whole, and run_batch() throws.
#ifndef MUWAZI_CORPUS_BATCH_H_
#define MUWAZI_CORPUS_BATCH_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "corpus/manifest.h"
#include "corpus/pair.h"
#include "text/error.h"
#include "tm/tm.h"

namespace muwazi::corpus {

enum class OutFormat { kBeads, kTsv, kJsonl, kMoses };
// "beads" | "tsv" | "jsonl" | "moses"; throws Error::Usage otherwise.
OutFormat parse_out_format(const std::string& name);

struct BatchOptions {
  PairOptions pair;
  // Worker threads; 0 = one per core.
  int jobs = 0;
  // Only the pairs of this shard (by record index).
  Shard shard;
  // Skip the pairs that the output already holds.
  bool resume = true;

  // Output: a TM...
  std::string db_path;
  tm::WriteOptions write;
  // A write transaction holds at most this many pairs and stays open about
  // this long at most (seconds), so a kill loses little and other writers
  // wait little (WAL readers never wait).
  // Each commit writes a posting-list segment for every word the
  // transaction's units hold, so fewer, larger ones cost the writer less:
  // 1,024 pairs a commit instead of 256 took 27% off its instructions on
  // 740 news pairs (callgrind: one commit instead of three).
  std::size_t commit_pairs = 1024;
  double commit_seconds = 1.0;
  // ... or a folder ...
  std::string out_dir;
  OutFormat format = OutFormat::kBeads;
  // ... or a stream of JSONL beads, each with its pair's id.
  std::ostream* stream = nullptr;
};

// What happened to one pair (reported in manifest order).
struct PairReport {
  enum class Status { kDone, kAlreadyDone, kFailed };
  Status status = Status::kDone;
  std::int64_t index = 0;
  std::string where, id;
  // kFailed: why (names the file, line or byte), and its kind.
  std::string error;
  ErrorKind error_kind = ErrorKind::kInput;
  std::int64_t src_sentences = 0, tgt_sentences = 0, beads = 0;
  // TM output: what the store did with the pair's units.
  tm::WriteStats write;
  std::int64_t below_min_score = 0, omissions = 0;
  // Moses output: lines written.
  std::int64_t lines = 0;
};

struct BatchSummary {
  std::int64_t pairs = 0;         // records of this shard
  std::int64_t done = 0;          // aligned and written now
  std::int64_t already_done = 0;  // skipped: the output had them (resume)
  std::int64_t failed = 0;
  std::int64_t sentences = 0;     // of the pairs aligned now, both sides
  std::int64_t beads = 0;
  tm::WriteStats write;
  std::int64_t lines = 0;
  double seconds = 0;
};

using PairSource = std::function<std::optional<PairSpec>()>;

// Runs the batch. on_pair is called on the calling thread, in manifest order,
// for every pair of the shard. Throws Error for a failure of the output (see
// above), Error::Usage for options that do not make sense together.
BatchSummary run_batch(const PairSource& source, const BatchOptions& options,
                       const std::function<void(const PairReport&)>& on_pair);

}  // namespace muwazi::corpus

#endif  // MUWAZI_CORPUS_BATCH_H_
