// SHA-256 (OpenSSL) for provenance: incremental, hex output.
#ifndef MUWAZI_TM_SHA256_H_
#define MUWAZI_TM_SHA256_H_

#include <string>
#include <string_view>

namespace muwazi::tm {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(const void* data, std::size_t n);
  void update(std::string_view s) { update(s.data(), s.size()); }
  // Lower-case hex digest; the object must not be updated afterwards.
  std::string hex();

 private:
  void* ctx_;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_SHA256_H_
