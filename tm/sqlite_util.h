// Thin RAII helpers over the SQLite C API. Every failure becomes
// muwazi::Error::Database naming the database file.
#ifndef MUWAZI_TM_SQLITE_UTIL_H_
#define MUWAZI_TM_SQLITE_UTIL_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace muwazi::tm {

// Throws Error::Database "PATH: WHAT: sqlite message" (with a plain-language
// explanation for the common cases: not a database, read-only, disk full,
// locked).
[[noreturn]] void throw_sqlite(sqlite3* db, int rc, const std::string& path, const std::string& what);

class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3* db, const std::string& path, std::string_view sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt(Stmt&& o) noexcept;
  Stmt& operator=(Stmt&& o) noexcept;

  Stmt& bind(int i, std::int64_t v);
  Stmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Stmt& bind(int i, double v);
  // Text is bound SQLITE_TRANSIENT (copied): safe with temporaries.
  Stmt& bind(int i, std::string_view v);
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  // Text bound without a copy (SQLITE_STATIC). REQUIRES: `v` stays alive
  // and unchanged until the statement is reset (exec() resets).
  Stmt& bind_static(int i, std::string_view v);
  Stmt& bind_blob(int i, const void* data, std::size_t n);
  // A blob bound without a copy. REQUIRES: as for bind_static().
  Stmt& bind_blob_static(int i, const void* data, std::size_t n);
  Stmt& bind_null(int i);
  // Binds NULL for an empty string.
  Stmt& bind_or_null(int i, std::string_view v) { return v.empty() ? bind_null(i) : bind(i, v); }

  // true: a row is available; false: done.
  bool step();
  // Runs to completion (for statements without result rows).
  void exec();
  void reset();

  std::int64_t int64(int col) const { return sqlite3_column_int64(s_, col); }
  double real(int col) const { return sqlite3_column_double(s_, col); }
  bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::string_view text(int col) const;
  std::string str(int col) const { return std::string(text(col)); }
  std::string_view blob(int col) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* s_ = nullptr;
  const std::string* path_ = nullptr;
};

// Runs one or more SQL statements without results.
void exec_sql(sqlite3* db, const std::string& path, const char* sql);

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_SQLITE_UTIL_H_
