#include "align/features.h"

#include <algorithm>
#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "text/numbers.h"
#include "text/tokenize.h"
#include "text/translit.h"
#include "text/utf8.h"

namespace muwazi::align {

namespace {

bool arabic_script_lang(const std::string& lang) {
  return lang == "ar" || lang == "fa" || lang == "ur" || lang == "ps" || lang == "ckb" || lang == "ug";
}

// Languages written in Latin script (the ones we are likely to meet).
bool latin_script_lang(const std::string& lang) {
  static const char* kLatin[] = {"en", "de", "fr", "es", "it", "pt", "nl", "tr", "id", "ms", "pl", "cs",
                                 "sv", "da", "no", "nb", "fi", "ro", "hu", "sw", "so", "ha", "vi",
                                 "tl", "ca", "hr", "sl", "sk", "lt", "lv", "et", "sq", "eu", "gl"};
  for (const char* l : kLatin) {
    if (lang == l) return true;
  }
  return false;
}

// English function words that are capitalized at the start of a sentence or
// in titles; never names.
bool english_stopword(const std::string& w) {
  static const std::unordered_set<std::string> kStop = {
      "the", "a", "an", "and", "but", "or", "if", "in", "on", "at", "of", "for", "to", "from", "by",
      "with", "as", "he", "she", "it", "we", "they", "i", "you", "his", "her", "its", "our", "their",
      "this", "that", "these", "those", "there", "here", "what", "when", "where", "who", "why", "how",
      "after", "before", "while", "since", "however", "also", "not", "no", "yes", "all", "some",
      "many", "more", "most", "one", "two", "mr", "mrs", "ms", "dr", "said", "says", "is", "was",
      "are", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could", "may",
      "then", "so", "than", "about", "over", "under", "into", "during", "because", "although",
      "though", "yet", "now", "today", "last", "first", "new", "my", "your", "him", "them", "us",
      "me", "do", "does", "did", "o", "ye", "thou", "thee", "thy", "verily", "indeed", "say",
      "let", "article", "chapter", "section", "law", "god", "allah", "lord", "monday", "tuesday",
      "wednesday", "thursday", "friday", "saturday", "sunday"};
  return kStop.count(w) > 0;
}

// Shorter consonant skeletons collide by chance too often to be evidence.
constexpr std::size_t kMinNameSkeleton = 3;

// "c" + word without the operator+ temporary (GCC 12 warns -Wrestrict on it).
std::string tagged(char tag, std::string_view s) {
  std::string out;
  out.reserve(s.size() + 1);
  out.push_back(tag);
  out.append(s);
  return out;
}

std::uint32_t make_item(AnchorKind kind, std::uint32_t id) {
  return (static_cast<std::uint32_t>(kind) << kKindShift) | (id & ((1u << kKindShift) - 1));
}

std::uint64_t bloom_bit(std::uint32_t item) {
  std::uint64_t h = item * 0x9E3779B97F4A7C15ULL;
  return 1ULL << (h >> 58);
}

class Interner {
 public:
  std::uint32_t id(const std::string& s) {
    return map_.emplace(s, static_cast<std::uint32_t>(map_.size())).first->second;
  }
  // Ids are 0 .. size() - 1.
  std::size_t size() const { return map_.size(); }
  std::uint32_t find(const std::string& s) const {
    auto it = map_.find(s);
    return it == map_.end() ? UINT32_MAX : it->second;
  }

 private:
  std::unordered_map<std::string, std::uint32_t> map_;
};

void count_punct(std::string_view s, std::array<std::uint8_t, kNumPunct>& p) {
  auto bump = [&](PunctClass c) {
    if (p[c] < 255) ++p[c];
  };
  int straight_quotes = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = text::next_cp(s, i);
    switch (cp) {
      case '?': case 0x061F: bump(kQuestion); break;
      case '!': bump(kExclaim); break;
      case '"': ++straight_quotes; break;
      case 0x201C: case 0x00AB: case 0x201E: case 0x2039: bump(kQuote); break;  // opening quotes
      case '(': case '[': case 0xFD3E: case 0xFD3F: bump(kBracket); break;
      case ':': bump(kColon); break;
      default: break;
    }
  }
  for (int k = 0; k < straight_quotes / 2 + straight_quotes % 2; ++k) bump(kQuote);
}

}  // namespace

