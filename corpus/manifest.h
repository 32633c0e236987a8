// Batch manifests: where the document pairs of `muwazi batch` come from.
//
// Three layouts, one pair per record, read as a stream (memory does not grow
// with the number of pairs):
//   tsv    SRC_PATH<TAB>TGT_PATH[<TAB>ID] per line (hunalign's batch file
//          without its output column); relative paths resolve against the
//          manifest's folder; blank lines and lines starting with '#' are
//          skipped. ID defaults to SRC_PATH's file name without its last
//          extension (news-17.ar -> news-17).
//   jsonl  {"id": ..., "src": "raw text", "tgt": "raw text"} per line, with
//          optional "src_lang", "tgt_lang", "src_url", "tgt_url" and
//          "presplit" (one sentence per line). id (a string or a number)
//          defaults to the line number.
//   dir    a folder of NAME.<src_lang> / NAME.<tgt_lang> files (the layout of
//          ../shared/data), in byte order of NAME; files with other
//          extensions are ignored.
// Every record gets an index (0, 1, 2, ... over all manifests given, bad
// records included), so `--shard K/N` (index % N == K) splits the pairs of a
// manifest the same way on every machine.
#ifndef MUWAZI_CORPUS_MANIFEST_H_
#define MUWAZI_CORPUS_MANIFEST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace muwazi::corpus {

enum class ManifestFormat { kAuto, kTsv, kJsonl, kDir };
// "auto" | "tsv" | "jsonl" | "dir"; throws Error::Usage otherwise.
ManifestFormat parse_manifest_format(const std::string& name);

// One document pair as the manifest names it. Either both paths or both
// texts are set.
struct PairSpec {
  std::int64_t index = 0;  // over all manifests of the batch, bad records included
  std::string where;       // "pairs.tsv:12" (the record's place, for messages)
  std::string id;
  std::string src_path, tgt_path;  // tsv, dir
  bool inline_text = false;        // jsonl: the texts are in src_text/tgt_text
  std::string src_text, tgt_text;
  std::string src_lang, tgt_lang;  // "" = the batch's languages
  std::string src_url, tgt_url;
  std::optional<bool> presplit;    // unset = the batch's setting
  // Set when the record itself is bad (a JSON line that does not parse, a
  // TSV line without two paths, NAME.ar without NAME.en): the reason.
  std::string error;
};

struct ManifestOptions {
  ManifestFormat format = ManifestFormat::kAuto;
  // The file extensions of a dir manifest.
  std::string src_lang = "ar", tgt_lang = "en";
};

// Reads the records of several manifests in order. Not thread-safe: one
// reader, many workers (corpus/batch.h hands records out under a lock).
class ManifestReader {
 public:
  // Throws Error::Io for a manifest that cannot be opened, Error::Usage for
  // an empty list.
  ManifestReader(std::vector<std::string> paths, const ManifestOptions& options);
  ~ManifestReader();
  ManifestReader(const ManifestReader&) = delete;
  ManifestReader& operator=(const ManifestReader&) = delete;

  // The next record, or nullopt at the end of the last manifest. A bad
  // record comes back with `error` set; an unreadable manifest (an I/O error
  // in the middle) throws Error::Io.
  std::optional<PairSpec> next();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The number of records in the manifests (for progress: a pass that only
// counts lines or directory entries). Throws Error::Io.
std::int64_t count_records(const std::vector<std::string>& paths, const ManifestOptions& options);

// "K/N" with 0 <= K < N; throws Error::Usage otherwise.
struct Shard {
  std::int64_t k = 0, n = 1;
  bool owns(std::int64_t index) const { return index % n == k; }
};
Shard parse_shard(const std::string& spec);

// A pair's id when the manifest gives none: SRC_PATH's file name without its
// last extension ("dir/news-17.ar" -> "news-17").
std::string default_pair_id(const std::string& src_path);

}  // namespace muwazi::corpus

#endif  // MUWAZI_CORPUS_MANIFEST_H_
