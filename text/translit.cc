#include "text/translit.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <mutex>

#include "text/error.h"

namespace muwazi::text {

std::string latin_skeleton(std::string_view w) {
  std::string s;
  s.reserve(w.size());
  for (char c : w) {
    if (c >= 'a' && c <= 'z') s.push_back(c);
  }
  std::string out;
  out.reserve(s.size());
  auto push = [&](char c) {
    if (out.empty() || out.back() != c) out.push_back(c);
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    char next = i + 1 < s.size() ? s[i + 1] : '\0';
    if (next == 'h' && (c == 's' || c == 't' || c == 'd' || c == 'k' || c == 'g' || c == 'p' || c == 'c')) {
      static const char kMap[] = {'s', 't', 'd', 'k', 'g', 'f', 's'};
      static const char kFrom[] = {'s', 't', 'd', 'k', 'g', 'p', 'c'};
      for (int k = 0; k < 7; ++k) {
        if (kFrom[k] == c) push(kMap[k]);
      }
      ++i;
      continue;
    }
    if (c == 'n' && next == 'g') {
      push('n');
      ++i;
      continue;
    }
    switch (c) {
      case 'a': case 'e': case 'i': case 'o': case 'u': case 'w': case 'y':
        continue;
      case 'h':
        if (!out.empty()) continue;  // h after a consonant is mostly silent
        push('h');
        continue;
      case 'c':
        push(next == 'e' || next == 'i' || next == 'y' ? 's' : 'k');
        continue;
      case 'q': push('k'); continue;
      case 'v': push('f'); continue;
      case 'p': push('b'); continue;
      case 'z': push('s'); continue;
      case 'j': push('g'); continue;
      case 'x': push('k'); push('s'); continue;
      default: push(c);
    }
  }
  return out;
}

namespace {
std::mutex g_translit_mu;
icu::Transliterator* prototype() {
  static icu::Transliterator* proto = [] {
    UErrorCode st = U_ZERO_ERROR;
    icu::Transliterator* t = icu::Transliterator::createInstance(
        "Arabic-Latin; Latin-ASCII", UTRANS_FORWARD, st);
    return U_SUCCESS(st) ? t : nullptr;
  }();
  return proto;
}

bool starts_with(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }
}  // namespace

ArabicNameSkeletons::ArabicNameSkeletons() {
  std::lock_guard<std::mutex> lock(g_translit_mu);
  icu::Transliterator* proto = prototype();
  if (!proto) throw Error::Input("ICU Arabic-Latin transliterator is unavailable");
  translit_.reset(proto->clone());
}

ArabicNameSkeletons::~ArabicNameSkeletons() = default;

std::string ArabicNameSkeletons::transliterate(const std::string& folded) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(folded);
  translit_->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

ArabicNameSkeletons& ArabicNameSkeletons::for_this_thread() {
  thread_local ArabicNameSkeletons instance;
  return instance;
}

const std::vector<std::string>& ArabicNameSkeletons::skeletons(const std::string& folded) {
  auto it = cache_.find(folded);
  if (it != cache_.end()) return it->second;
  // Callers keep the returned reference only until their next call.
  if (cache_.size() >= kMaxCached) cache_.clear();
  std::vector<std::string> sk;
  auto add = [&](const std::string& w) {
    // Final ه is mostly teh marbuta (folded): not a consonant in names.
    std::string v = w;
    if (v.size() >= 2 && v.compare(v.size() - 2, 2, "ه") == 0) v.resize(v.size() - 2);
    if (v.empty()) return;
    std::string s = latin_skeleton(transliterate(v));
    if (s.size() < 2) return;
    for (const auto& e : sk) {
      if (e == s) return;
    }
    sk.push_back(std::move(s));
  };
  add(folded);
  // Proclitics (one of و ف ب ل ك), then the article ال.
  std::string w = folded;
  static const char* kClitics[] = {"و", "ف", "ب", "ل", "ك"};
  for (const char* c : kClitics) {
    if (starts_with(w, c) && w.size() > 6) {
      w = w.substr(2);
      add(w);
      break;
    }
  }
  if (starts_with(w, "ال") && w.size() > 6) {
    add(w.substr(4));
  } else if (starts_with(w, "ل") && w.size() > 6) {  // لل = ل + ال
    add(w.substr(2));
  }
  return cache_.emplace(folded, std::move(sk)).first->second;
}

}  // namespace muwazi::text