// The form under which words enter the lexicon: Arabic without the article
// (with a proclitic before it: وال بال ...) and then without one proclitic
// (و ف ب ل ك); Latin truncated to 5 letters, a crude stemmer that merges
// inflections (governments -> gover). The proclitic is stripped after the
// article so that X, الX and والX share a key even when X itself starts
// with one of those letters (كتاب, الكتاب, والكتاب -> تاب): a dictionary
// lists bare forms, text has them with the article.
std::string lexicon_key(const text::Token& t) {
  std::string w = t.text;
  if (t.script == text::Script::kArabic) {
    // One proclitic (2 bytes in UTF-8) off `w` if it starts with one and
    // more than `min_rest` bytes remain.
    auto strip_proclitic = [&w](std::size_t min_rest) {
      static const char* kClitics[] = {"و", "ف", "ب", "ل", "ك"};
      for (const char* c : kClitics) {
        if (w.rfind(c, 0) == 0 && w.size() > 2 + min_rest) {
          w.erase(0, 2);
          return;
        }
      }
    };
    if (w.size() > 10 && w.compare(2, 4, "ال") == 0) strip_proclitic(8);  // وال بال ...: the clitic before the article
    if (w.rfind("ال", 0) == 0 && w.size() > 6) w.erase(0, 4);
    strip_proclitic(4);
    return w;
  }
  if (t.script == text::Script::kLatin && w.size() > 5 && (static_cast<unsigned char>(w[5]) & 0xC0) != 0x80) {
    w.resize(5);
  }
  return w;
}

std::string lexicon_key_of(const std::string& word) {
  auto toks = text::tokenize(word);
  return toks.empty() ? std::string() : lexicon_key(toks[0]);
}

struct FeatureExtractor::Raw {
  float len = 0;
  std::array<std::uint8_t, kNumPunct> punct{};
  bool para_start = false;
  std::vector<std::uint32_t> items;  // numbers, verbatim, cognates, Latin-side names (unfiltered)
  std::vector<std::vector<std::uint32_t>> name_groups;  // Arabic side: skeleton ids per token
};

FeatureExtractor::~FeatureExtractor() = default;

