// Text, markdown and JSON reports of `muwazi bench align`.
#include "evaluation/bench_report.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "text/error.h"

namespace muwazi::evaluation {


std::vector<Row> report_rows(const BenchResult& result) {
  std::vector<Row> rows;
  auto finish = [&](Row row) {
    for (std::size_t s : row.subsets) {
      row.docs += static_cast<long>(result.subsets[s].docs.size());
      row.sentences += result.subsets[s].sentences();
    }
    rows.push_back(std::move(row));
  };
  for (std::size_t s = 0; s < result.subsets.size(); ++s) finish({Row::kSubset, result.subsets[s].label, {s}});
  for (const auto& g : subset_groups(result.subsets)) finish({Row::kGroup, g.label, g.subsets});
  if (result.subsets.size() > 1) {
    Row all{Row::kAll, "all", {}};
    for (std::size_t s = 0; s < result.subsets.size(); ++s) all.subsets.push_back(s);
    finish(std::move(all));
  }
  return rows;
}

std::string fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string mib(long kib) { return kib < 0 ? "-" : fixed(static_cast<double>(kib) / 1024.0, 1); }

std::vector<BeadShape> report_shapes(const BenchResult& result) {
  Diagnostics all;
  if (!result.configs.empty()) all = aggregate(result.configs.front()).diagnostics;
  return ordered_shapes(all);
}

const std::vector<BeadErrorKind>& report_error_kinds() {
  using K = BeadErrorKind;
  static const std::vector<K> kinds = {K::kMerge, K::kSplit, K::kShifted, K::kFalseOmission, K::kMissedOmission,
                                       K::kUnaligned};
  return kinds;
}

namespace {

// Width in code points (labels may be non-ASCII).
std::size_t width_of(const std::string& s) {
  std::size_t cps = 0;
  for (unsigned char c : s) cps += (c & 0xC0) != 0x80;
  return cps;
}

std::string pad(const std::string& s, std::size_t width, bool right = false) {
  std::size_t cps = width_of(s);
  if (cps >= width) return s;
  std::string fill(width - cps, ' ');
  return right ? fill + s : s + fill;
}

double ratio(long a, long b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0; }

std::string speed(const BenchAggregate& a) {
  return a.timed ? fixed(a.sentences_per_second(), 0) : "-";
}

// A table as rows of cells; rendered as aligned text or as markdown.
struct Table {
  std::vector<std::string> header;
  std::vector<bool> right;  // right-aligned columns
  std::vector<std::vector<std::string>> rows;

  std::string text() const {
    std::vector<std::size_t> w(header.size(), 0);
    auto measure = [&](const std::vector<std::string>& r) {
      for (std::size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], width_of(r[i]));
    };
    measure(header);
    for (const auto& r : rows) measure(r);
    std::string out;
    auto line = [&](const std::vector<std::string>& r) {
      std::string l;
      for (std::size_t i = 0; i < r.size(); ++i) l += (i ? "  " : "") + pad(r[i], w[i], right[i]);
      while (!l.empty() && l.back() == ' ') l.pop_back();
      out += l + "\n";
    };
    line(header);
    for (const auto& r : rows) line(r);
    return out;
  }

