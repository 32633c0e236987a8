#include "tm/concordance.h"

#include <algorithm>

#include "text/error.h"
#include "text/match_key.h"
#include "text/utf8.h"
#include "tm/keys.h"
#include "tm/lang.h"
#include "tm/sqlite_util.h"
#include "tm/word_index.h"

namespace muwazi::tm {

std::vector<std::pair<std::size_t, std::size_t>> find_in_original(std::string_view original, std::string_view key_phrase) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  if (key_phrase.empty()) return out;
  text::MatchKey mk = text::match_key_with_offsets(original);
  std::size_t pos = 0;
  while ((pos = mk.key.find(key_phrase, pos)) != std::string::npos) {
    out.push_back(mk.original_range(pos, pos + key_phrase.size()));
    pos += key_phrase.size();
  }
  return out;
}

std::vector<ConcordanceHit> concordance(const Tm& tm, std::string_view phrase, const ConcordanceOptions& o) {
  if (text::find_invalid_utf8(phrase) != text::kNpos) throw Error::Input("phrase: invalid UTF-8");
  const std::string key = text::match_key(phrase);
  std::vector<text::KeyToken> toks = text::match_key_tokens(key);
  if (toks.empty()) throw Error::Usage("empty phrase: it has no letters or digits");
  std::vector<ConcordanceHit> hits;
  auto consider = [&](std::int64_t id, std::string_view sl, std::string_view tl, std::string_view st,
                      std::string_view tt, std::string_view sk, std::string_view tk) {
    bool in_src = sk.find(key) != std::string_view::npos && lang_matches(o.lang, sl);
    bool in_tgt = tk.find(key) != std::string_view::npos && lang_matches(o.lang, tl);
    if (!in_src && !in_tgt) return;
    ConcordanceHit h;
    h.id = id;
    h.source = st;
    h.target = tt;
    h.src_lang = sl;
    h.tgt_lang = tl;
    if (in_src) h.source_hits = find_in_original(st, key);
    if (in_tgt) h.target_hits = find_in_original(tt, key);
    hits.push_back(std::move(h));
  };
  // Interior words (not first, not last) occur whole in every hit.
  std::uint64_t best_term = 0;
  std::int64_t best_df = -1;
  if (toks.size() >= 3) {
    WordIndexReader idx(tm.db(), tm.path());
    for (std::size_t i = 1; i + 1 < toks.size(); ++i) {
      std::uint64_t t = hash64(std::string_view(key).substr(toks[i].begin, toks[i].end - toks[i].begin));
      std::int64_t df = idx.doc_frequency(t);
      if (best_df < 0 || df < best_df) {
        best_df = df;
        best_term = t;
      }
    }
    if (best_df >= 0) {
      std::vector<std::uint64_t> docs;
      idx.postings(best_term, docs);
      std::vector<std::int64_t> ids;
      for (std::uint64_t d : docs) ids.push_back(posting_unit(d));
      std::sort(ids.begin(), ids.end(), std::greater<>());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      Stmt s(tm.db(), tm.path(),
             "SELECT id, src_lang, tgt_lang, src_text, tgt_text, src_key, tgt_key FROM units WHERE id = ?1");
      for (std::int64_t id : ids) {
        if (static_cast<int>(hits.size()) >= o.limit) break;
        s.bind(1, id);
        if (s.step()) consider(s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6));
        s.reset();
      }
      return hits;
    }
  }
  Stmt s(tm.db(), tm.path(),
         "SELECT id, src_lang, tgt_lang, src_text, tgt_text, src_key, tgt_key FROM units "
         "WHERE instr(src_key, ?1) > 0 OR instr(tgt_key, ?1) > 0 ORDER BY id DESC");
  s.bind(1, key);
  while (static_cast<int>(hits.size()) < o.limit && s.step()) {
    consider(s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6));
  }
  return hits;
}

}  // namespace muwazi::tm
