#include "text/normalizers.h"

#include <string>

#include "text/error.h"

namespace muwazi::text {
namespace {

using Getter = const icu::Normalizer2* (*)(UErrorCode&);

const icu::Normalizer2* fetch(Getter get) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* p = get(status);
  return U_FAILURE(status) ? nullptr : p;
}

const icu::Normalizer2& checked(const icu::Normalizer2* p, const char* name) {
  if (p == nullptr) throw Error::Input(std::string("ICU ") + name + " normalizer unavailable");
  return *p;
}

}  // namespace

const icu::Normalizer2& normalizer(NormalForm form) {
  switch (form) {
    case NormalForm::kNFC: {
      static const icu::Normalizer2* const n = fetch(&icu::Normalizer2::getNFCInstance);
      return checked(n, "NFC");
    }
    case NormalForm::kNFD: {
      static const icu::Normalizer2* const n = fetch(&icu::Normalizer2::getNFDInstance);
      return checked(n, "NFD");
    }
    case NormalForm::kNFKC:
      break;
  }
  static const icu::Normalizer2* const n = fetch(&icu::Normalizer2::getNFKCInstance);
  return checked(n, "NFKC");
}

}  // namespace muwazi::text
