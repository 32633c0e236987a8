#include "corpus/pair.h"

#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "align/document_io.h"
#include "text/error.h"
#include "text/input.h"
#include "text/match_key.h"
#include "tm/keys.h"
#include "tm/lang.h"
#include "tm/sha256.h"

namespace muwazi::corpus {

namespace {

std::string primary(const std::string& tag) { return tm::lower_tag(tag.substr(0, tag.find_first_of("-_"))); }

std::string join_sentences(const align::Document& d, const std::vector<int>& ids) {
  std::string out;
  for (int i : ids) {
    if (i < 0 || static_cast<std::size_t>(i) >= d.sentences.size()) throw std::logic_error("bead id out of range");
    if (!out.empty()) out += ' ';
    out += d.sentences[static_cast<std::size_t>(i)];
  }
  return out;
}

std::string id_list(const std::vector<int>& ids) {
  std::string out;
  for (int i : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(i);
  }
  return out;
}

}  // namespace

PairTexts read_pair(const PairSpec& spec, const PairOptions& options) {
  PairTexts t;
  t.src_lang = spec.src_lang.empty() ? options.src_lang : spec.src_lang;
  t.tgt_lang = spec.tgt_lang.empty() ? options.tgt_lang : spec.tgt_lang;
  t.presplit = spec.presplit.value_or(options.presplit);
  tm::check_language_tag(t.src_lang, spec.where + ": src_lang", false);
  tm::check_language_tag(t.tgt_lang, spec.where + ": tgt_lang", false);
  if (spec.inline_text) {
    t.src_name = spec.src_url.empty() ? spec.where + " src" : spec.src_url;
    t.tgt_name = spec.tgt_url.empty() ? spec.where + " tgt" : spec.tgt_url;
    t.src_sha256 = tm::sha256_hex(spec.src_text);
    t.tgt_sha256 = tm::sha256_hex(spec.tgt_text);
    t.src_clean = text::clean_text(spec.src_text, spec.where + ": \"src\"");
    t.tgt_clean = text::clean_text(spec.tgt_text, spec.where + ": \"tgt\"");
    return t;
  }
  t.src_name = spec.src_path;
  t.tgt_name = spec.tgt_path;
  for (auto [path, sha, clean] : {std::tuple{&spec.src_path, &t.src_sha256, &t.src_clean},
                                  std::tuple{&spec.tgt_path, &t.tgt_sha256, &t.tgt_clean}}) {
    const std::string bytes = text::read_file_bytes(*path);
    *sha = tm::sha256_hex(bytes);
    *clean = text::clean_text(bytes, *path);
  }
  return t;
}

AlignedPair align_pair(const PairTexts& t, const PairOptions& options) {
  AlignedPair p;
  p.src = align::make_document(t.src_clean, primary(t.src_lang), t.presplit);
  p.tgt = align::make_document(t.tgt_clean, primary(t.tgt_lang), t.presplit);
  if (options.refuse_empty_side && (p.src.sentences.empty() || p.tgt.sentences.empty())) {
    throw Error::Input((p.src.sentences.empty() ? t.src_name : t.tgt_name) + ": no sentence (an empty side)");
  }
  p.beads = align::align_documents(p.src, p.tgt, options.align, &p.verdict);
  // (An empty side that is kept stores nothing anyway.)
  if (options.min_pair_score > 0 && !p.src.sentences.empty() && !p.tgt.sentences.empty() &&
      p.verdict.score < options.min_pair_score) {
    char th[32];
    std::snprintf(th, sizeof th, "%g", options.min_pair_score);
    throw Error::Input(t.src_name + " + " + t.tgt_name + ": not a translation pair (" + p.verdict.reason +
                       "; below --min-pair-score " + th + ")");
  }
  return p;
}

PairUnits units_of(const PairSpec& spec, const PairTexts& t, const AlignedPair& pair, double min_score) {
  PairUnits out;
  tm::Provenance& prov = out.provenance;
  prov = tm::Provenance::file("docpair", t.src_name);
  prov.sha256 = t.src_sha256;
  prov.name2 = t.tgt_name;
  prov.sha256_2 = t.tgt_sha256;
  prov.pair_id = spec.id;
  prov.url = spec.src_url;
  prov.url2 = spec.tgt_url;
  // Each source sentence's match key, computed once: it is the key of a
  // unit of that one sentence and the context of the units on either side
  // (three match keys a sentence before; the context hashes alone were 4%
  // of a worker's instructions on news pairs, callgrind).
  std::vector<std::optional<std::string>> keys(pair.src.sentences.size());
  auto key_of = [&](std::size_t i) -> const std::string& {
    if (!keys[i]) keys[i] = text::match_key(pair.src.sentences[i]);
    return *keys[i];
  };
  const std::uint64_t edge = tm::context_hash(std::string_view());
  for (std::size_t b = 0; b < pair.beads.size(); ++b) {
    const align::Bead& bead = pair.beads[b];
    if (bead.src.empty() || bead.tgt.empty()) {
      ++out.omissions;
      continue;
    }
    if (bead.score >= 0 && bead.score < min_score) {
      ++out.below_min_score;
      continue;
    }
    tm::Unit u;
    u.source = tm::Segment{t.src_lang, join_sentences(pair.src, bead.src), nullptr};
    u.target = tm::Segment{t.tgt_lang, join_sentences(pair.tgt, bead.tgt), nullptr};
    u.position = static_cast<std::int64_t>(b);
    u.score = bead.score;
    u.bead = std::to_string(bead.src.size()) + "-" + std::to_string(bead.tgt.size());
    u.src_sentences = id_list(bead.src);
    u.tgt_sentences = id_list(bead.tgt);
    // The unit's context: the source sentences just before and after its
    // own in the document ("" at either end), as a translator's editor
    // sees the segments around the one being translated.
    const int first = bead.src.front(), last = bead.src.back();
    const bool has_next = static_cast<std::size_t>(last) + 1 < pair.src.sentences.size();
    u.contexts.push_back({first > 0 ? tm::context_hash_of_key(key_of(static_cast<std::size_t>(first) - 1)) : edge,
                          has_next ? tm::context_hash_of_key(key_of(static_cast<std::size_t>(last) + 1)) : edge});
    if (bead.src.size() == 1) {
      out.units.push_back(tm::prepare_unit(std::move(u), key_of(static_cast<std::size_t>(first))));
    } else {
      out.units.push_back(tm::prepare_unit(std::move(u)));
    }
  }
  return out;
}

}  // namespace muwazi::corpus
