#include "tm/word_index.h"

#include <algorithm>

#include "text/error.h"
#include "tm/keys.h"
#include "tm/sqlite_util.h"

namespace muwazi::tm {

void encode_postings(const std::vector<std::uint64_t>& ids, std::string& out) {
  encode_postings(ids.data(), ids.data() + ids.size(), out);
}

void encode_postings(const std::uint64_t* begin, const std::uint64_t* end, std::string& out) {
  out.clear();
  std::uint64_t prev = 0;
  for (const std::uint64_t* p = begin; p != end; ++p) {
    const std::uint64_t id = *p;
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

void WordIndexWriter::grow_table() {
  std::vector<Slot> bigger(table_.empty() ? 1 << 16 : table_.size() * 2, Slot{0, 0});
  const std::size_t mask = bigger.size() - 1;
  for (std::uint32_t i = 0; i < lists_.size(); ++i) {
    std::size_t j = lists_[i].term & mask;
    while (bigger[j].list != 0) j = (j + 1) & mask;
    bigger[j] = Slot{lists_[i].term, i + 1};
  }
  table_.swap(bigger);
}

// REQUIRES: the table is at most half full after one more list (add()
// grows it for a whole document's terms).
std::uint32_t WordIndexWriter::term_slot(std::uint64_t term) {
  const std::size_t mask = table_.size() - 1;
  std::size_t j = term & mask;  // terms are already well-mixed hashes
  while (table_[j].list != 0) {
    if (table_[j].term == term) return table_[j].list - 1;
    j = (j + 1) & mask;
  }
  lists_.push_back({term, ~0ULL, 0, 0});
  table_[j] = Slot{term, static_cast<std::uint32_t>(lists_.size())};
  return static_cast<std::uint32_t>(lists_.size() - 1);
}

void WordIndexWriter::add(std::uint64_t doc, const std::vector<std::uint64_t>& terms) {
  while (2 * (lists_.size() + terms.size()) > table_.size()) grow_table();
  const std::size_t mask = table_.size() - 1;
  for (std::uint64_t t : terms) __builtin_prefetch(&table_[t & mask]);
  doc_lists_.clear();
  for (std::uint64_t t : terms) {
    const std::uint32_t li = term_slot(t);
    doc_lists_.push_back(li);
    __builtin_prefetch(&lists_[li], 1);
  }
  for (std::uint32_t li : doc_lists_) {
    TermList& l = lists_[li];
    if (l.last == doc) continue;  // word repeated in the doc
    l.last = doc;
    ++l.count;
    push_node(li);
  }
  docs_.push_back({doc, nodes_});
}

void WordIndexWriter::push_node(std::uint32_t list) {
  if (nodes_ == node_chunks_.size() * kChunk) node_chunks_.emplace_back(new std::uint32_t[kChunk]);
  node_chunks_[nodes_ / kChunk][nodes_ % kChunk] = list;
  ++nodes_;
}

void WordIndexWriter::flush() {
  if (lists_.empty()) return;
  Stmt segs(db_, path_, "SELECT seg, n FROM postings WHERE term = ?1 ORDER BY seg");
  Stmt read(db_, path_, "SELECT ids FROM postings WHERE term = ?1 AND seg = ?2");
  Stmt del(db_, path_, "DELETE FROM postings WHERE term = ?1 AND seg = ?2");
  // New rows go in kRows at a time: one statement step per kRows rows costs
  // SQLite a third less than one per row (a first import writes a row per
  // distinct word). Their blobs live in `rows` until written.
  constexpr std::size_t kRows = 64;
  struct Row {
    std::uint64_t term;
    std::int64_t seg, n;
    std::string blob;
  };
  std::vector<Row> rows;
  rows.reserve(kRows);
  std::string many_sql = "INSERT INTO postings(term, seg, n, ids) VALUES (?, ?, ?, ?)";
  for (std::size_t r = 1; r < kRows; ++r) many_sql += ", (?, ?, ?, ?)";
  Stmt many(db_, path_, many_sql);
  Stmt one(db_, path_, "INSERT INTO postings(term, seg, n, ids) VALUES (?, ?, ?, ?)");
  // Binds a row's four values from parameter `at` + 1 on.
  auto bind_row = [](Stmt& st, int at, const Row& row) {
    st.bind(at + 1, to_sql(row.term)).bind(at + 2, row.seg).bind(at + 3, row.n);
    st.bind_blob_static(at + 4, row.blob.data(), row.blob.size());
  };
  auto write_rows = [&] {
    if (rows.size() == kRows) {
      for (std::size_t r = 0; r < kRows; ++r) bind_row(many, static_cast<int>(4 * r), rows[r]);
      many.exec();
    } else {
      for (const Row& row : rows) {
        bind_row(one, 0, row);
        one.exec();
      }
    }
    rows.clear();
  };

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
  std::unique_ptr<std::uint64_t[]> grouped(new std::uint64_t[nodes_]);  // every slot is written below
  std::size_t k = 0;
  for (const PendingDoc& d : docs_) {
    for (; k < d.end; ++k) grouped[lists_[node_chunks_[k / kChunk][k % kChunk]].end++] = d.doc;
  }
  if (stored_ == Stored::kUnknown) {
    Stmt any(db_, path_, "SELECT 1 FROM postings LIMIT 1");
    stored_ = any.step() ? Stored::kSome : Stored::kNone;
  }
  std::string blob;
  std::vector<std::uint64_t> merged;
  for (std::uint32_t li : order) {
    const TermList& list = lists_[li];
    const std::uint64_t term = list.term;
    std::uint64_t* const ids = grouped.get() + (list.end - list.count);
    std::uint64_t* ids_end = grouped.get() + list.end;
    // Units are added in id order, but keep the invariant whatever the caller.
    if (!std::is_sorted(ids, ids_end)) std::sort(ids, ids_end);
    ids_end = std::unique(ids, ids_end);
    struct Seg {
      std::int64_t seg;
      std::int64_t n;
    };
    std::vector<Seg> existing;
    if (stored_ == Stored::kSome) {
      segs.bind(1, to_sql(term));
      while (segs.step()) existing.push_back({segs.int64(0), segs.int64(1)});
      segs.reset();
    }
    // Decide how many of the newest existing segments to merge with the new one.
    std::int64_t n = ids_end - ids;
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
      merged.insert(merged.end(), ids, ids_end);
      std::sort(merged.begin(), merged.end());
      merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
      encode_postings(merged, blob);
      n = static_cast<std::int64_t>(merged.size());
    } else {
      encode_postings(ids, ids_end, blob);
    }
    rows.push_back({term, next_seg, n, std::string()});
    rows.back().blob.swap(blob);
    if (rows.size() == kRows) write_rows();
  }
  write_rows();
  node_chunks_.clear();
  node_chunks_.shrink_to_fit();
  nodes_ = 0;
  docs_.clear();
  docs_.shrink_to_fit();
  lists_.clear();
  lists_.shrink_to_fit();
  table_.clear();
  table_.shrink_to_fit();
  stored_ = Stored::kSome;
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