FeatureExtractor::FeatureExtractor(const Document& src, const Document& tgt, const AlignOptions& options)
    : use_anchors_(options.use_anchors) {
  const bool src_ar = arabic_script_lang(src.lang), tgt_ar = arabic_script_lang(tgt.lang);
  // Names are matched across scripts: Arabic script on one side, Latin on the other.
  const bool src_lat = latin_script_lang(src.lang), tgt_lat = latin_script_lang(tgt.lang);
  const bool same_latin = src_lat && tgt_lat;
  const bool cross_names = (src_ar && tgt_lat) || (src_lat && tgt_ar);
  Interner interner;
  Interner src_words, tgt_words;
  // One per thread, built once (ICU's transliterator costs more to clone and
  // free than aligning a short article); its cache carries across documents.
  text::ArabicNameSkeletons* skeletons =
      options.use_anchors && cross_names ? &text::ArabicNameSkeletons::for_this_thread() : nullptr;
  src_name_keys_ = cross_names && src_ar;
  tgt_name_keys_ = cross_names && tgt_ar;
  src_verbatim_keys_ = src_lat && !tgt_lat;
  tgt_verbatim_keys_ = tgt_lat && !src_lat;

  // What a word token contributes depends only on its text and whether it
  // is capitalized: computed once per distinct token and side (a document
  // repeats its words; this was most of the extraction time).
  struct TokenInfo {
    std::uint32_t word = 0;                  // lexicon word id
    std::array<std::uint32_t, 2> items{};   // cognate/verbatim and name items
    int n_items = 0;
    std::vector<std::uint32_t> name_group;  // Arabic side: skeleton items
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view v) const { return std::hash<std::string_view>{}(v); }
  };
  using TokenCache = std::unordered_map<std::string, TokenInfo, Hash, std::equal_to<>>;
  auto process = [&](const Document& doc, bool is_src, std::vector<Raw>& raws,
                     std::vector<std::vector<std::uint32_t>>& word_ids, Interner& words) {
    const bool latin_side = is_src ? src_lat : tgt_lat;
    const bool arabic_side = is_src ? src_ar : tgt_ar;
    std::array<TokenCache, 2> cache;  // by capitalized
    auto info_of = [&](const text::Token& t) -> const TokenInfo& {
      TokenCache& c = cache[t.capitalized ? 1 : 0];
      auto found = c.find(std::string_view(t.text));
      if (found != c.end()) return found->second;
      TokenInfo info;
      info.word = words.id(lexicon_key(t));
      if (options.use_anchors) {
        if (t.script == text::Script::kLatin) {
          if (same_latin) {
            if (t.text.size() >= 4) {
              info.items[info.n_items++] =
                  make_item(kCognate, interner.id(tagged('c', std::string_view(t.text).substr(0, 4))));
            }
          } else if (t.text.size() >= 2) {
            // Latin token inside non-Latin text ("NATO" in Arabic) and its
            // verbatim counterpart on the Latin side.
            info.items[info.n_items++] = make_item(kVerbatim, interner.id(tagged('v', t.text)));
          }
          if (cross_names && latin_side && t.capitalized && !english_stopword(t.text)) {
            std::string sk = text::latin_skeleton(t.text);
            if (sk.size() >= kMinNameSkeleton) info.items[info.n_items++] = make_item(kName, interner.id(tagged('n', sk)));
          }
        } else if (t.script == text::Script::kArabic && arabic_side && skeletons && text::cp_count(t.text) >= 3) {
          for (const auto& sk : skeletons->skeletons(t.text)) {
            info.name_group.push_back(make_item(kName, interner.id(tagged('n', sk))));
          }
        }
      }
      return c.emplace(t.text, std::move(info)).first->second;
    };
    raws.resize(doc.sentences.size());
    word_ids.resize(doc.sentences.size());
    for (std::size_t k = 0; k < doc.sentences.size(); ++k) {
      const std::string& s = doc.sentences[k];
      Raw& r = raws[k];
      r.len = static_cast<float>(text::length_units(s));
      r.para_start = k < doc.paragraph_start.size() && doc.paragraph_start[k];
      auto tokens = text::tokenize(s);
      std::vector<const TokenInfo*> infos;
      infos.reserve(tokens.size());
      for (const auto& t : tokens) {
        if (t.script == text::Script::kDigit) continue;
        const TokenInfo& info = info_of(t);
        word_ids[k].push_back(info.word);
        infos.push_back(&info);
      }
      if (!options.use_anchors) continue;
      count_punct(s, r.punct);
      for (const auto& n : text::extract_numbers(s, tokens, doc.lang)) {
        r.items.push_back(make_item(kNumber, interner.id(tagged('#', n))));
      }
      for (const TokenInfo* info : infos) {
        for (int x = 0; x < info->n_items; ++x) r.items.push_back(info->items[x]);
        if (!info->name_group.empty()) r.name_groups.push_back(info->name_group);
      }
    }
  };
  process(src, true, src_raw_, words_.src, src_words);
  process(tgt, false, tgt_raw_, words_.tgt, tgt_words);
  if (options.dictionary && options.use_anchors) {
    for (const auto& [s, t] : *options.dictionary) {
      std::uint32_t a = src_words.find(lexicon_key_of(s)), b = tgt_words.find(lexicon_key_of(t));
      if (a != UINT32_MAX && b != UINT32_MAX) dictionary_pairs_.emplace_back(a, b);
    }
  }
  words_.src_vocab_size = src_words.size();
  words_.tgt_vocab_size = tgt_words.size();
}

FeatureExtractor::FeatureExtractor(const FeatureExtractor& whole, int i0, int i1, int j0, int j1)
    : src_raw_(whole.src_raw_.begin() + i0, whole.src_raw_.begin() + i1),
      tgt_raw_(whole.tgt_raw_.begin() + j0, whole.tgt_raw_.begin() + j1),
      dictionary_pairs_(whole.dictionary_pairs_),
      use_anchors_(whole.use_anchors_),
      src_name_keys_(whole.src_name_keys_),
      tgt_name_keys_(whole.tgt_name_keys_),
      src_verbatim_keys_(whole.src_verbatim_keys_),
      tgt_verbatim_keys_(whole.tgt_verbatim_keys_) {
  words_.src.assign(whole.words_.src.begin() + i0, whole.words_.src.begin() + i1);
  words_.tgt.assign(whole.words_.tgt.begin() + j0, whole.words_.tgt.begin() + j1);
  words_.src_vocab_size = whole.words_.src_vocab_size;
  words_.tgt_vocab_size = whole.words_.tgt_vocab_size;
}