  std::string markdown() const {
    std::string out = "|";
    for (const auto& h : header) out += " " + h + " |";
    out += "\n|";
    for (std::size_t i = 0; i < header.size(); ++i) out += right[i] ? "---:|" : "---|";
    out += "\n";
    for (const auto& r : rows) {
      out += "|";
      for (const auto& c : r) out += " " + c + " |";
      out += "\n";
    }
    return out;
  }
};

Table f1_table(const BenchResult& result, bool markdown) {
  Table t;
  t.header = {"subset", "docs", "sentences"};
  t.right = {false, true, true};
  for (const auto& c : result.configs) {
    t.header.push_back(c.name);
    t.right.push_back(true);
  }
  for (const Row& row : report_rows(result)) {
    std::string label = row.label;
    if (markdown && row.kind != Row::kSubset) label = "**" + label + "**";
    std::vector<std::string> r = {label, std::to_string(row.docs), std::to_string(row.sentences)};
    for (const ConfigRun& c : result.configs) {
      BenchAggregate a = aggregate(c, row.subsets);
      r.push_back(fixed(a.eval.strict.f1, 4) + " (" + fixed(a.eval.lax.f1, 4) + ")");
    }
    t.rows.push_back(std::move(r));
  }
  return t;
}

Table config_table(const BenchResult& result) {
  Table t;
  t.header = {"config", "strict P", "strict R", "strict F1", "lax P", "lax R", "lax F1", "flags"};
  t.right = {false, true, true, true, true, true, true, false};
  for (const ConfigRun& c : result.configs) {
    BenchAggregate a = aggregate(c);
    std::string flags = c.external ? "external: " + c.flags : (c.flags.empty() ? "(defaults)" : c.flags);
    t.rows.push_back({c.name, fixed(a.eval.strict.p, 4), fixed(a.eval.strict.r, 4), fixed(a.eval.strict.f1, 4),
                      fixed(a.eval.lax.p, 4), fixed(a.eval.lax.r, 4), fixed(a.eval.lax.f1, 4), flags});
  }
  return t;
}

Table speed_table(const BenchResult& result) {
  Table t;
  t.header = {"config", "docs", "sentences", "wall s", "CPU s", "sentences/s", "peak RSS MiB", "slowest doc ms"};
  t.right = {false, true, true, true, true, true, true, true};
  for (const ConfigRun& c : result.configs) {
    if (c.external) continue;
    BenchAggregate a = aggregate(c);
    double slowest = 0;
    for (const auto& d : c.docs) slowest = std::max(slowest, d.seconds);
    t.rows.push_back({c.name, std::to_string(a.docs), std::to_string(a.sentences), fixed(a.seconds, 3),
                      fixed(a.cpu_seconds, 3), speed(a), mib(a.peak_rss_kib) + (c.peak_rss_per_document ? "" : "*"),
                      fixed(slowest * 1000, 1)});
  }
  return t;
}

Table shape_table(const BenchResult& result) {
  Table t;
  t.header = {"gold shape", "gold beads"};
  t.right = {false, true};
  for (const auto& c : result.configs) {
    t.header.push_back(c.name);
    t.right.push_back(true);
  }
  std::vector<Diagnostics> diags;
  for (const auto& c : result.configs) diags.push_back(aggregate(c).diagnostics);
  for (const auto& shape : report_shapes(result)) {
    long gold = diags.empty() ? 0 : diags.front().by_shape[shape].gold;
    std::vector<std::string> r = {shape_name(shape), std::to_string(gold)};
    for (auto& d : diags) {
      const auto& s = d.by_shape[shape];
      r.push_back(fixed(ratio(s.strict, s.gold), 3) + " (" + fixed(ratio(s.lax, s.gold), 3) + ")");
    }
    t.rows.push_back(std::move(r));
  }
  return t;
}

Table error_table(const BenchResult& result) {
  Table t;
  t.header = {"error kind (gold beads)"};
  t.right = {false};
  for (const auto& c : result.configs) {
    t.header.push_back(c.name);
    t.right.push_back(true);
  }
  std::vector<Diagnostics> diags;
  for (const auto& c : result.configs) diags.push_back(aggregate(c).diagnostics);
  for (auto kind : report_error_kinds()) {
    std::vector<std::string> r = {error_kind_name(kind)};
    bool any = false;
    for (auto& d : diags) {
      long n = d.errors[kind];
      any = any || n > 0;
      r.push_back(std::to_string(n));
    }
    if (any) t.rows.push_back(std::move(r));
  }
  std::vector<std::string> total = {"total"};
  for (auto& d : diags) total.push_back(std::to_string(d.total_errors()));
  t.rows.push_back(std::move(total));
  return t;
}

Table pattern_table(const ConfigRun& c, std::size_t limit) {
  Table t;
  t.header = {"gold beads", "error pattern"};
  t.right = {true, false};
  for (const auto& [name, n] : top_error_details(aggregate(c).diagnostics, limit)) {
    t.rows.push_back({std::to_string(n), name});
  }
  if (t.rows.empty()) t.rows.push_back({"0", "(none)"});
  return t;
}

Table omission_table(const BenchResult& result, bool markdown) {
  Table t;
  t.rows = omission_rows(result, markdown, &t.header);
  t.right.assign(t.header.size(), true);
  t.right[0] = false;
  return t;
}

const char kOmissionNote[] =
    "omissions: gold beads [i]:[] or []:[j] reproduced exactly / all; neighbours: the gold beads directly next "
    "to an omission reproduced exactly / all";

long total_docs(const BenchResult& r) {
  long n = 0;
  for (const auto& s : r.subsets) n += static_cast<long>(s.docs.size());
  return n;
}

long total_sentences(const BenchResult& r) {
  long n = 0;
  for (const auto& s : r.subsets) n += s.sentences();
  return n;
}

std::string summary_line(const BenchResult& r) {
  return std::to_string(r.subsets.size()) + " subset" + (r.subsets.size() == 1 ? "" : "s") + ", " +
         std::to_string(total_docs(r)) + " documents, " + std::to_string(total_sentences(r)) + " sentences, " +
         std::to_string(r.configs.size()) + " configuration" + (r.configs.size() == 1 ? "" : "s");
}

std::string machine_line(const MachineInfo& m) {
  return m.cpu + ", " + std::to_string(m.cpus) + " logical CPUs, " + m.os + ", " + m.compiler + ", " + m.build +
         (m.load.empty() ? "" : ", load average " + m.load + " at the end of the run");
}

const char kRssNote[] =
    "Peak RSS: the process's resident set while aligning one document (the kernel's high-water mark is reset "
    "before each document), largest over the documents; it includes the loaded benchmark corpus. "
    "* = the kernel did not allow the reset: peak of the whole run so far.";

}  // namespace

