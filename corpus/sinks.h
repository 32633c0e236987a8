// The outputs of a batch (internal to corpus/): each knows which pairs it
// already holds (resume), prepares a pair's output on a worker thread and
// writes it on the writer thread, in manifest order.
#ifndef MUWAZI_CORPUS_SINKS_H_
#define MUWAZI_CORPUS_SINKS_H_

#include <memory>
#include <string>

#include "corpus/batch.h"

namespace muwazi::corpus {

// A pair's output, made by a worker.
struct Payload {
  PairUnits units;       // TM
  std::string text;      // out-dir: the temporary file written; moses: source lines; stream: JSONL lines
  std::string text2;     // moses: target lines
  std::string tmp_path;  // out-dir: the temporary file to rename
};

class Sink {
 public:
  virtual ~Sink() = default;
  // Before the pair is read (worker thread; must be thread-safe): the output
  // holds the pair already, known from its id alone.
  virtual bool holds_id(const PairSpec&) const { return false; }
  // After it is read (worker thread): known from its id and texts.
  virtual bool holds_texts(const PairSpec&, const PairTexts&) const { return false; }
  // Makes the pair's output (worker thread). May throw Error for a bad pair.
  virtual Payload prepare(const PairSpec& spec, const PairTexts& texts, const AlignedPair& pair,
                          PairReport& report) const = 0;
  // Writes it (writer thread, manifest order). A throw stops the batch.
  // Returns false (report.status set to kFailed) to refuse the pair.
  virtual bool put(const PairSpec& spec, Payload& payload, PairReport& report) = 0;
  // After the last pair (writer thread): commit, flush, rename.
  virtual void finish() = 0;
};

std::unique_ptr<Sink> make_tm_sink(const BatchOptions& options);
std::unique_ptr<Sink> make_dir_sink(const BatchOptions& options);
std::unique_ptr<Sink> make_moses_sink(const BatchOptions& options);
std::unique_ptr<Sink> make_stream_sink(const BatchOptions& options);

}  // namespace muwazi::corpus

#endif  // MUWAZI_CORPUS_SINKS_H_
