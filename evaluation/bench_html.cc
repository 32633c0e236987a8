// The HTML report of `muwazi bench align --html FILE`: one self-contained
// page (inline CSS and SVG, no scripts, no network), built as a libxml2 tree
// and serialized by libxml2's HTML writer -- no markup by string
// concatenation, so every label and file name is escaped.
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <memory>
#include <utility>

#include "evaluation/bench_report.h"
#include "text/error.h"

namespace muwazi::evaluation {

namespace {


const char* const kPalette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
                                "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
const char* color(std::size_t k) { return kPalette[k % (sizeof kPalette / sizeof kPalette[0])]; }

const char kStyle[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1140px;"
    "color:#222;line-height:1.4}"
    "h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}"
    ".meta{color:#555;font-size:13px;margin:2px 0}"
    "table{border-collapse:collapse;font-size:13px;margin:8px 0}"
    "th,td{border:1px solid #ddd;padding:3px 8px;text-align:right;white-space:nowrap}"
    "th:first-child,td:first-child{text-align:left}"
    "table.text td,table.text th{text-align:left}th{background:#f4f4f4}tr.group td{font-weight:600}tr.all td{font-weight:700;border-top:2px solid #888}"
    "figure{margin:8px 0 16px 0}figcaption{color:#555;font-size:12px}"
    "svg text{font-family:system-ui,sans-serif;font-size:11px;fill:#333}"
    ".legend span{display:inline-block;margin-right:14px;font-size:13px}"
    ".legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}";

// A thin wrapper over libxml2 nodes.
class Node {
 public:
  explicit Node(xmlNodePtr n) : n_(n) {}
  Node add(const char* name, std::initializer_list<std::pair<const char*, std::string>> attrs = {},
           const std::string& text = "") {
    xmlNodePtr c = text.empty() ? xmlNewChild(n_, nullptr, BAD_CAST name, nullptr)
                                : xmlNewTextChild(n_, nullptr, BAD_CAST name, BAD_CAST text.c_str());
    for (const auto& [k, v] : attrs) xmlNewProp(c, BAD_CAST k, BAD_CAST v.c_str());
    return Node(c);
  }
  void text(const std::string& t) { xmlAddChild(n_, xmlNewText(BAD_CAST t.c_str())); }
  void set(const char* k, const std::string& v) { xmlSetProp(n_, BAD_CAST k, BAD_CAST v.c_str()); }

 private:
  xmlNodePtr n_;
};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A "nice" tick step (1, 2 or 5 times a power of ten) for about n ticks.
double nice_step(double max, int n) {
  if (max <= 0) return 1;
  double raw = max / n;
  double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (raw <= m * p) return m * p;
  }
  return 10 * p;
}

std::string tick_label(double v) {
  char buf[32];
  if (v == std::floor(v)) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%g", v);
  }
  return buf;
}

Node svg(Node parent, double w, double h, const std::string& label) {
  return parent.add("svg", {{"xmlns", "http://www.w3.org/2000/svg"},
                            {"width", num(w)},
                            {"height", num(h)},
                            {"viewBox", "0 0 " + num(w) + " " + num(h)},
                            {"role", "img"},
                            {"aria-label", label}});
}

void legend(Node parent, const BenchResult& r, bool timed_only) {
  Node div = parent.add("div", {{"class", "legend"}});
  for (std::size_t k = 0; k < r.configs.size(); ++k) {
    if (timed_only && r.configs[k].external) continue;
    Node s = div.add("span");
    s.add("i", {{"style", std::string("background:") + color(k)}}, " ");
    s.text(r.configs[k].name);
  }
}

// Background for an F1 cell: red (<= 0.5) through yellow (0.9) to green (1).
std::string heat(double v) {
  double t = std::clamp((v - 0.5) / 0.5, 0.0, 1.0);
  int hue = static_cast<int>(t < 0.8 ? t / 0.8 * 55 : 55 + (t - 0.8) / 0.2 * 65);
  return "background:hsl(" + std::to_string(hue) + ",70%,82%)";
}

void f1_heat_table(Node parent, const BenchResult& r) {
  Node table = parent.add("table");
  Node head = table.add("tr");
  for (const char* h : {"subset", "docs", "sentences"}) head.add("th", {}, h);
  for (const auto& c : r.configs) head.add("th", {}, c.name);
  for (const Row& row : report_rows(r)) {
    const char* cls = row.kind == Row::kSubset ? "" : row.kind == Row::kGroup ? "group" : "all";
    Node tr = table.add("tr", {{"class", cls}});
    tr.add("td", {}, row.label);
    tr.add("td", {}, std::to_string(row.docs));
    tr.add("td", {}, std::to_string(row.sentences));
    for (const ConfigRun& c : r.configs) {
      BenchAggregate a = aggregate(c, row.subsets);
      tr.add("td", {{"style", heat(a.eval.strict.f1)}, {"title", "lax F1 " + fixed(a.eval.lax.f1, 4)}},
             fixed(a.eval.strict.f1, 4));
    }
  }
}

// Horizontal grouped bars: strict F1 (solid) over lax F1 (pale), per row and config.
void f1_chart(Node parent, const BenchResult& r) {
  const std::vector<Row> rows = report_rows(r);
  const double left = 250, right = 60, top = 24, bar = 11, gap = 12, width = 1100;
  const double group_h = static_cast<double>(r.configs.size()) * (bar + 2) + gap;
  const double height = top + static_cast<double>(rows.size()) * group_h + 10;
  const double plot_w = width - left - right;
  Node s = svg(parent, width, height, "F1 per subset and configuration");
  for (int t = 0; t <= 10; t += 2) {
    double x = left + plot_w * t / 10.0;
    s.add("line", {{"x1", num(x)}, {"x2", num(x)}, {"y1", num(top - 4)}, {"y2", num(height - 8)},
                   {"stroke", "#e4e4e4"}});
    s.add("text", {{"x", num(x)}, {"y", num(top - 8)}, {"text-anchor", "middle"}}, fixed(t / 10.0, 1));
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    double y0 = top + static_cast<double>(i) * group_h;
    s.add("text", {{"x", num(left - 8)}, {"y", num(y0 + group_h / 2)}, {"text-anchor", "end"},
                   {"font-weight", rows[i].kind == Row::kSubset ? "400" : "700"}},
          rows[i].label);
    for (std::size_t k = 0; k < r.configs.size(); ++k) {
      BenchAggregate a = aggregate(r.configs[k], rows[i].subsets);
      double y = y0 + static_cast<double>(k) * (bar + 2);
      s.add("rect", {{"x", num(left)}, {"y", num(y)}, {"width", num(plot_w * a.eval.lax.f1)}, {"height", num(bar)},
                     {"fill", color(k)}, {"fill-opacity", "0.3"}});
      Node strict = s.add("rect", {{"x", num(left)}, {"y", num(y)}, {"width", num(plot_w * a.eval.strict.f1)},
                                   {"height", num(bar)}, {"fill", color(k)}});
      strict.add("title", {}, r.configs[k].name + " " + rows[i].label + ": strict F1 " + fixed(a.eval.strict.f1, 4) +
                                  ", lax F1 " + fixed(a.eval.lax.f1, 4));
      s.add("text", {{"x", num(left + plot_w * a.eval.lax.f1 + 4)}, {"y", num(y + bar - 1)}},
            fixed(a.eval.strict.f1, 3));
    }
  }
}

// Vertical grouped bars: strict recall per gold bead shape and config.
void shape_chart(Node parent, const BenchResult& r) {
  std::vector<BeadShape> shapes = report_shapes(r);
  std::vector<Diagnostics> diags;
  for (const auto& c : r.configs) diags.push_back(aggregate(c).diagnostics);
  const double left = 40, top = 14, plot_h = 220, bottom = 44, bar = 9;
  const double group_w = static_cast<double>(r.configs.size()) * (bar + 1) + 16;
  const double width = std::max(500.0, left + static_cast<double>(shapes.size()) * group_w + 20);
  Node s = svg(parent, width, top + plot_h + bottom, "Recall by gold bead shape");
  for (int t = 0; t <= 10; t += 2) {
    double y = top + plot_h * (1 - t / 10.0);
    s.add("line", {{"x1", num(left)}, {"x2", num(width - 10)}, {"y1", num(y)}, {"y2", num(y)}, {"stroke", "#e4e4e4"}});
    s.add("text", {{"x", num(left - 6)}, {"y", num(y + 4)}, {"text-anchor", "end"}}, fixed(t / 10.0, 1));
  }
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    double x0 = left + 8 + static_cast<double>(i) * group_w;
    long gold = diags.front().by_shape[shapes[i]].gold;
    for (std::size_t k = 0; k < diags.size(); ++k) {
      const auto& sr = diags[k].by_shape[shapes[i]];
      double rec = sr.gold ? static_cast<double>(sr.strict) / static_cast<double>(sr.gold) : 0;
      double h = plot_h * rec;
      Node b = s.add("rect", {{"x", num(x0 + static_cast<double>(k) * (bar + 1))}, {"y", num(top + plot_h - h)},
                              {"width", num(bar)}, {"height", num(h)}, {"fill", color(k)}});
      b.add("title", {}, r.configs[k].name + " " + shape_name(shapes[i]) + ": " + std::to_string(sr.strict) +
                             " of " + std::to_string(sr.gold) + " gold beads found exactly");
    }
    double cx = x0 + (group_w - 16) / 2;
    s.add("text", {{"x", num(cx)}, {"y", num(top + plot_h + 16)}, {"text-anchor", "middle"}, {"font-weight", "600"}},
          shape_name(shapes[i]));
    s.add("text", {{"x", num(cx)}, {"y", num(top + plot_h + 30)}, {"text-anchor", "middle"}, {"fill", "#777"}},
          "n=" + std::to_string(gold));
  }
}

