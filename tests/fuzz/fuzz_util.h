// Helpers shared by the fuzz targets.
#ifndef MUWAZI_TESTS_FUZZ_FUZZ_UTIL_H_
#define MUWAZI_TESTS_FUZZ_FUZZ_UTIL_H_

#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "tm/import.h"
#include "tm/tm.h"
#include "text/error.h"

namespace muwazi::fuzz {

// Aborts (a crash libFuzzer reports, with the input) when `ok` is false.
inline void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
  }
}

// A private temporary directory for the whole fuzzing process (one per
// process: libFuzzer -jobs/-workers run separate processes), removed at exit.
inline const std::string& scratch_dir() {
  struct Dir {
    std::string path;
    Dir() {
      const char* tmp = std::getenv("TMPDIR");
      std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/muwazi_fuzz_XXXXXX";
      check(::mkdtemp(tmpl.data()) != nullptr, "mkdtemp");
      path = tmpl;
    }
    ~Dir() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static const Dir dir;
  return dir.path;
}

// Writes `data` to a file in scratch_dir() (overwritten each call) and
// returns its path. The importers and the TMX reader read files, not memory.
inline std::string write_scratch(const std::string& name, const std::uint8_t* data, std::size_t size) {
  std::string path = scratch_dir() + "/" + name;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  check(f != nullptr, "fopen scratch");
  if (size > 0) check(std::fwrite(data, 1, size, f) == size, "fwrite scratch");
  std::fclose(f);
  return path;
}

// Imports a fuzzed file into a scratch TM and checks that a file either
// stores all of its units or none (tm/import.h: one file = one transaction).
// The TM is recreated now and then so it stays small and each import fast.
inline void fuzz_import(const std::uint8_t* data, std::size_t size, const char* file_name,
                        const tm::ImportOptions& options) {
  static std::unique_ptr<tm::Tm> store;
  static int imports = 0;
  const std::string db = scratch_dir() + "/fuzz.db";
  if (!store || ++imports % 500 == 0) {
    store.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((db + suffix).c_str());
    store = std::make_unique<tm::Tm>(tm::Tm::open(db, {.create = true}));
    // Durability is not under test here; speed is.
    sqlite3_exec(store->db(), "PRAGMA synchronous = OFF", nullptr, nullptr, nullptr);
  }
  const std::string path = write_scratch(file_name, data, size);
  const std::int64_t before = store->unit_count();
  try {
    tm::ImportResult r = tm::import_file(*store, path, options);
    check(r.write.added >= 0 && r.write.added <= r.units, "added <= units offered");
    if (options.write.on_duplicate != tm::OnDuplicate::kOverwrite) {
      check(store->unit_count() == before + r.write.added, "unit count grows by the units added");
    }
  } catch (const muwazi::Error& e) {
    check(e.kind() == ErrorKind::kInput || e.kind() == ErrorKind::kIo, "import errors are input/io errors");
    check(store->unit_count() == before, "a failed import stores nothing");
  }
}

}  // namespace muwazi::fuzz

#endif  // MUWAZI_TESTS_FUZZ_FUZZ_UTIL_H_
