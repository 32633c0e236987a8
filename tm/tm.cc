#include "tm/tm.h"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "text/error.h"
#include "tm/schema.h"
#include "tm/sqlite_util.h"
#include "tm/unit_row.h"

namespace muwazi::tm {
namespace {

// "file:" URI of `path` with immutable=1: how SQLite reads a WAL database
// on read-only media, where it cannot create the -shm file. Only valid when
// no -wal file holds commits that the database file lacks.
std::string immutable_uri(const std::string& path) {
  std::string uri = "file:";
  for (unsigned char c : path) {
    if (c == '%' || c == '?' || c == '#' || c < 0x21) {
      static const char* const kHex = "0123456789ABCDEF";
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    } else {
      uri += static_cast<char>(c);
    }
  }
  return uri + "?immutable=1";
}

bool on_read_only_fs(const std::string& path) {
  struct statvfs vfs;
  return ::statvfs(path.c_str(), &vfs) == 0 && (vfs.f_flag & ST_RDONLY) != 0;
}

nlohmann::json parse_json_column(const Stmt& s, int col, const std::string& path) {
  if (s.is_null(col)) return nullptr;
  try {
    return nlohmann::json::parse(s.text(col));
  } catch (const nlohmann::json::exception&) {
    throw Error::Database(path + ": corrupt JSON in unit " + std::to_string(s.int64(0)));
  }
}

}  // namespace

void read_unit_row(const Stmt& s, StoredUnit& out) {
  Unit& u = out.unit;
  out.id = s.int64(0);
  u.source.lang = s.str(1);
  u.target.lang = s.str(2);
  u.source.text = s.str(3);
  u.target.text = s.str(4);
  static const std::string kPath = "TM";
  u.source.markup = parse_json_column(s, 5, kPath);
  u.target.markup = parse_json_column(s, 6, kPath);
  out.source_id = s.is_null(7) ? 0 : s.int64(7);
  u.position = s.is_null(8) ? -1 : s.int64(8);
  u.score = s.is_null(9) ? -1 : s.real(9);
  u.bead = s.str(10);
  u.src_sentences = s.str(11);
  u.tgt_sentences = s.str(12);
  u.tuid = s.str(13);
  u.created_at = s.str(14);
  u.created_by = s.str(15);
  u.changed_at = s.str(16);
  u.changed_by = s.str(17);
  u.extra = parse_json_column(s, 18, kPath);
  out.source_kind = s.str(19);
  out.source_name = s.str(20);
  u.reviewed = !s.is_null(21) && s.int64(21) != 0;
  // "PREV NEXT,PREV NEXT": signed 64-bit decimals, as SQLite stores them.
  u.contexts.clear();
  const std::string_view cs = s.is_null(22) ? std::string_view() : s.text(22);
  std::size_t at = 0;
  while (at < cs.size()) {
    std::size_t end = cs.find(',', at);
    if (end == std::string_view::npos) end = cs.size();
    const std::string item(cs.substr(at, end - at));
    const std::size_t sp = item.find(' ');
    if (sp == std::string::npos) throw Error::Database(kPath + ": corrupt context of unit " + std::to_string(out.id));
    Context c;
    c.prev = static_cast<std::uint64_t>(std::stoll(item.substr(0, sp)));
    c.next = static_cast<std::uint64_t>(std::stoll(item.substr(sp + 1)));
    u.contexts.push_back(c);
    at = end + 1;
  }
}

Tm Tm::open(const std::string& path, const OpenOptions& options) {
  struct stat st;
  bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && (!options.create || options.read_only)) {
    throw Error::Database(path + ": no such translation memory (tm add or tm import creates one)");
  }
  if (exists && !S_ISREG(st.st_mode)) throw Error::Database(path + ": not a regular file");
  if (!exists) {
    // SQLite would report only "unable to open database file" (and errno
    // from its read-only retry); say why the file cannot be created.
    const std::size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    if (::access(dir.c_str(), W_OK | X_OK) != 0) {
      throw Error::Database(path + ": cannot create the translation memory: " + std::strerror(errno));
    }
  }
  // No write bit counts as read-only even for root, who could write anyway.
  if (exists && !options.read_only && (::access(path.c_str(), W_OK) != 0 || (st.st_mode & 0222) == 0)) {
    throw Error::Database(path + ": the database is read-only (no write permission)");
  }
  int flags = options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3* db = nullptr;
  std::string name = path;
  struct stat wal;
  if (exists && options.read_only && on_read_only_fs(path) && ::stat((path + "-wal").c_str(), &wal) != 0) {
    name = immutable_uri(path);
    flags |= SQLITE_OPEN_URI;
  }
  int rc = sqlite3_open_v2(name.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    try {
      throw_sqlite(db, rc, path, "cannot open");
    } catch (...) {
      sqlite3_close(db);
      throw;
    }
  }
  Tm tm(db, path);  // closes db if anything below throws
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  if (!options.read_only && sqlite3_db_readonly(db, "main") == 1) {
    throw Error::Database(path + ": the database is read-only");
  }
  auto pragma_int = [&](const char* sql) {
    Stmt s(db, tm.path_, sql);
    return s.step() ? s.int64(0) : 0;
  };
  std::int64_t version = 0, app_id = 0, tables = 0;
  bool fresh = false;
  // Reads the header in one snapshot (another process may be creating the
  // schema right now) and refuses files that are not ours.
  auto read_header = [&] {
    version = pragma_int("PRAGMA user_version");  // NOTADB surfaces here
    app_id = pragma_int("PRAGMA application_id");
    tables = pragma_int("SELECT count(*) FROM sqlite_master");
    if (version > kSchemaVersion) {
      throw Error::Database(path + ": written by a newer muwazi (schema version " + std::to_string(version) +
                            ", this build reads up to " + std::to_string(kSchemaVersion) + ")");
    }
    fresh = version == 0 && tables == 0 && app_id == 0;
    if (!fresh && app_id != kApplicationId) {
      throw Error::Database(path + ": a SQLite database, but not a muwazi translation memory");
    }
  };
  exec_sql(db, tm.path_, "BEGIN");
  read_header();
  exec_sql(db, tm.path_, "COMMIT");
  if (fresh && options.read_only) {
    throw Error::Database(path + ": empty database, not a muwazi translation memory");
  }
  if (!options.read_only) {
    // WAL is persistent: only a new file needs the switch. The switch needs
    // an exclusive lock, which SQLite does not wait for with the busy
    // handler, so two processes creating the same TM retry here (the other
    // one's open connection blocks it only briefly).
    auto journal_mode = [&] {
      Stmt s(db, tm.path_, "PRAGMA journal_mode");
      return s.step() ? s.str(0) : std::string();
    };
    if (fresh) {
      // 16 KiB pages instead of SQLite's 4 KiB for a new file (a no-op once
      // the file has pages; existing TMs keep theirs). An import writes every
      // page twice, to the WAL and at the checkpoint: a quarter of the
      // system calls, fuller pages (units rows are ~1 KB), a 100k-unit
      // import 0.2 s faster; lookups as fast (BM_TmLookup). Must precede the
      // switch to WAL, which writes the header.
      exec_sql(db, tm.path_, "PRAGMA page_size = 16384;");
    }
    if (journal_mode() != "wal") {
      for (int waited_ms = 0;; waited_ms += 10) {
        const int rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
        if (rc == SQLITE_OK) break;
        if ((rc & 0xFF) != SQLITE_BUSY || waited_ms >= options.busy_timeout_ms) {
          throw_sqlite(db, rc, tm.path_, "cannot switch to WAL");
        }
        sqlite3_sleep(10);
      }
    }
    exec_sql(db, tm.path_, "PRAGMA synchronous = NORMAL;");
  }
  exec_sql(db, tm.path_, "PRAGMA foreign_keys = ON;");
  if (!options.read_only) {
    // 256 MiB of page cache; readers keep 64 MiB. A bulk import touches
    // index pages all over the file: a bigger cache keeps them from
    // spilling to the WAL mid-transaction. A bound, not an allocation:
    // memory stays flat for any file size.
    exec_sql(db, tm.path_, "PRAGMA cache_size = -262144;");
  } else {
    exec_sql(db, tm.path_, "PRAGMA cache_size = -65536;");
    // Readers (lookup) map the file: a lookup touches pages all over a big
    // TM, and pread + copy per page cost more than the lookup itself.
    // Writers keep plain I/O, so a full disk is an error, never a SIGBUS.
    exec_sql(db, tm.path_, "PRAGMA mmap_size = 2147418112;");
  }
  if (version < kSchemaVersion) {
    if (options.read_only) {
      throw Error::Database(path + ": schema version " + std::to_string(version) +
                            " is older than this build's; run a write command (tm import) to upgrade it");
    }
    // Off while upgrading (it cannot change inside a transaction): version
    // 4 rebuilds `sources`, and dropping the old table must not run the
    // units' ON DELETE SET NULL (tm/schema.cc).
    exec_sql(db, tm.path_, "PRAGMA foreign_keys = OFF;");
    exec_sql(db, tm.path_, "BEGIN IMMEDIATE");
    try {
      // Another writer may have created or upgraded the schema while we
      // waited for the lock (two imports into a new TM): look again.
      read_header();
      if (version < kSchemaVersion) migrate(db, tm.path_, static_cast<int>(version));
      exec_sql(db, tm.path_, "COMMIT");
    } catch (...) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
      throw;
    }
    exec_sql(db, tm.path_, "PRAGMA foreign_keys = ON;");
  }
  if (!options.read_only) {
    // The word index's (term, seg, n) without its blobs. `postings` is a
    // WITHOUT ROWID table, and SQLite compares a search key with a cell
    // whose payload overflows by reading the whole payload: a term's
    // document frequency and its segment list read every long posting list
    // on the way, a quarter of a lookup's instructions on a 300k-unit TM
    // (callgrind). This covering index answers both from small cells. It
    // is not a schema version: a file without it stays readable (the
    // planner uses it when it is there), the first write command adds it,
    // and older builds keep it up to date as SQLite does every index.
    Stmt has(db, tm.path_, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'postings_segs'");
    const bool present = has.step() && has.int64(0) > 0;
    has.reset();
    if (!present) exec_sql(db, tm.path_, "CREATE INDEX IF NOT EXISTS postings_segs ON postings(term, seg, n);");
  }
  return tm;
}