// Stacked horizontal bars: gold beads missed, by error kind, per config.
void error_chart(Node parent, const BenchResult& r) {
  const auto& kinds = report_error_kinds();
  long max_total = 1;
  std::vector<Diagnostics> diags;
  for (const auto& c : r.configs) {
    diags.push_back(aggregate(c).diagnostics);
    max_total = std::max(max_total, diags.back().total_errors());
  }
  const double left = 150, top = 24, bar = 18, width = 1100, right = 70;
  const double plot_w = width - left - right;
  const double height = top + static_cast<double>(diags.size()) * (bar + 8) + 30;
  Node s = svg(parent, width, height, "Errors by kind");
  double step = nice_step(static_cast<double>(max_total), 6);
  for (double t = 0; t <= max_total + 1e-9; t += step) {
    double x = left + plot_w * t / static_cast<double>(max_total);
    s.add("line", {{"x1", num(x)}, {"x2", num(x)}, {"y1", num(top - 4)}, {"y2", num(height - 26)}, {"stroke", "#e4e4e4"}});
    s.add("text", {{"x", num(x)}, {"y", num(top - 8)}, {"text-anchor", "middle"}}, tick_label(t));
  }
  for (std::size_t k = 0; k < diags.size(); ++k) {
    double y = top + static_cast<double>(k) * (bar + 8);
    s.add("text", {{"x", num(left - 8)}, {"y", num(y + bar - 5)}, {"text-anchor", "end"}}, r.configs[k].name);
    double x = left;
    for (std::size_t e = 0; e < kinds.size(); ++e) {
      long n = diags[k].errors[kinds[e]];
      if (n == 0) continue;
      double w = plot_w * static_cast<double>(n) / static_cast<double>(max_total);
      Node b = s.add("rect", {{"x", num(x)}, {"y", num(y)}, {"width", num(w)}, {"height", num(bar)},
                              {"fill", kPalette[(e + 4) % 10]}});
      b.add("title", {}, r.configs[k].name + ": " + std::to_string(n) + " " + error_kind_name(kinds[e]));
      x += w;
    }
    s.add("text", {{"x", num(x + 4)}, {"y", num(y + bar - 5)}}, std::to_string(diags[k].total_errors()));
  }
  double lx = left;
  for (std::size_t e = 0; e < kinds.size(); ++e) {
    double ly = height - 12;
    s.add("rect", {{"x", num(lx)}, {"y", num(ly - 9)}, {"width", "10"}, {"height", "10"}, {"fill", kPalette[(e + 4) % 10]}});
    std::string name = error_kind_key(kinds[e]);
    s.add("text", {{"x", num(lx + 14)}, {"y", num(ly)}}, name);
    lx += 30 + 7.0 * static_cast<double>(name.size());
  }
}

