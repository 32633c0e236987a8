#include <chrono>
#include <ctime>
#include <unordered_set>

#include "text/error.h"
#include "text/utf8.h"
#include "tm/codes.h"
#include "tm/keys.h"
#include "tm/lang.h"
#include "tm/schema.h"
#include "tm/sqlite_util.h"
#include "tm/tm.h"
#include "tm/word_index.h"

namespace muwazi::tm {
namespace {

std::string now_tmx_date() {
  std::time_t t = std::time(nullptr);
  std::tm g;
  gmtime_r(&t, &g);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &g);
  return buf;
}

std::string json_or_empty(const nlohmann::json& j) {
  if (j.is_null()) return "";
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

OnDuplicate parse_on_duplicate(const std::string& s) {
  if (s == "add") return OnDuplicate::kAdd;
  if (s == "keep") return OnDuplicate::kKeep;
  if (s == "overwrite") return OnDuplicate::kOverwrite;
  throw Error::Usage("--on-duplicate: expected add, keep or overwrite, got '" + s + "'");
}

struct WriteBatch::Impl {
  Impl(Tm& t, const Provenance& p, const WriteOptions& o)
      : tm(t), path(t.path()), prov(p), options(o), index(t.db(), path) {}

  Tm& tm;
  const std::string& path;
  Provenance prov;
  WriteOptions options;
  WordIndexWriter index;
  WriteStats stats;
  std::int64_t source_id = 0;
  bool open = false;
  Stmt ins_source;
  // stats.added + stats.overwritten when the current source started.
  std::int64_t changes_at_source_start = 0;

  // The current source is complete. When it brought no new unit and the same
  // file or document pair (kind, hashes, pair id) is recorded already, its
  // record goes: re-importing a file or re-adding a pair records nothing.
  void end_source() {
    if (source_id == 0) return;
    set_sha.bind(1, source_id).bind_or_null(2, prov.sha256);
    set_sha.exec();
    if (stats.added + stats.overwritten == changes_at_source_start && !prov.sha256.empty()) {
      same_source.bind(1, prov.kind).bind(2, prov.sha256).bind_or_null(3, prov.sha256_2).bind_or_null(4, prov.pair_id);
      same_source.bind(5, source_id);
      const bool recorded = same_source.step() && same_source.int64(0) > 0;
      same_source.reset();
      if (recorded) {
        del_source.bind(1, source_id);
        del_source.exec();
      }
    }
    source_id = 0;
  }
  // end_source()'s statements, prepared once a batch: a batch of document
  // pairs ends a source per pair, and preparing them each time cost the
  // writer a seventh of its time (perf, `muwazi batch --db` on news pairs).
  Stmt set_sha, same_source, del_source;
  std::string now = now_tmx_date();
  std::unordered_set<std::string> known_tags;
  Stmt find, del, ins, ins_context;

  void add_contexts(std::int64_t unit, const std::vector<Context>& contexts) {
    for (const Context& c : contexts) {
      ins_context.bind(1, unit).bind(2, to_sql(c.prev)).bind(3, to_sql(c.next));
      ins_context.exec();
    }
  }

  void check_tag(const std::string& tag) {
    if (known_tags.count(tag)) return;
    check_language_tag(tag, prov.name.empty() ? std::string("unit") : prov.name, false);
    known_tags.insert(tag);
  }
};

WriteBatch::WriteBatch(Tm& tm, const Provenance& provenance, const WriteOptions& options)
    : WriteBatch(tm, options) {
  start_source(provenance);  // on a throw, the destructor rolls back
}

void WriteBatch::start_source(const Provenance& provenance) {
  Impl& m = *impl_;
  if (!m.open) throw std::logic_error("WriteBatch::start_source after commit");
  m.end_source();
  m.prov = provenance;
  m.changes_at_source_start = m.stats.added + m.stats.overwritten;
  Stmt& src = m.ins_source;
  src.bind(1, provenance.kind).bind(2, provenance.name).bind_or_null(3, provenance.sha256);
  src.bind_or_null(4, provenance.name2).bind_or_null(5, provenance.sha256_2);
  src.bind(6, provenance.added_at.empty() ? m.now : provenance.added_at);
  src.bind_or_null(7, provenance.added_at.empty() ? m.options.user : provenance.added_by);
  src.bind_or_null(8, provenance.pair_id).bind_or_null(9, provenance.url).bind_or_null(10, provenance.url2);
  src.exec();
  m.source_id = sqlite3_last_insert_rowid(m.tm.db());
}

WriteBatch::WriteBatch(Tm& tm, const WriteOptions& options)
    : impl_(std::make_unique<Impl>(tm, Provenance{}, options)) {
  Impl& m = *impl_;
  sqlite3* db = tm.db();
  exec_sql(db, m.path, "BEGIN IMMEDIATE");
  m.open = true;
  try {
    if (options.rebuild_loose_indexes) exec_sql(db, m.path, kDropLooseIndexes);
    m.ins_source = Stmt(db, m.path,
                        "INSERT INTO sources(kind, name, sha256, name2, sha256_2, added_at, added_by, pair_id, url, "
                        "url2) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    m.set_sha = Stmt(db, m.path, "UPDATE sources SET sha256 = ?2 WHERE id = ?1");
    m.same_source = Stmt(db, m.path,
                         "SELECT count(*) FROM sources WHERE kind = ?1 AND sha256 = ?2 AND sha256_2 IS ?3 AND "
                         "pair_id IS ?4 AND id <> ?5");
    m.del_source = Stmt(db, m.path, "DELETE FROM sources WHERE id = ?1");
    m.find = Stmt(db, m.path,
                  "SELECT id, src_lang, tgt_lang, src_text, tgt_text, src_codes, tgt_codes FROM units WHERE src_hash "
                  "= ?1");
    m.ins_context = Stmt(db, m.path, "INSERT OR IGNORE INTO contexts(unit, prev, next) VALUES (?1, ?2, ?3)");
    m.del = Stmt(db, m.path, "DELETE FROM units WHERE id = ?1");
    m.ins = Stmt(db, m.path,
                 "INSERT INTO units(src_lang, tgt_lang, src_text, tgt_text, src_markup, tgt_markup, src_key, "
                 "tgt_key, src_loose, tgt_loose, src_hash, source_id, position, score, bead, src_sentences, "
                 "tgt_sentences, tuid, created_at, created_by, changed_at, changed_by, extra, reviewed, src_codes, "
                 "tgt_codes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
                 "?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)");
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    m.open = false;
    throw;
  }
}

WriteBatch::~WriteBatch() {
  if (impl_ && impl_->open) sqlite3_exec(impl_->tm.db(), "ROLLBACK", nullptr, nullptr, nullptr);
}

const WriteStats& WriteBatch::stats() const { return impl_->stats; }

void WriteBatch::set_sha256(const std::string& sha256) { impl_->prov.sha256 = sha256; }

namespace {

PreparedUnit prepare_unit_with(Unit u, std::string* src_match_key) {
  for (const Segment* seg : {&u.source, &u.target}) {
    std::size_t bad = text::find_invalid_utf8(seg->text);
    if (bad != text::kNpos) {
      throw Error::Input("unit " + std::to_string(u.position + 1) + ": invalid UTF-8 at byte " + std::to_string(bad));
    }
  }
  PreparedUnit p;
  p.src = src_match_key ? side_keys_of_key(std::move(*src_match_key)) : side_keys(u.source.text);
  p.tgt = side_keys(u.target.text);
  p.source_identity = source_identity(u.source.lang, u.target.lang, u.source.text);
  p.src_markup = json_or_empty(u.source.markup);
  p.tgt_markup = json_or_empty(u.target.markup);
  p.extra = json_or_empty(u.extra);
  p.src_codes = code_signature(u.source.markup);
  p.tgt_codes = code_signature(u.target.markup);
  p.unit = std::move(u);
  return p;
}

}  // namespace

PreparedUnit prepare_unit(Unit u) { return prepare_unit_with(std::move(u), nullptr); }

PreparedUnit prepare_unit(Unit u, std::string src_match_key) {
  return prepare_unit_with(std::move(u), &src_match_key);
}

void WriteBatch::add(const Unit& u) { add(prepare_unit(u)); }

void WriteBatch::add(PreparedUnit&& p) {
  Impl& m = *impl_;
  const Unit& u = p.unit;
  if (!m.open) throw std::logic_error("WriteBatch::add after commit");
  if (m.source_id == 0) throw std::logic_error("WriteBatch::add before start_source");
  m.check_tag(u.source.lang);
  m.check_tag(u.target.lang);
  const std::string src_lc = lower_tag(u.source.lang), tgt_lc = lower_tag(u.target.lang);
  std::uint64_t ident = p.source_identity;
  // Same language pair and source (text and codes) already stored?
  std::vector<std::int64_t> same_source;
  m.find.bind(1, to_sql(ident));
  std::int64_t identical = 0;
  while (m.find.step()) {
    if (lower_tag(m.find.text(1)) != src_lc || lower_tag(m.find.text(2)) != tgt_lc || m.find.text(3) != u.source.text)
      continue;  // hash collision
    if (m.find.text(5) != p.src_codes) continue;  // the same text with other codes: another segment
    if (m.find.text(4) == u.target.text && m.find.text(6) == p.tgt_codes) identical = m.find.int64(0);
    same_source.push_back(m.find.int64(0));
  }
  m.find.reset();
  if (identical != 0) {
    // Met again: in the same place (nothing new) or in another context.
    m.add_contexts(identical, u.contexts);
    ++m.stats.identical;
    return;
  }
  if (!same_source.empty()) {
    if (m.options.on_duplicate == OnDuplicate::kKeep) {
      ++m.stats.kept;
      return;
    }
    if (m.options.on_duplicate == OnDuplicate::kOverwrite) {
      for (std::int64_t id : same_source) {
        m.del.bind(1, id);
        m.del.exec();
        ++m.stats.overwritten;
      }
    }
  }
  const SideKeys& sk = p.src;
  const SideKeys& tk = p.tgt;
  Stmt& s = m.ins;
  // The unit outlives exec(): bind its texts without copying them.
  s.bind_static(1, u.source.lang).bind_static(2, u.target.lang);
  s.bind_static(3, u.source.text).bind_static(4, u.target.text);
  s.bind_or_null(5, p.src_markup).bind_or_null(6, p.tgt_markup);
  s.bind_static(7, sk.key).bind_static(8, tk.key);
  s.bind(9, to_sql(sk.loose)).bind(10, to_sql(tk.loose)).bind(11, to_sql(ident));
  s.bind(12, m.source_id);
  if (u.position >= 0) s.bind(13, u.position);
  if (u.score >= 0) s.bind(14, u.score);
  s.bind_or_null(15, u.bead).bind_or_null(16, u.src_sentences).bind_or_null(17, u.tgt_sentences);
  s.bind_or_null(18, u.tuid);
  s.bind(19, u.created_at.empty() ? m.now : u.created_at);
  s.bind_or_null(20, u.created_by.empty() ? m.options.user : u.created_by);
  s.bind_or_null(21, u.changed_at).bind_or_null(22, u.changed_by);
  s.bind_or_null(23, p.extra);
  if (u.reviewed) s.bind(24, std::int64_t{1});
  s.bind_or_null(25, p.src_codes).bind_or_null(26, p.tgt_codes);
  s.exec();
  std::int64_t id = sqlite3_last_insert_rowid(m.tm.db());
  m.add_contexts(id, u.contexts);
  m.index.add(make_posting(id, 0, sk.tokens.size()), sk.tokens);
  m.index.add(make_posting(id, 1, tk.tokens.size()), tk.tokens);
  ++m.stats.added;
  if (m.index.pending_docs() >= 2 * m.options.flush_every) m.index.flush();
}

WriteStats WriteBatch::commit() {
  Impl& m = *impl_;
  if (!m.open) throw std::logic_error("WriteBatch::commit twice");
  sqlite3* db = m.tm.db();
  try {
    m.index.flush();
    m.end_source();
    if (m.options.rebuild_loose_indexes) exec_sql(db, m.path, kCreateLooseIndexes);
    m.find = Stmt();
    m.del = Stmt();
    m.ins = Stmt();
    m.ins_context = Stmt();
    m.ins_source = Stmt();
    m.set_sha = Stmt();
    m.same_source = Stmt();
    m.del_source = Stmt();
    exec_sql(db, m.path, "COMMIT");
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    m.open = false;
    throw;
  }
  m.open = false;
  return m.stats;
}

}  // namespace muwazi::tm
