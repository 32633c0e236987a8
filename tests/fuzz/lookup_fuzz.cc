// Fuzzes lookup and concordance queries against a small TM built once (the
// first 300 units of the bundled TICO-19 TMX, plus a few hand-made Arabic
// spelling variants). Differential check: with the candidate and posting
// caps lifted, the indexed lookup must return exactly what scoring every
// segment (lookup_exhaustive) returns (tm/lookup.h: the caps are the only
// approximation).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "tests/fuzz/fuzz_util.h"
#include "text/error.h"
#include "tm/concordance.h"
#include "tm/lookup.h"
#include "tm/tmx_reader.h"

using muwazi::fuzz::check;
namespace mtm = muwazi::tm;

namespace {

mtm::Unit unit(const std::string& ar, const std::string& en) {
  mtm::Unit u;
  u.source = {"ar", ar, nullptr};
  u.target = {"en", en, nullptr};
  return u;
}

mtm::Tm& small_tm() {
  static std::unique_ptr<mtm::Tm> store = [] {
    const std::string db = muwazi::fuzz::scratch_dir() + "/lookup.db";
    auto t = std::make_unique<mtm::Tm>(mtm::Tm::open(db, {.create = true}));
    mtm::WriteBatch batch(*t, {.kind = "tmx", .name = "seed"}, {});
    int n = 0;
    try {
      mtm::read_tmx(MUWAZI_TEST_DATA "/tmx/tico19-all.en-ar.tmx", {}, [&](mtm::Unit&& u) {
        if (n++ < 300) batch.add(u);
      });
    } catch (const muwazi::Error&) {
      // The bundled file is missing (a copied binary): the hand-made units suffice.
    }
    batch.add(unit("ذهب الولد إلى المدرسة", "The boy went to school"));
    batch.add(unit("ذَهَبَ الوَلَدُ إلى المَدرَسةِ", "The boy went to school."));
    batch.add(unit("ذهب الولد الى المدرسه", "The boy went to the school"));
    batch.add(unit("في عام ٢٠٢٠ انتشر الفيروس", "In 2020 the virus spread"));
    batch.add(unit("في عام 2020 انتشر الفيروس", "In 2020, the virus spread"));
    batch.add(unit("مدرســة", "school (tatweel)"));
    batch.commit();
    return t;
  }();
  return *store;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static mtm::Lookup lookup(small_tm());
  const std::uint8_t flags = data[0];
  std::string_view query(reinterpret_cast<const char*>(data + 1), size - 1);
  static const char* const kLangs[] = {"", "ar", "en", "ar-SA"};
  mtm::LookupOptions o;
  o.src_lang = kLangs[flags & 3];
  o.tgt_lang = kLangs[(flags >> 2) & 3];
  // From 1: at 0 the exhaustive scan reports every segment with score 0,
  // which no index can (and no user wants).
  o.min_score = 1 + (flags >> 4) * 7;  // 1 .. 106
  o.limit = 1000;
  o.max_candidates = 1 << 30;
  o.max_postings = static_cast<std::size_t>(1) << 40;
  std::vector<mtm::Match> fast, slow;
  try {
    fast = lookup.lookup(query, o);
  } catch (const muwazi::Error& e) {
    check(e.kind() == muwazi::ErrorKind::kUsage || e.kind() == muwazi::ErrorKind::kInput,
          "lookup refuses a query with a usage/input error");
    return 0;
  }
  slow = lookup.lookup_exhaustive(query, o);
  for (const mtm::Match& m : fast) check(m.score >= o.min_score && m.score <= 100, "score in [min_score, 100]");
  bool same = fast.size() == slow.size();
  for (std::size_t i = 0; same && i < fast.size(); ++i) {
    same = fast[i].id == slow[i].id && fast[i].reversed == slow[i].reversed && fast[i].score == slow[i].score;
  }
  if (!same) {
    std::fprintf(stderr, "lookup: %zu matches, exhaustive: %zu\n", fast.size(), slow.size());
    for (const auto& m : fast) std::fprintf(stderr, "  fast %lld %d %.3f\n", (long long)m.id, m.reversed, m.score);
    for (const auto& m : slow) std::fprintf(stderr, "  slow %lld %d %.3f\n", (long long)m.id, m.reversed, m.score);
    check(false, "uncapped lookup == lookup_exhaustive");
  }

  try {
    for (const mtm::ConcordanceHit& h : mtm::concordance(small_tm(), query, {.lang = o.src_lang, .limit = 20})) {
      for (auto [b, e] : h.source_hits) check(b <= e && e <= h.source.size(), "source hit inside the text");
      for (auto [b, e] : h.target_hits) check(b <= e && e <= h.target.size(), "target hit inside the text");
    }
  } catch (const muwazi::Error& e) {
    check(e.kind() == muwazi::ErrorKind::kUsage || e.kind() == muwazi::ErrorKind::kInput,
          "concordance refuses a phrase with a usage/input error");
  }
  return 0;
}
