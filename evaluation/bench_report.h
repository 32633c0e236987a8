// Output formats of `muwazi bench align`: text, markdown, JSON and a
// self-contained HTML page (inline SVG charts). Formatting only: the numbers
// come from evaluation/bench_runner.h.
#ifndef MUWAZI_EVALUATION_BENCH_REPORT_H_
#define MUWAZI_EVALUATION_BENCH_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "evaluation/bench_runner.h"

namespace muwazi::evaluation {

// One line of a per-subset table: a subset, a group of subsets
// ("ar-en/*/dev") or all of them.
struct Row {
  enum Kind { kSubset, kGroup, kAll };
  Kind kind = kSubset;
  std::string label;
  std::vector<std::size_t> subsets;
  long docs = 0;
  long sentences = 0;
};
std::vector<Row> report_rows(const BenchResult& result);

struct ReportContext {
  const BenchResult& result;
  MachineInfo machine;
};

std::string format_text(const ReportContext& ctx);
std::string format_markdown(const ReportContext& ctx);
nlohmann::json format_json(const ReportContext& ctx);
// The report in `format`: "text", "markdown" or "json" (indented, with a
// final newline). Throws Error::Usage for another format.
std::string format_report(const ReportContext& ctx, const std::string& format);
// A complete HTML document (UTF-8), built with libxml2, no external resources.
std::string format_html(const ReportContext& ctx);

// Omission locality by report row: header {"subset", config names...} and
// per row the cells "found/omissions, found/neighbours" (evaluation/eval.h
// OmissionLocality); only rows whose gold has omissions.
std::vector<std::vector<std::string>> omission_rows(const BenchResult& result, bool markdown,
                                                    std::vector<std::string>* header);

// Shared helpers.
std::string fixed(double value, int decimals);
std::string mib(long kib);  // "12.3" (MiB) or "-" when unknown
std::vector<BeadShape> report_shapes(const BenchResult& result);
// Error kinds in a fixed report order.
const std::vector<BeadErrorKind>& report_error_kinds();

}  // namespace muwazi::evaluation

#endif  // MUWAZI_EVALUATION_BENCH_REPORT_H_
