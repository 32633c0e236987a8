#include "corpus/batch.h"

#include <chrono>
#include <thread>

#include "corpus/ordered_pool.h"
#include "corpus/sinks.h"

namespace muwazi::corpus {

OutFormat parse_out_format(const std::string& name) {
  if (name == "beads") return OutFormat::kBeads;
  if (name == "tsv") return OutFormat::kTsv;
  if (name == "jsonl") return OutFormat::kJsonl;
  if (name == "moses") return OutFormat::kMoses;
  throw Error::Usage("--format must be one of beads|tsv|jsonl|moses, not '" + name + "'");
}

namespace {

std::unique_ptr<Sink> make_sink(const BatchOptions& o) {
  const int outputs = !o.db_path.empty() + !o.out_dir.empty() + (o.stream != nullptr);
  if (outputs != 1) throw Error::Usage("give exactly one output: --db TM, --out-dir DIR or -o FILE");
  if (o.format == OutFormat::kMoses && o.out_dir.empty()) throw Error::Usage("--format moses needs --out-dir DIR");
  if (o.format != OutFormat::kBeads && !o.db_path.empty()) throw Error::Usage("--format goes with --out-dir, not --db");
  if (!o.db_path.empty()) return make_tm_sink(o);
  if (o.stream) return make_stream_sink(o);
  if (o.format == OutFormat::kMoses) return make_moses_sink(o);
  return make_dir_sink(o);
}

// A pair on its way through the pool.
struct Done {
  PairSpec spec;
  PairReport report;
  Payload payload;
  bool has_payload = false;
};

constexpr std::size_t kWindowPerJob = 16;

void fail(PairReport& r, ErrorKind kind, const std::string& why) {
  r.status = PairReport::Status::kFailed;
  r.error_kind = kind;
  r.error = why;
}

}  // namespace

BatchSummary run_batch(const PairSource& source, const BatchOptions& options,
                       const std::function<void(const PairReport&)>& on_pair) {
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<Sink> sink = make_sink(options);
  int jobs = options.jobs;
  if (jobs <= 0) jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  BatchSummary summary;

  const std::function<std::optional<PairSpec>()> next = [&]() -> std::optional<PairSpec> {
    while (std::optional<PairSpec> p = source()) {
      if (options.shard.owns(p->index)) return p;
    }
    return std::nullopt;
  };
  const Sink& worker_sink = *sink;  // workers see only the const (thread-safe) part
  const std::function<Done(PairSpec&, int)> work = [&](PairSpec& spec, int) {
    Done d;
    PairReport& r = d.report;
    r.index = spec.index;
    r.where = spec.where;
    r.id = spec.id;
    if (!spec.error.empty()) {
      fail(r, ErrorKind::kInput, spec.error);
    } else {
      try {
        if (options.resume && worker_sink.holds_id(spec)) {
          r.status = PairReport::Status::kAlreadyDone;
        } else {
          const PairTexts texts = read_pair(spec, options.pair);
          if (options.resume && worker_sink.holds_texts(spec, texts)) {
            r.status = PairReport::Status::kAlreadyDone;
          } else {
            const AlignedPair pair = align_pair(texts, options.pair);
            r.src_sentences = static_cast<std::int64_t>(pair.src.sentences.size());
            r.tgt_sentences = static_cast<std::int64_t>(pair.tgt.sentences.size());
            r.beads = static_cast<std::int64_t>(pair.beads.size());
            d.payload = worker_sink.prepare(spec, texts, pair, r);
            d.has_payload = true;
          }
        }
      } catch (const Error& e) {
        fail(r, e.kind(), e.what());
      }
    }
    d.spec = std::move(spec);
    return d;
  };
  const std::function<void(Done&)> deliver = [&](Done& d) {
    PairReport& r = d.report;
    if (d.has_payload) sink->put(d.spec, d.payload, r);
    ++summary.pairs;
    switch (r.status) {
      case PairReport::Status::kDone:
        ++summary.done;
        summary.sentences += r.src_sentences + r.tgt_sentences;
        summary.beads += r.beads;
        summary.write.added += r.write.added;
        summary.write.identical += r.write.identical;
        summary.write.kept += r.write.kept;
        summary.write.overwritten += r.write.overwritten;
        summary.lines += r.lines;
        break;
      case PairReport::Status::kAlreadyDone: ++summary.already_done; break;
      case PairReport::Status::kFailed: ++summary.failed; break;
    }
    if (on_pair) on_pair(r);
  };
  // A window of kWindowPerJob pairs a thread keeps the threads aligning
  // while the writer works through an uneven stretch or a commit (a TM
  // commit of 256 news pairs flushes the word index in about as many
  // instructions as a dozen pairs take to align, callgrind), and bounds
  // memory.
  run_ordered<PairSpec, Done>(jobs, kWindowPerJob * static_cast<std::size_t>(jobs), next, work, deliver);
  sink->finish();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace muwazi::corpus