// Log-scale axis: decades from 10^lo to 10^hi.
struct LogAxis {
  double lo = 0, hi = 1;
  LogAxis(double min, double max) {
    lo = std::floor(std::log10(std::max(min, 1e-9)));
    hi = std::ceil(std::log10(std::max(max, min * 10)));
    if (hi <= lo) hi = lo + 1;
  }
  double frac(double v) const { return (std::log10(std::max(v, 1e-12)) - lo) / (hi - lo); }
  // Tick values 1, 2, 5 x 10^k inside the axis.
  std::vector<double> ticks() const {
    std::vector<double> t;
    for (double d = lo; d <= hi; d += 1) {
      for (double m : {1.0, 2.0, 5.0}) {
        double v = m * std::pow(10.0, d);
        if (std::log10(v) <= hi + 1e-9) t.push_back(v);
      }
    }
    return t;
  }
};

// Scatter on log-log axes: wall time per document against its length, per
// config. A dashed line of slope 1 (time proportional to length) through the
// median document of the first timed config shows whether growth is linear.
void time_chart(Node parent, const BenchResult& r) {
  double min_x = 1e18, max_x = 1, min_y = 1e18, max_y = 1e-6;
  for (const auto& c : r.configs) {
    for (const auto& d : c.docs) {
      if (d.seconds < 0) continue;
      double x = std::max(1, d.n_src + d.n_tgt), y = std::max(d.seconds * 1000, 1e-3);
      min_x = std::min(min_x, x);
      max_x = std::max(max_x, x);
      min_y = std::min(min_y, y);
      max_y = std::max(max_y, y);
    }
  }
  if (min_x > max_x) return;  // nothing timed
  const LogAxis ax(min_x, max_x), ay(min_y, max_y);
  const double left = 60, top = 14, width = 1100, plot_h = 320, bottom = 40;
  const double plot_w = width - left - 20;
  auto px = [&](double v) { return left + plot_w * ax.frac(v); };
  auto py = [&](double v) { return top + plot_h * (1 - ay.frac(v)); };
  Node s = svg(parent, width, top + plot_h + bottom, "Alignment time against document length");
  for (double t : ax.ticks()) {
    s.add("line", {{"x1", num(px(t))}, {"x2", num(px(t))}, {"y1", num(top)}, {"y2", num(top + plot_h)}, {"stroke", "#eee"}});
    s.add("text", {{"x", num(px(t))}, {"y", num(top + plot_h + 14)}, {"text-anchor", "middle"}}, tick_label(t));
  }
  for (double t : ay.ticks()) {
    s.add("line", {{"x1", num(left)}, {"x2", num(left + plot_w)}, {"y1", num(py(t))}, {"y2", num(py(t))}, {"stroke", "#eee"}});
    s.add("text", {{"x", num(left - 6)}, {"y", num(py(t) + 4)}, {"text-anchor", "end"}}, tick_label(t));
  }
  s.add("text", {{"x", num(left + plot_w / 2)}, {"y", num(top + plot_h + 32)}, {"text-anchor", "middle"}},
        "document length: source + target sentences (log scale)");
  s.add("text", {{"x", "14"}, {"y", num(top + plot_h / 2)}, {"text-anchor", "middle"},
                 {"transform", "rotate(-90 14 " + num(top + plot_h / 2) + ")"}},
        "milliseconds (log scale)");
  for (std::size_t k = 0; k < r.configs.size(); ++k) {
    for (const auto& d : r.configs[k].docs) {
      if (d.seconds < 0) continue;
      double x = px(std::max(1, d.n_src + d.n_tgt)), y = py(std::max(d.seconds * 1000, 1e-3));
      Node c = s.add("circle", {{"cx", num(x)}, {"cy", num(y)}, {"r", "3"}, {"fill", color(k)}, {"fill-opacity", "0.75"}});
      c.add("title", {}, r.configs[k].name + " " + r.subsets[d.subset].label + "/" + r.subsets[d.subset].docs[d.doc].name +
                             ": " + std::to_string(d.n_src) + "+" + std::to_string(d.n_tgt) + " sentences, " +
                             fixed(d.seconds * 1000, 2) + " ms");
    }
  }
  // Reference slope: through the median (by length) timed document of the
  // last timed config (the default set's "default").
  for (std::size_t k = r.configs.size(); k-- > 0;) {
    std::vector<const DocRun*> docs;
    for (const auto& d : r.configs[k].docs) {
      if (d.seconds >= 0) docs.push_back(&d);
    }
    if (docs.empty()) continue;
    std::sort(docs.begin(), docs.end(), [](auto* a, auto* b) { return a->n_src + a->n_tgt < b->n_src + b->n_tgt; });
    const DocRun* m = docs[docs.size() / 2];
    double per = std::max(m->seconds * 1000, 1e-3) / std::max(1, m->n_src + m->n_tgt);
    double x0 = std::pow(10.0, ax.lo), x1 = std::pow(10.0, ax.hi);
    s.add("clipPath", {{"id", "time-plot"}})
        .add("rect", {{"x", num(left)}, {"y", num(top)}, {"width", num(plot_w)}, {"height", num(plot_h)}});
    s.add("line", {{"x1", num(px(x0))}, {"y1", num(py(per * x0))}, {"x2", num(px(x1))}, {"y2", num(py(per * x1))},
                   {"stroke", color(k)}, {"stroke-dasharray", "5 4"}, {"stroke-opacity", "0.6"},
                   {"clip-path", "url(#time-plot)"}});
    break;
  }
}

