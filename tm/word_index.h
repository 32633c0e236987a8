// The word index: for each word token (hash of a match-key token), the sorted
// list of postings of the "documents" containing it, a document being one
// side of one unit. A posting packs the unit id, the side (0 source, 1
// target) and the document's word count (capped at 255), so lookup can
// filter and rank candidates by length without reading them:
//   posting = unit_id << 9 | side << 8 | min(words, 255)
// Lookup reads the posting lists of a query's rarest words instead of
// scanning the TM.
//
// Storage: postings(term, seg, n, ids) WITHOUT ROWID. A write transaction
// buffers postings in memory and appends one segment per term at flush;
// small segments of a term are merged (LSM-style: while the newest segment
// is at least half the size of the one before it, or there are more than
// kMaxSegments), so a term has O(log n) segments. `ids` is the sorted doc ids
// delta-encoded as LEB128 varints. Deleted or overwritten units leave stale
// ids behind; readers verify every candidate against the units table.
#ifndef MUWAZI_TM_WORD_INDEX_H_
#define MUWAZI_TM_WORD_INDEX_H_

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace muwazi::tm {

inline constexpr std::uint32_t kMaxPostedWords = 255;
inline std::uint64_t make_posting(std::int64_t unit_id, int side, std::size_t words) {
  return static_cast<std::uint64_t>(unit_id) << 9 | static_cast<std::uint64_t>(side) << 8 |
         std::min<std::size_t>(words, kMaxPostedWords);
}
// unit_id * 2 + side: one document, whatever its word count.
inline std::uint64_t posting_doc(std::uint64_t p) { return p >> 8; }
inline std::int64_t posting_unit(std::uint64_t p) { return static_cast<std::int64_t>(p >> 9); }
inline int posting_side(std::uint64_t p) { return static_cast<int>((p >> 8) & 1); }
inline std::uint32_t posting_words(std::uint64_t p) { return static_cast<std::uint32_t>(p & 0xFF); }
inline std::uint64_t doc_id(std::int64_t unit_id, int side) { return static_cast<std::uint64_t>(unit_id) * 2 + side; }

void encode_postings(const std::vector<std::uint64_t>& sorted_ids, std::string& out);
void encode_postings(const std::uint64_t* begin, const std::uint64_t* end, std::string& out);
// Appends decoded ids to out. Malformed blobs throw Error::Database.
void decode_postings(std::string_view blob, std::vector<std::uint64_t>& out);

class WordIndexWriter {
 public:
  static constexpr int kMaxSegments = 8;
  WordIndexWriter(sqlite3* db, const std::string& path) : db_(db), path_(path) {}
  // `terms` may repeat; each term is posted once per doc.
  void add(std::uint64_t doc, const std::vector<std::uint64_t>& terms);
  std::size_t pending_docs() const { return docs_.size(); }
  // Writes the buffered postings (inside the caller's transaction).
  void flush();

 private:
  sqlite3* db_;
  const std::string& path_;
  // Pending postings: (term list, posting) in arrival order plus one
  // record per term found through an open-addressing table — no allocation
  // per word or per term. flush() groups them with a counting sort (a map
  // of vectors, sorting (term, posting) pairs or chasing per-term linked
  // lists each cost 10-17% of an import).
  struct TermList {
    std::uint64_t term;
    std::uint64_t last;   // last posting added (a word repeated in a doc)
    std::uint32_t count;
    std::uint32_t end;    // set by flush()
  };
  // A table slot holds the term itself, so a probe costs one cache miss,
  // not two; add() prefetches a doc's slots, then its lists, so the misses
  // of a doc's words overlap.
  struct Slot {
    std::uint64_t term;
    std::uint32_t list;  // index into lists_ + 1; 0 = empty
  };
  std::uint32_t term_slot(std::uint64_t term);
  void grow_table();
  void push_node(std::uint32_t list);
  // The term list of each pending posting in arrival order, in chunks (no
  // copying as it grows), and where each doc's postings end.
  static constexpr std::size_t kChunk = 1 << 16;
  std::vector<std::unique_ptr<std::uint32_t[]>> node_chunks_;
  std::size_t nodes_ = 0;
  struct PendingDoc {
    std::uint64_t doc;
    std::size_t end;  // one past its last node
  };
  std::vector<PendingDoc> docs_;
  std::vector<TermList> lists_;
  std::vector<Slot> table_;
  std::vector<std::uint32_t> doc_lists_;  // add()'s scratch: the doc's term lists
  // Whether the postings table may hold rows: flush() looks up a term's
  // segments only then (a first import into a new TM skips every lookup).
  // Known after the first flush() of this writer (one transaction).
  enum class Stored { kUnknown, kNone, kSome } stored_ = Stored::kUnknown;
};

class WordIndexReader {
 public:
  WordIndexReader(sqlite3* db, const std::string& path);
  ~WordIndexReader();
  // Number of docs posted for the term (an upper bound: stale ids count).
  std::int64_t doc_frequency(std::uint64_t term);
  // Appends the term's doc ids (unsorted across segments).
  void postings(std::uint64_t term, std::vector<std::uint64_t>& out);

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_WORD_INDEX_H_
