// Helpers for the TM unit tests: temporary files and small units.
#ifndef MUWAZI_TESTS_UNIT_TM_TEST_UTIL_H_
#define MUWAZI_TESTS_UNIT_TM_TEST_UTIL_H_

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tm/unit.h"

namespace muwazi::tm::testing {

// A fresh directory, removed when the object dies.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "muwazi_tm_XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline Unit make_unit(const std::string& src, const std::string& tgt, const std::string& sl = "ar",
                      const std::string& tl = "en") {
  Unit u;
  u.source = Segment{sl, src, nullptr};
  u.target = Segment{tl, tgt, nullptr};
  return u;
}

inline std::string tmx_data(const std::string& name) { return std::string(MUWAZI_TEST_DATA) + "/tmx/" + name; }

}  // namespace muwazi::tm::testing

#endif  // MUWAZI_TESTS_UNIT_TM_TEST_UTIL_H_