std::vector<std::vector<std::string>> omission_rows(const BenchResult& result, bool markdown,
                                                    std::vector<std::string>* header) {
  header->assign({"subset"});
  for (const auto& c : result.configs) header->push_back(c.name + " omissions, neighbours");
  std::vector<std::vector<std::string>> rows;
  for (const Row& row : report_rows(result)) {
    std::string label = row.label;
    if (markdown && row.kind != Row::kSubset) label = "**" + label + "**";
    std::vector<std::string> r = {label};
    bool any = false;
    for (const ConfigRun& c : result.configs) {
      const OmissionLocality o = aggregate(c, row.subsets).diagnostics.omissions;
      any = any || o.omissions > 0;
      r.push_back(std::to_string(o.omissions_found) + "/" + std::to_string(o.omissions) + ", " +
                  std::to_string(o.neighbours_found) + "/" + std::to_string(o.neighbours));
    }
    if (any) rows.push_back(std::move(r));
  }
  return rows;
}

std::string format_text(const ReportContext& ctx) {
  const BenchResult& r = ctx.result;
  std::string out = "muwazi bench align: " + summary_line(r) + "\n";
  out += "machine: " + machine_line(ctx.machine) + "\n\n";
  out += "strict F1 by subset (lax F1)\n" + f1_table(r, false).text() + "\n";
  out += "all subsets, per configuration\n" + config_table(r).text() + "\n";
  out += "speed (time in align_documents only)\n" + speed_table(r).text() + "\n";
  out += "recall by gold bead shape, all subsets: strict (lax)\n" + shape_table(r).text() + "\n";
  Table om = omission_table(r, false);
  if (!om.rows.empty()) out += "omission locality (" + std::string(kOmissionNote) + ")\n" + om.text() + "\n";
  out += "errors: gold beads not reproduced exactly, by kind\n" + error_table(r).text();
  for (const ConfigRun& c : r.configs) {
    out += "\nmost common error patterns, " + c.name + "\n" + pattern_table(c, 5).text();
  }
  return out;
}

std::string format_markdown(const ReportContext& ctx) {
  const BenchResult& r = ctx.result;
  std::string out;
  out += "Run: " + summary_line(r) + ".\n\n";
  out += "Machine: " + machine_line(ctx.machine) + ".\n\n";
  out += "### Strict F1 by subset (lax F1 in parentheses)\n\n" + f1_table(r, true).markdown() + "\n";
  out += "### All subsets, per configuration\n\n" + config_table(r).markdown() + "\n";
  out += "### Speed\n\nTime is spent in `align_documents` only (documents are read before timing).\n\n" +
         speed_table(r).markdown() + "\n" + kRssNote + "\n\n";
  out += "### Recall by gold bead shape (all subsets; strict, lax in parentheses)\n\n" + shape_table(r).markdown() +
         "\n";
  Table om = omission_table(r, true);
  if (!om.rows.empty()) {
    out += "### Omission locality by subset\n\n" + std::string(kOmissionNote) + ".\n\n" + om.markdown() + "\n";
  }
  out += "### Errors by kind (gold beads not reproduced exactly)\n\n" + error_table(r).markdown();
  for (const ConfigRun& c : r.configs) {
    if (c.name != "default" && &c != &r.configs.back()) continue;
    out += "\n### Most common error patterns (" + c.name + ")\n\n" + pattern_table(c, 10).markdown();
  }
  return out;
}