DocumentFeatures FeatureExtractor::build(const WordPairs* lexicon) const {
  DocumentFeatures out;
  out.src.resize(src_raw_.size());
  out.tgt.resize(tgt_raw_.size());
  auto base = [](const Raw& r, SentenceFeatures& f) {
    f.len = r.len;
    f.punct = r.punct;
    f.para_start = r.para_start;
  };
  out.src_names_are_keys = src_name_keys_;
  out.tgt_names_are_keys = tgt_name_keys_;
  out.src_verbatim_are_keys = src_verbatim_keys_;
  out.tgt_verbatim_are_keys = tgt_verbatim_keys_;
  for (std::size_t i = 0; i < src_raw_.size(); ++i) base(src_raw_[i], out.src[i]);
  for (std::size_t j = 0; j < tgt_raw_.size(); ++j) base(tgt_raw_[j], out.tgt[j]);
  if (!use_anchors_) return out;

  // Items present anywhere on each side (for filtering).
  std::unordered_set<std::uint32_t> src_all, tgt_all;
  for (const auto& r : src_raw_) {
    src_all.insert(r.items.begin(), r.items.end());
    for (const auto& g : r.name_groups) src_all.insert(g.begin(), g.end());
  }
  for (const auto& r : tgt_raw_) {
    tgt_all.insert(r.items.begin(), r.items.end());
    for (const auto& g : r.name_groups) tgt_all.insert(g.begin(), g.end());
  }
  auto fill = [](const std::vector<Raw>& raws, const std::unordered_set<std::uint32_t>& other,
                 std::vector<SentenceFeatures>& feats) {
    for (std::size_t k = 0; k < raws.size(); ++k) {
      auto& items = feats[k].items;
      for (auto it : raws[k].items) {
        if (other.count(it)) items.push_back(it);
      }
      for (const auto& g : raws[k].name_groups) {
        for (auto it : g) {
          if (other.count(it)) {
            items.push_back(it);
            break;
          }
        }
      }
    }
  };
  fill(src_raw_, tgt_all, out.src);
  fill(tgt_raw_, src_all, out.tgt);

  // Lexicon concepts: pair k links src word a and tgt word b.
  auto add_pairs = [&](const WordPairs& pairs, std::uint32_t id_base) {
    std::unordered_multimap<std::uint32_t, std::uint32_t> by_src, by_tgt;
    for (std::uint32_t k = 0; k < pairs.size(); ++k) {
      by_src.emplace(pairs[k].first, id_base + k);
      by_tgt.emplace(pairs[k].second, id_base + k);
    }
    auto add = [](const std::vector<std::vector<std::uint32_t>>& words,
                  const std::unordered_multimap<std::uint32_t, std::uint32_t>& by,
                  std::vector<SentenceFeatures>& feats) {
      for (std::size_t k = 0; k < words.size(); ++k) {
        std::vector<std::uint32_t> concepts;
        for (auto w : words[k]) {
          auto [b, e] = by.equal_range(w);
          for (auto it = b; it != e; ++it) concepts.push_back(make_item(kLexicon, it->second));
        }
        std::sort(concepts.begin(), concepts.end());
        concepts.erase(std::unique(concepts.begin(), concepts.end()), concepts.end());
        feats[k].items.insert(feats[k].items.end(), concepts.begin(), concepts.end());
      }
    };
    add(words_.src, by_src, out.src);
    add(words_.tgt, by_tgt, out.tgt);
  };
  add_pairs(dictionary_pairs_, 0);
  if (lexicon) add_pairs(*lexicon, static_cast<std::uint32_t>(dictionary_pairs_.size()));

  for (auto& f : out.src) finish_items(f);
  for (auto& f : out.tgt) finish_items(f);
  return out;
}

double FeatureExtractor::evidence_items() const {
  auto count = [](const std::vector<Raw>& raws, bool names_are_keys, bool verbatim_are_keys) {
    double n = 0;
    for (const Raw& r : raws) {
      for (auto it : r.items) {
        const AnchorKind k = kind_of(it);
        n += (k == kName && names_are_keys) || (k == kVerbatim && verbatim_are_keys) ? 0 : 1;
      }
      if (!names_are_keys) n += static_cast<double>(r.name_groups.size());
    }
    return n;
  };
  return count(src_raw_, src_name_keys_, src_verbatim_keys_) + count(tgt_raw_, tgt_name_keys_, tgt_verbatim_keys_);
}

void finish_items(SentenceFeatures& f) {
  std::sort(f.items.begin(), f.items.end());
  f.signature = 0;
  for (auto it : f.items) f.signature |= bloom_bit(it);
}

}  // namespace muwazi::align
