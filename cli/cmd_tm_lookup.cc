// `muwazi tm lookup`, `muwazi tm concordance` and `muwazi tm stats`.
#include <cstdio>
#include <iostream>

#include "cli/tm_common.h"
#include "text/error.h"
#include "text/input.h"
#include "text/utf8.h"
#include "tm/concordance.h"
#include "tm/json.h"
#include "tm/lookup.h"
#include "tm/stats.h"
#include "tm/tmx_reader.h"

namespace muwazi::cli {
namespace {

constexpr const char* kLookupUsage =
    "usage: muwazi tm lookup --db DB [options] TEXT|-\n"
    "\n"
    "Finds earlier translations of TEXT ('-': one query per line on standard\n"
    "input, answered in order). Scores: 100 identical; 95-99.5 nearly exact\n"
    "(differences only in harakat, hamza/alef forms, ى/ي ة/ه, tatweel, digit\n"
    "system, punctuation, spacing, case; each costs a listed penalty); up to 94\n"
    "fuzzy (word edit distance, numbers that differ cost extra). An identical\n"
    "match met between the same sentences as the query (--prev/--next, or\n"
    "--context for queries on standard input) scores 101. See README.\n";

constexpr const char* kConcordanceUsage =
    "usage: muwazi tm concordance --db DB [--lang L] [--limit N] [--format text|jsonl] PHRASE\n"
    "\n"
    "Units whose source or target contains PHRASE, compared by match key\n"
    "(harakat, hamza forms, tatweel, digits, case ignored). Text output marks\n"
    "each hit [[like this]]; jsonl gives byte ranges.\n";

constexpr const char* kStatsUsage =
    "usage: muwazi tm stats --db DB [--json]\n"
    "\n"
    "Units per language pair, documents (imported files and document pairs),\n"
    "database size. --json: {\"units\", \"documents\", \"pairs\", \"size_bytes\", ...}.\n";

std::string fmt_score(double s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", s);
  return buf;
}

void print_text(std::ostream& out, const std::string& query, const std::vector<tm::Match>& ms,
                const tm::LookupOptions& o, const std::string& error) {
  out << "query: " << query << "\n";
  if (!error.empty()) {
    out << "  error: " << error << "\n";
    return;
  }
  if (ms.empty()) out << "  no match >= " << fmt_score(o.min_score) << "\n";
  const auto why = [](const tm::Match& m) { return m.score > 100 || !m.context.empty() ? "why not 101:" : "why not 100:"; };
  for (const tm::Match& m : ms) {
    out << "  " << fmt_score(m.score) << "  #" << m.id << "  " << m.src_lang << " -> " << m.tgt_lang << "\n";
    out << "    " << m.source << "\n    " << m.target << "\n";
    if (!m.penalties.empty()) {
      out << "    " << why(m);
      for (std::size_t i = 0; i < m.penalties.size(); ++i) {
        const tm::Penalty& p = m.penalties[i];
        out << (i ? ";" : "") << " " << p.kind << " -" << fmt_score(p.points) << " (" << p.detail << ")";
      }
      out << "\n";
    }
  }
}

}  // namespace

int tm_lookup(const std::vector<std::string>& argv) {
  static const Options opts = std::move(
      Options("tm lookup", kLookupUsage)
          .value("--db", "PATH", "the TM (default muwazi.db)")
          .value("--src-lang", "L",
                 "language of the query: compare segments in L, on either side of a unit (default: any language)")
          .value("--tgt-lang", "L", "language of the translations wanted (default: any)")
          .value("--min", "S", "smallest score shown, 0-100 (default 70)")
          .value("--limit", "N", "matches per query (default 5)")
          .value("--format", "F",
                 "text (default) or jsonl: one line per query, {\"query\", \"matches\": [{\"id\", \"score\", "
                 "\"source\", \"target\", \"src_lang\", \"tgt_lang\", \"penalties\", \"context\"?}]}, best first; "
                 "\"context\" (both, prev, next, none, unknown) when a context was given")
          .value("--max-candidates", "N", "fuzzy candidates verified per query (default 200)")
          .value("--prev", "TEXT",
                 "the source sentence before the query in its document ('' = none: the start): an identical "
                 "match met in the same context scores 101")
          .value("--next", "TEXT", "the source sentence after the query ('' = none: the end)")
          .flag("--context",
                "queries on standard input are one document, one sentence per line: each line's neighbours "
                "are its --prev and --next")
          .flag("--codes",
                "TEXT is TMX <seg> content with inline codes (<bpt>, <ept>, <ph>, ...): a match whose codes "
                "differ costs a formatting penalty"));
  Args args = opts.parse(argv);
  if (args.help()) {
    opts.print_help(std::cout);
    return 0;
  }
  args.require_positional(1, 1, "TEXT or - (queries on standard input)");
  tm::LookupOptions o;
  o.src_lang = lang_flag(args, "--src-lang");
  o.tgt_lang = lang_flag(args, "--tgt-lang");
  o.min_score = args.get_double("--min", 70, 0, 100);
  o.limit = static_cast<int>(args.get_int("--limit", 5, 1, 10000));
  o.max_candidates = static_cast<int>(args.get_int("--max-candidates", 200, 1, 1000000));
  const bool jsonl = args.get_choice("--format", "text", {"text", "jsonl"}) == "jsonl";
  const std::string q = args.positional()[0];
  const std::optional<std::string> prev = args.get_opt("--prev"), next = args.get_opt("--next");
  const bool codes = args.has("--codes"), context = args.has("--context");
  if (context && q != "-") throw Error::Usage("--context is for queries on standard input (TEXT '-')");
  if (context && (prev || next)) throw Error::Usage("--context takes each line's neighbours: no --prev/--next");
  for (const auto* v : {&prev, &next}) {
    if (*v && text::find_invalid_utf8(**v) != text::kNpos) throw Error::Input("--prev/--next: invalid UTF-8");
  }
  tm::Tm tm = tm::Tm::open(db_path(args), {.read_only = true});
  tm::Lookup lookup(tm);
  auto answer = [&](const std::string& line, bool batch, const std::optional<std::string>& before,
                    const std::optional<std::string>& after) {
    std::vector<tm::Match> ms;
    std::string error;
    std::string query = line;
    try {
      tm::Query tq;
      tm::Segment seg;
      if (codes) {
        seg = tm::parse_seg(line, batch ? "query" : "TEXT");
        query = seg.text;
        tq.markup = seg.markup;
      }
      tq.text = query;
      tq.prev = before;
      tq.next = after;
      ms = lookup.lookup(tq, o);
    } catch (const Error& e) {
      // One bad line of a batch is reported in place, the others answered.
      if (!batch || e.kind() == ErrorKind::kDatabase) throw;
      error = e.what();
    }
    if (jsonl) {
      std::cout << tm::dump_json(tm::lookup_answer_json(query, ms, error)) << "\n";
    } else {
      print_text(std::cout, query, ms, o, error);
    }
  };
  if (q == "-") {
    std::string all = text::clean_text(text::read_file_bytes("-"), "standard input");
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < all.size()) {
      std::size_t nl = all.find('\n', start);
      if (nl == std::string::npos) nl = all.size();
      lines.push_back(all.substr(start, nl - start));
      start = nl + 1;
    }
    // With --codes a neighbour's context is its plain text (a line that is
    // not valid seg content is taken as it is: its own answer reports it).
    auto plain = [&](const std::string& line) {
      if (!codes) return line;
      try {
        return tm::parse_seg(line, "query").text;
      } catch (const Error&) {
        return line;
      }
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (context) {
        answer(lines[i], true, i > 0 ? plain(lines[i - 1]) : std::string(),
               i + 1 < lines.size() ? plain(lines[i + 1]) : std::string());
      } else {
        answer(lines[i], true, prev, next);
      }
    }
  } else {
    if (text::find_invalid_utf8(q) != text::kNpos) throw Error::Input("query: invalid UTF-8");
    answer(text::to_nfc(q), false, prev, next);
  }
  return 0;
}