nlohmann::json format_json(const ReportContext& ctx) {
  const BenchResult& r = ctx.result;
  auto agg_json = [](const BenchAggregate& a) {
    nlohmann::json j = to_json(a.eval);
    j["diagnostics"] = to_json(a.diagnostics, 10);
    const OmissionLocality& o = a.diagnostics.omissions;
    j["omissions"] = {{"omissions", o.omissions},
                      {"omissions_found", o.omissions_found},
                      {"neighbours", o.neighbours},
                      {"neighbours_found", o.neighbours_found}};
    j["sentences"] = a.sentences;
    if (a.timed) {
      j["seconds"] = a.seconds;
      j["cpu_seconds"] = a.cpu_seconds;
      j["sentences_per_second"] = a.sentences_per_second();
    }
    if (a.peak_rss_kib >= 0) j["peak_rss_kib"] = a.peak_rss_kib;
    return j;
  };
  nlohmann::json j;
  j["machine"] = {{"load_average", ctx.machine.load},
                  {"cpu", ctx.machine.cpu},
                  {"cpus", ctx.machine.cpus},
                  {"os", ctx.machine.os},
                  {"compiler", ctx.machine.compiler},
                  {"build", ctx.machine.build}};
  j["subsets"] = nlohmann::json::array();
  for (const auto& s : r.subsets) {
    j["subsets"].push_back({{"label", s.label},
                            {"dir", s.dir},
                            {"src_lang", s.src_lang},
                            {"tgt_lang", s.tgt_lang},
                            {"docs", s.docs.size()},
                            {"sentences", s.sentences()}});
  }
  std::vector<Row> rows = report_rows(r);
  j["configs"] = nlohmann::json::array();
  for (const ConfigRun& c : r.configs) {
    nlohmann::json cj = {{"name", c.name}, {"flags", c.flags}, {"external", c.external}};
    if (!c.external) cj["peak_rss_per_document"] = c.peak_rss_per_document;
    cj["overall"] = agg_json(aggregate(c));
    cj["rows"] = nlohmann::json::object();
    for (const Row& row : rows) {
      nlohmann::json rj = agg_json(aggregate(c, row.subsets));
      rj["kind"] = row.kind == Row::kSubset ? "subset" : row.kind == Row::kGroup ? "group" : "all";
      cj["rows"][row.label] = rj;
    }
    cj["documents"] = nlohmann::json::array();
    for (const auto& d : c.docs) {
      EvalResult e = score_counts(d.counts);
      nlohmann::json dj = {{"subset", r.subsets[d.subset].label},
                           {"name", r.subsets[d.subset].docs[d.doc].name},
                           {"n_src", d.n_src},
                           {"n_tgt", d.n_tgt},
                           {"strict_f1", e.strict.f1},
                           {"lax_f1", e.lax.f1}};
      if (d.seconds >= 0) {
        dj["seconds"] = d.seconds;
        dj["cpu_seconds"] = d.cpu_seconds;
      }
      if (d.peak_rss_kib >= 0) dj["peak_rss_kib"] = d.peak_rss_kib;
      cj["documents"].push_back(dj);
    }
    j["configs"].push_back(cj);
  }
  j["total_seconds"] = r.total_seconds;
  return j;
}

std::string format_report(const ReportContext& ctx, const std::string& format) {
  if (format == "text") return format_text(ctx);
  if (format == "markdown") return format_markdown(ctx);
  if (format == "json") return format_json(ctx).dump(2) + "\n";
  throw Error::Usage("report format '" + format + "': use text, markdown or json");
}

}  // namespace muwazi::evaluation
