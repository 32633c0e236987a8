#include "tm/sqlite_util.h"

#include <cstring>

#include "text/error.h"

namespace muwazi::tm {

void throw_sqlite(sqlite3* db, int rc, const std::string& path, const std::string& what) {
  int primary = rc & 0xFF;
  std::string msg = path + ": " + what + ": ";
  switch (primary) {
    case SQLITE_NOTADB: msg += "not a SQLite database (or an encrypted/corrupt one)"; break;
    case SQLITE_CORRUPT: msg += "the database file is corrupt"; break;
    case SQLITE_READONLY: msg += "the database is read-only"; break;
    case SQLITE_FULL: msg += "disk full"; break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: msg += "the database is locked by another process"; break;
    case SQLITE_CANTOPEN: {
      msg += "cannot open the database file";
      // Say why (permission denied, no such directory, read-only file system).
      const int e = db ? sqlite3_system_errno(db) : 0;
      if (e != 0) msg += std::string(": ") + std::strerror(e);
      break;
    }
    case SQLITE_PERM: msg += "permission denied"; break;
    default: msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc); break;
  }
  if (db && primary != SQLITE_NOTADB && primary != SQLITE_FULL && primary != SQLITE_READONLY &&
      primary != SQLITE_CORRUPT && primary != SQLITE_CANTOPEN) {
    // Keep SQLite's own detail when we replaced it with a summary.
    std::string detail = sqlite3_errmsg(db);
    if (msg.find(detail) == std::string::npos) msg += " (" + detail + ")";
  }
  throw Error::Database(msg);
}

Stmt::Stmt(sqlite3* db, const std::string& path, std::string_view sql) : db_(db), path_(&path) {
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s_,
                              nullptr);
  if (rc != SQLITE_OK) throw_sqlite(db, rc, path, "cannot prepare statement");
}

Stmt::~Stmt() {
  if (s_) sqlite3_finalize(s_);
}

Stmt::Stmt(Stmt&& o) noexcept : db_(o.db_), s_(o.s_), path_(o.path_) { o.s_ = nullptr; }

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    if (s_) sqlite3_finalize(s_);
    db_ = o.db_;
    s_ = o.s_;
    path_ = o.path_;
    o.s_ = nullptr;
  }
  return *this;
}

Stmt& Stmt::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}
Stmt& Stmt::bind(int i, double v) {
  sqlite3_bind_double(s_, i, v);
  return *this;
}
Stmt& Stmt::bind(int i, std::string_view v) {
  sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::bind_static(int i, std::string_view v) {
  sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  return *this;
}
Stmt& Stmt::bind_blob(int i, const void* data, std::size_t n) {
  sqlite3_bind_blob(s_, i, data, static_cast<int>(n), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::bind_blob_static(int i, const void* data, std::size_t n) {
  sqlite3_bind_blob(s_, i, data, static_cast<int>(n), SQLITE_STATIC);
  return *this;
}
Stmt& Stmt::bind_null(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}

bool Stmt::step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(s_);
  throw_sqlite(db_, rc, *path_, "query failed");
}

void Stmt::exec() {
  while (step()) {
  }
  reset();
}

void Stmt::reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

std::string_view Stmt::text(int col) const {
  const unsigned char* p = sqlite3_column_text(s_, col);
  int n = sqlite3_column_bytes(s_, col);
  return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string_view();
}

std::string_view Stmt::blob(int col) const {
  const void* p = sqlite3_column_blob(s_, col);
  int n = sqlite3_column_bytes(s_, col);
  return p ? std::string_view(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string_view();
}

void exec_sql(sqlite3* db, const std::string& path, const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    if (err) sqlite3_free(err);
    throw_sqlite(db, rc, path, "statement failed");
  }
}

}  // namespace muwazi::tm