int tm_concordance(const std::vector<std::string>& argv) {
  static const Options opts = std::move(Options("tm concordance", kConcordanceUsage)
                                             .value("--db", "PATH", "the TM (default muwazi.db)")
                                             .value("--lang", "L", "only segments in this language")
                                             .value("--limit", "N", "most units shown, newest first (default 50)")
                                             .value("--format", "F", "text (default) or jsonl"));
  Args args = opts.parse(argv);
  if (args.help()) {
    opts.print_help(std::cout);
    return 0;
  }
  args.require_positional(1, 1, "a PHRASE");
  tm::ConcordanceOptions o;
  o.lang = lang_flag(args, "--lang");
  o.limit = static_cast<int>(args.get_int("--limit", 50, 1, 1000000));
  const bool jsonl = args.get_choice("--format", "text", {"text", "jsonl"}) == "jsonl";
  tm::Tm tm = tm::Tm::open(db_path(args), {.read_only = true});
  std::vector<tm::ConcordanceHit> hits = tm::concordance(tm, args.positional()[0], o);
  auto mark = [](const std::string& s, const std::vector<std::pair<std::size_t, std::size_t>>& r) {
    std::string out;
    std::size_t at = 0;
    for (const auto& [b, e] : r) {
      out.append(s, at, b - at);
      out += "[[";
      out.append(s, b, e - b);
      out += "]]";
      at = e;
    }
    out.append(s, at, std::string::npos);
    return out;
  };
  for (const tm::ConcordanceHit& h : hits) {
    if (jsonl) {
      std::cout << tm::dump_json(tm::concordance_hit_json(h)) << "\n";
    } else {
      std::cout << "#" << h.id << "  " << h.src_lang << " -> " << h.tgt_lang << "\n    "
                << mark(h.source, h.source_hits) << "\n    " << mark(h.target, h.target_hits) << "\n";
    }
  }
  if (hits.empty() && !jsonl) std::cout << "no unit contains the phrase\n";
  return 0;
}

int tm_stats(const std::vector<std::string>& argv) {
  static const Options opts = std::move(Options("tm stats", kStatsUsage)
                                             .value("--db", "PATH", "the TM (default muwazi.db)")
                                             .flag("--json", "one JSON object"));
  Args args = opts.parse(argv);
  if (args.help()) {
    opts.print_help(std::cout);
    return 0;
  }
  args.require_positional(0, 0, "no positional arguments");
  tm::Tm tm = tm::Tm::open(db_path(args), {.read_only = true});
  tm::TmStats st = tm::tm_stats(tm);
  if (args.has("--json")) {
    std::cout << tm::dump_json(tm::stats_json(st)) << "\n";
  } else {
    std::cout << "units       " << st.units << "\ndocuments   " << st.documents << "\nsize        "
              << st.size_bytes << " bytes\n";
    for (const tm::PairCount& p : st.pairs) std::cout << "  " << p.src_lang << " -> " << p.tgt_lang << "  " << p.units << "\n";
  }
  return 0;
}

}  // namespace muwazi::cli
