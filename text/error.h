// muwazi::Error — the one error type of the project.
//
// Libraries throw Error; the CLI catches it at the top of each subcommand,
// prints what() as one line on stderr and exits with exit_code(kind).
// Messages name the file, line or byte ("a.txt:12: ...", "a.txt: byte 4711: ...").
#ifndef MUWAZI_TEXT_ERROR_H_
#define MUWAZI_TEXT_ERROR_H_

#include <stdexcept>
#include <string>

namespace muwazi {

enum class ErrorKind {
  kUsage,     // wrong command-line usage            -> exit 2
  kInput,     // malformed input data                -> exit 1
  kIo,        // cannot read/write a file            -> exit 1
  kDatabase,  // SQLite/TM errors                    -> exit 3
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

  static Error Usage(const std::string& m) { return Error(ErrorKind::kUsage, m); }
  static Error Input(const std::string& m) { return Error(ErrorKind::kInput, m); }
  static Error Io(const std::string& m) { return Error(ErrorKind::kIo, m); }
  static Error Database(const std::string& m) { return Error(ErrorKind::kDatabase, m); }

 private:
  ErrorKind kind_;
};

// Process exit code for an error kind: 2 usage, 1 input or I/O, 3 database.
inline int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage: return 2;
    case ErrorKind::kInput: return 1;
    case ErrorKind::kIo: return 1;
    case ErrorKind::kDatabase: return 3;
  }
  return 1;
}

}  // namespace muwazi

#endif  // MUWAZI_TEXT_ERROR_H_