// A plain table from rows of cells.
void table(Node parent, const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
           const std::string& cls = "") {
  Node t = cls.empty() ? parent.add("table") : parent.add("table", {{"class", cls}});
  Node h = t.add("tr");
  for (const auto& c : header) h.add("th", {}, c);
  for (const auto& r : rows) {
    Node tr = t.add("tr");
    for (const auto& c : r) tr.add("td", {}, c);
  }
}

}  // namespace

std::string format_html(const ReportContext& ctx) {
  const BenchResult& r = ctx.result;
  std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> doc(htmlNewDocNoDtD(nullptr, nullptr), xmlFreeDoc);
  if (!doc) throw Error::Io("cannot build the HTML report (libxml2)");
  xmlNodePtr root = xmlNewNode(nullptr, BAD_CAST "html");
  xmlDocSetRootElement(doc.get(), root);
  Node html(root);
  html.set("lang", "en");
  Node head = html.add("head");
  head.add("meta", {{"charset", "utf-8"}});
  head.add("title", {}, "muwazi bench align");
  head.add("style", {}, kStyle);
  Node body = html.add("body");
  body.add("h1", {}, "muwazi bench align");

  long docs = 0, sentences = 0;
  for (const auto& s : r.subsets) {
    docs += static_cast<long>(s.docs.size());
    sentences += s.sentences();
  }
  body.add("p", {{"class", "meta"}},
           std::to_string(r.subsets.size()) + " subsets, " + std::to_string(docs) + " documents, " +
               std::to_string(sentences) + " sentences; " + std::to_string(r.configs.size()) + " configurations.");
  body.add("p", {{"class", "meta"}},
           "Machine: " + ctx.machine.cpu + ", " + std::to_string(ctx.machine.cpus) + " logical CPUs, " + ctx.machine.os +
               ", " + ctx.machine.compiler + ", " + ctx.machine.build +
               (ctx.machine.load.empty() ? "" : ", load average " + ctx.machine.load + " at the end of the run") + ".");
  {
    std::vector<std::vector<std::string>> rows;
    for (const auto& c : r.configs) {
      rows.push_back({c.name, c.external ? "external alignments from " + c.flags : (c.flags.empty() ? "(defaults)" : c.flags)});
    }
    table(body, {"configuration", "flags"}, rows, "text");
  }

  body.add("h2", {{"id", "f1"}}, "Strict F1 by subset");
  body.add("p", {{"class", "meta"}},
           "Strict F1 (Sennrich & Volk 2011, counts summed over documents); cell colour from red (0.5 or less) to "
           "green (1.0); hover for lax F1. Bold rows sum several subsets.");
  f1_heat_table(body, r);
  Node fig = body.add("figure");
  legend(fig, r, false);
  f1_chart(fig, r);
  fig.add("figcaption", {}, "F1 per subset and configuration: solid bar strict F1 (value shown), pale bar lax F1.");

  body.add("h2", {{"id", "configs"}}, "All subsets, per configuration");
  {
    std::vector<std::vector<std::string>> rows;
    for (const auto& c : r.configs) {
      BenchAggregate a = aggregate(c);
      rows.push_back({c.name, fixed(a.eval.strict.p, 4), fixed(a.eval.strict.r, 4), fixed(a.eval.strict.f1, 4),
                      fixed(a.eval.lax.p, 4), fixed(a.eval.lax.r, 4), fixed(a.eval.lax.f1, 4)});
    }
    table(body, {"config", "strict P", "strict R", "strict F1", "lax P", "lax R", "lax F1"}, rows);
  }

  body.add("h2", {{"id", "shapes"}}, "Recall by gold bead shape");
  fig = body.add("figure");
  legend(fig, r, false);
  shape_chart(fig, r);
  fig.add("figcaption", {}, "Share of the gold beads of each shape (source-target sentences) that the aligner "
                            "reproduced exactly, all subsets; n = number of gold beads.");

  {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows = omission_rows(r, false, &header);
    if (!rows.empty()) {
      body.add("h2", {{"id", "omissions"}}, "Omission locality by subset");
      body.add("p", {{"class", "meta"}},
               "Omissions: gold beads [i]:[] or []:[j] reproduced exactly / all. Neighbours: the gold beads "
               "directly next to an omission reproduced exactly / all (a deletion that stays local keeps them).");
      table(body, header, rows);
    }
  }

  body.add("h2", {{"id", "errors"}}, "Errors");
  fig = body.add("figure");
  error_chart(fig, r);
  fig.add("figcaption", {}, "Gold beads not reproduced exactly, by the kind of error around them: merge = the "
                            "aligner merged what gold splits, split = it split what gold merges, shifted = "
                            "boundaries moved, false/missed omission = a sentence wrongly left out / an "
                            "untranslated sentence aligned anyway.");
  for (const ConfigRun& c : r.configs) {
    if (c.name != "default" && &c != &r.configs.back()) continue;
    body.add("p", {}, "Most common error patterns (" + c.name + "):");
    std::vector<std::vector<std::string>> rows;
    for (const auto& [name, n] : top_error_details(aggregate(c).diagnostics, 10)) {
      rows.push_back({name, std::to_string(n)});
    }
    table(body, {"pattern", "gold beads"}, rows, "text");
  }

  body.add("h2", {{"id", "speed"}}, "Speed");
  {
    std::vector<std::vector<std::string>> rows;
    for (const auto& c : r.configs) {
      if (c.external) continue;
      BenchAggregate a = aggregate(c);
      rows.push_back({c.name, std::to_string(a.sentences), fixed(a.seconds, 3), fixed(a.cpu_seconds, 3),
                      fixed(a.sentences_per_second(), 0), mib(a.peak_rss_kib)});
    }
    table(body, {"config", "sentences", "wall s", "CPU s", "sentences/s", "peak RSS MiB"}, rows);
  }
  fig = body.add("figure");
  legend(fig, r, true);
  time_chart(fig, r);
  fig.add("figcaption", {}, "Wall time of one alignment against document length (log-log); one dot per "
                            "document and configuration. Dashed: time proportional to length through the median "
                            "document of the last configuration -- dots along a parallel line mean linear growth.");

  xmlChar* mem = nullptr;
  int size = 0;
  htmlDocDumpMemoryFormat(doc.get(), &mem, &size, 1);
  if (!mem) throw Error::Io("cannot serialize the HTML report (libxml2)");
  std::string out = "<!DOCTYPE html>\n" + std::string(reinterpret_cast<const char*>(mem), static_cast<std::size_t>(size));
  xmlFree(mem);
  return out;
}

}  // namespace muwazi::evaluation