Tm::Tm(Tm&& o) noexcept : db_(o.db_), path_(std::move(o.path_)) { o.db_ = nullptr; }
Tm& Tm::operator=(Tm&& o) noexcept {
  if (this != &o) {
    if (db_) sqlite3_close_v2(db_);
    db_ = o.db_;
    path_ = std::move(o.path_);
    o.db_ = nullptr;
  }
  return *this;
}
Tm::~Tm() {
  if (db_) sqlite3_close_v2(db_);
}

std::int64_t Tm::unit_count() const {
  Stmt s(db_, path_, "SELECT count(*) FROM units");
  return s.step() ? s.int64(0) : 0;
}

void Tm::for_each_unit(const std::function<void(const StoredUnit&)>& fn) const {
  std::string sql = std::string("SELECT ") + kUnitColumns +
                    " FROM units u LEFT JOIN sources s ON s.id = u.source_id ORDER BY u.id";
  Stmt s(db_, path_, sql);
  StoredUnit su;
  while (s.step()) {
    read_unit_row(s, su);
    fn(su);
  }
}

void Tm::for_each_pair_source(
    const std::function<void(std::string_view, std::string_view, std::string_view)>& fn) const {
  Stmt s(db_, path_,
         "SELECT pair_id, sha256, sha256_2 FROM sources WHERE kind = 'docpair' AND pair_id IS NOT NULL");
  while (s.step()) fn(s.text(0), s.text(1), s.text(2));
}

StoredUnit Tm::get_unit(std::int64_t id) const {
  std::string sql = std::string("SELECT ") + kUnitColumns +
                    " FROM units u LEFT JOIN sources s ON s.id = u.source_id WHERE u.id = ?1";
  Stmt s(db_, path_, sql);
  s.bind(1, id);
  if (!s.step()) throw Error::Database(path_ + ": no unit " + std::to_string(id));
  StoredUnit su;
  read_unit_row(s, su);
  return su;
}

}  // namespace muwazi::tm
