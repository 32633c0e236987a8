// ICU's normalizer singletons, for the code inside text/ only (outside text/
// nothing sees ICU types; it calls to_nfc, to_nfkc, match keys...).
//
// Each is fetched once behind a C++ function-local static. ICU's own
// once-initialization uses atomics inside libicu that ThreadSanitizer cannot
// see, so first calls from two batch threads used to be reported as a race on
// the new object; the static's guard orders them (and costs nothing after).
#ifndef MUWAZI_TEXT_NORMALIZERS_H_
#define MUWAZI_TEXT_NORMALIZERS_H_

#include <unicode/normalizer2.h>

namespace muwazi::text {

enum class NormalForm { kNFC, kNFD, kNFKC };

// The ICU instance for `form`. Throws muwazi::Error (input) when ICU's data
// lacks it (a broken installation), with the form's name.
const icu::Normalizer2& normalizer(NormalForm form);

}  // namespace muwazi::text

#endif  // MUWAZI_TEXT_NORMALIZERS_H_
