#include "tm/word_index.h"

#include <algorithm>

#include "text/error.h"
#include "tm/keys.h"
#include "tm/sqlite_util.h"

namespace muwazi::tm {

void encode_postings(const std::vector<std::uint64_t>& ids, std::string& out) {
  out.clear();
  std::uint64_t prev = 0;
  for (std::uint64_t id : ids) {
    std::uint64_t d = id - prev;
    prev = id;
    while (d >= 0x80) {
      out.push_back(static_cast<char>((d & 0x7F) | 0x80));
      d >>= 7;
    }
    out.push_back(static_cast<char>(d));
  }
}

void decode_postings(std::string_view blob, std::vector<std::uint64_t>& out) {
  std::uint64_t prev = 0;
  std::size_t i = 0;
  while (i < blob.size()) {
    std::uint64_t d = 0;
    int shift = 0;
    while (true) {
      if (i >= blob.size() || shift > 63) throw Error::Database("word index: malformed posting list");
      unsigned char c = static_cast<unsigned char>(blob[i++]);
      d |= static_cast<std::uint64_t>(c & 0x7F) << shift;
      if (!(c & 0x80)) break;
      shift += 7;
    }
    prev += d;
    out.push_back(prev);
  }
}

std::uint32_t WordIndexWriter::term_slot(std::uint64_t term) {
  if (2 * (lists_.size() + 1) > table_.size()) {
    std::vector<std::uint32_t> bigger(table_.empty() ? 1 << 16 : table_.size() * 2, 0);
    const std::size_t mask = bigger.size() - 1;
    for (std::uint32_t i = 0; i < lists_.size(); ++i) {
      std::size_t j = lists_[i].term & mask;
      while (bigger[j] != 0) j = (j + 1) & mask;
      bigger[j] = i + 1;
    }
    table_.swap(bigger);
  }
  const std::size_t mask = table_.size() - 1;
  std::size_t j = term & mask;  // terms are already well-mixed hashes
  while (table_[j] != 0) {
    if (lists_[table_[j] - 1].term == term) return table_[j] - 1;
    j = (j + 1) & mask;
  }
  lists_.push_back({term, ~0ULL, 0, 0});
  table_[j] = static_cast<std::uint32_t>(lists_.size());
  return static_cast<std::uint32_t>(lists_.size() - 1);
}

void WordIndexWriter::add(std::uint64_t doc, const std::vector<std::uint64_t>& terms) {
  for (std::uint64_t t : terms) {
    const std::uint32_t li = term_slot(t);
    TermList& l = lists_[li];
    if (l.last == doc) continue;  // word repeated in the doc
    l.last = doc;
    ++l.count;
    node_list_.push_back(li);
    node_posting_.push_back(doc);
  }
  ++pending_docs_;
}

void WordIndexWriter::flush() {
  if (lists_.empty()) return;
  Stmt segs(db_, path_, "SELECT seg, n FROM postings WHERE term = ?1 ORDER BY seg");
  Stmt read(db_, path_, "SELECT ids FROM postings WHERE term = ?1 AND seg = ?2");
  Stmt del(db_, path_, "DELETE FROM postings WHERE term = ?1 AND seg = ?2");
  Stmt ins(db_, path_, "INSERT INTO postings(term, seg, n, ids) VALUES (?1, ?2, ?3, ?4)");
  // Terms in order (a reproducible file layout, B-tree inserts in key
  // order); a counting sort makes each term's postings contiguous, in
  // arrival order.
  std::vector<std::uint32_t> order(lists_.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return lists_[a].term < lists_[b].term; });
  std::uint32_t at = 0;
  for (std::uint32_t i : order) {
    lists_[i].end = at;  // start for now; the scatter below moves it to the end
    at += lists_[i].count;
  }
  std::vector<std::uint64_t> grouped(node_posting_.size());
  for (std::size_t k = 0; k < node_posting_.size(); ++k) grouped[lists_[node_list_[k]].end++] = node_posting_[k];
  std::string blob;
  std::vector<std::uint64_t> merged;
  std::vector<std::uint64_t> ids;
  for (std::uint32_t li : order) {
    const TermList& list = lists_[li];
    const std::uint64_t term = list.term;
    ids.assign(grouped.begin() + (list.end - list.count), grouped.begin() + list.end);
    // Units are added in id order, but keep the invariant whatever the caller.
    if (!std::is_sorted(ids.begin(), ids.end())) std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    struct Seg {
      std::int64_t seg;
      std::int64_t n;
    };
    std::vector<Seg> existing;
    segs.bind(1, to_sql(term));
    while (segs.step()) existing.push_back({segs.int64(0), segs.int64(1)});
    segs.reset();
    // Decide how many of the newest existing segments to merge with the new one.
    std::int64_t n = static_cast<std::int64_t>(ids.size());
    std::size_t keep = existing.size();
    while (keep > 0 && (existing[keep - 1].n <= 2 * n || keep + 1 > static_cast<std::size_t>(kMaxSegments))) {
      n += existing[keep - 1].n;
      --keep;
    }
    std::int64_t next_seg = existing.empty() ? 0 : existing.back().seg + 1;
    if (keep < existing.size()) {
      merged.clear();
      for (std::size_t k = keep; k < existing.size(); ++k) {
        read.bind(1, to_sql(term)).bind(2, existing[k].seg);
        if (read.step()) decode_postings(read.blob(0), merged);
        read.reset();
        del.bind(1, to_sql(term)).bind(2, existing[k].seg);
        del.exec();
      }
      merged.insert(merged.end(), ids.begin(), ids.end());
      std::sort(merged.begin(), merged.end());
      merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
      encode_postings(merged, blob);
      n = static_cast<std::int64_t>(merged.size());
    } else {
      encode_postings(ids, blob);
    }
    ins.bind(1, to_sql(term)).bind(2, next_seg).bind(3, n).bind_blob(4, blob.data(), blob.size());
    ins.exec();
  }
  node_list_.clear();
  node_list_.shrink_to_fit();
  node_posting_.clear();
  node_posting_.shrink_to_fit();
  lists_.clear();
  lists_.shrink_to_fit();
  table_.clear();
  table_.shrink_to_fit();
  pending_docs_ = 0;
}

struct WordIndexReader::Impl {
  Impl(sqlite3* db, const std::string& path)
      : df(db, path, "SELECT sum(n) FROM postings WHERE term = ?1"),
        ids(db, path, "SELECT ids FROM postings WHERE term = ?1") {}
  Stmt df;
  Stmt ids;
};

WordIndexReader::WordIndexReader(sqlite3* db, const std::string& path) : impl_(new Impl(db, path)) {}
WordIndexReader::~WordIndexReader() { delete impl_; }

std::int64_t WordIndexReader::doc_frequency(std::uint64_t term) {
  Stmt& s = impl_->df;
  s.bind(1, to_sql(term));
  std::int64_t n = s.step() ? s.int64(0) : 0;
  s.reset();
  return n;
}

void WordIndexReader::postings(std::uint64_t term, std::vector<std::uint64_t>& out) {
  Stmt& s = impl_->ids;
  s.bind(1, to_sql(term));
  while (s.step()) decode_postings(s.blob(0), out);
  s.reset();
}

}  // namespace muwazi::tm
