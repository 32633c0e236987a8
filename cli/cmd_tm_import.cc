// `muwazi tm import` and `muwazi tm export`.
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

#include "cli/tm_common.h"
#include "text/error.h"
#include "tm/import.h"
#include "tm/lang.h"
#include "tm/tmx_writer.h"

namespace muwazi::cli {
namespace {

constexpr const char* kImportUsage =
    "usage: muwazi tm import --db DB [options] FILE...\n"
    "\n"
    "Imports each FILE in one transaction: a file with an error stores nothing\n"
    "(earlier files stay imported) and the command stops with FILE:LINE: reason.\n";

constexpr const char* kExportUsage =
    "usage: muwazi tm export --db DB [--format tmx|tsv] [--src-lang L] [--tgt-lang L] [-o FILE]\n"
    "       muwazi tm export --db DB --format moses --src-lang L --tgt-lang L -o PREFIX\n"
    "\n"
    "Writes every unit (or those of one language pair) as TMX 1.4b (default,\n"
    "UTF-8, inline codes kept), TSV (source TAB target), or the two line-parallel\n"
    "files of MT training (PREFIX.L of both languages: line i translates line i).\n";

}  // namespace

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    if (std::filesystem::is_directory(status)) throw Error::Io(path + ": is a directory");
    std::ofstream out(path, std::ios::binary);
    if (!out) throw Error::Io(path + ": cannot write");
    write(out);
    out.flush();
    if (!out) throw Error::Io(path + ": write error");
    return;
  }
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) throw Error::Io(path + ": cannot write");
    try {
      write(out);
      out.flush();
      if (!out) throw Error::Io(path + ": write error");
    } catch (...) {
      out.close();
      std::remove(tmp.c_str());
      throw;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw Error::Io(path + ": cannot write");
  }
}

int tm_import(const std::vector<std::string>& argv) {
  static const Options opts = std::move(
      Options("tm import", kImportUsage)
          .value("--db", "PATH", "the TM (default muwazi.db; created when missing)")
          .value("--format", "F", "auto (default: by extension, then content), tmx, tsv, jsonl")
          .value("--src-lang", "L",
                 "TMX: source language (default: tu/header srclang); TSV/JSONL: language of the source column "
                 "(required)")
          .value("--tgt-lang", "L", "TMX: only this target language; TSV/JSONL: required")
          .value("--min-score", "S", "TSV/JSONL from the aligner: skip beads below S (0-1)")
          .value("--on-duplicate", "P",
                 "same source, different target: add (default: keep both), keep (keep the stored one), overwrite "
                 "(replace it)")
          .value("--user", "NAME", "recorded as creationid when a unit has none")
          .flag("--quiet", "no progress or summary on stderr"));
  Args args = opts.parse(argv);
  if (args.help()) {
    opts.print_help(std::cout);
    return 0;
  }
  args.require_positional(1, 100000, "one or more files");
  tm::ImportOptions o;
  o.format = tm::parse_import_format(args.get("--format", "auto"));
  o.src_lang = lang_flag(args, "--src-lang");
  o.tgt_lang = lang_flag(args, "--tgt-lang");
  o.min_score = args.get_double("--min-score", 0.0, 0.0, 1.0);
  o.write.on_duplicate = tm::parse_on_duplicate(args.get("--on-duplicate", "add"));
  o.write.user = args.get("--user", "");
  const bool progress = show_progress(args);
  tm::Tm tm = tm::Tm::open(db_path(args), {.create = true});
  const auto& files = args.positional();
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (progress) {
      std::cerr << "\r[" << i + 1 << "/" << files.size() << "] " << files[i] << "\x1b[K" << std::flush;
      o.progress = [&, i](std::int64_t n) {
        std::cerr << "\r[" << i + 1 << "/" << files.size() << "] " << files[i] << ": " << n << " units\x1b[K"
                  << std::flush;
      };
    }
    tm::ImportResult r = tm::import_file(tm, files[i], o);
    if (progress) std::cerr << "\r\x1b[K";
    std::cout << files[i] << ": " << tm::import_format_name(r.format) << ", " << r.records << " records, "
              << r.write.added << " units added, " << r.write.identical << " already present, " << r.write.kept
              << " kept (same source), " << r.write.overwritten << " overwritten, " << r.skipped << " skipped\n";
  }
  return 0;
}

int tm_export(const std::vector<std::string>& argv) {
  static const Options opts = std::move(Options("tm export", kExportUsage)
                                             .value("--db", "PATH", "the TM (default muwazi.db)")
                                             .value("--format", "F", "tmx (default), tsv or moses")
                                             .value("--src-lang", "L", "only units with this source language")
                                             .value("--tgt-lang", "L", "only units with this target language")
                                             .value("--min-score", "S",
                                                    "only units aligned with a confidence >= S (units from "
                                                    "TMX/TSV files have none and pass)")
                                             .value("-o", "FILE", "write to FILE instead of standard output "
                                                                  "(moses: PREFIX)"));
  Args args = opts.parse(argv);
  if (args.help()) {
    opts.print_help(std::cout);
    return 0;
  }
  args.require_positional(0, 0, "no positional arguments");
  const std::string format = args.get_choice("--format", "tmx", {"tmx", "tsv", "moses"});
  tm::ExportOptions o{lang_flag(args, "--src-lang"), lang_flag(args, "--tgt-lang"),
                      args.get_double("--min-score", 0.0, 0.0, 1.0)};
  const auto path = args.get_opt("-o");
  if (format == "moses") {
    if (o.src_lang.empty() || o.tgt_lang.empty() || !path) {
      throw Error::Usage("--format moses needs --src-lang, --tgt-lang and -o PREFIX (it writes PREFIX.SRC and PREFIX.TGT)");
    }
    if (tm::lower_tag(o.src_lang) == tm::lower_tag(o.tgt_lang)) throw Error::Usage("--format moses: the two languages must differ");
  }
  tm::Tm tm = tm::Tm::open(db_path(args), {.read_only = true});
  if (format == "moses") {
    // Both written under temporary names, then renamed: a failure leaves
    // neither half-written.
    const std::string src_path = *path + "." + o.src_lang, tgt_path = *path + "." + o.tgt_lang;
    const std::string src_tmp = src_path + ".tmp", tgt_tmp = tgt_path + ".tmp";
    try {
      std::ofstream src_out(src_tmp, std::ios::binary), tgt_out(tgt_tmp, std::ios::binary);
      if (!src_out) throw Error::Io(src_path + ": cannot write");
      if (!tgt_out) throw Error::Io(tgt_path + ": cannot write");
      tm::write_moses(tm, src_out, tgt_out, o);
      src_out.close();
      tgt_out.close();
      if (!src_out || !tgt_out) throw Error::Io(*path + ".*: write error");
      if (std::rename(tgt_tmp.c_str(), tgt_path.c_str()) != 0) throw Error::Io(tgt_path + ": cannot write");
      if (std::rename(src_tmp.c_str(), src_path.c_str()) != 0) throw Error::Io(src_path + ": cannot write");
    } catch (...) {
      std::remove(src_tmp.c_str());
      std::remove(tgt_tmp.c_str());
      throw;
    }
    return 0;
  }
  auto write = [&](std::ostream& out) {
    if (format == "tmx") {
      tm::write_tmx(tm, out, o);
    } else {
      tm::write_tsv(tm, out, o);
    }
  };
  if (path) {
    write_file_atomically(*path, write);
  } else {
    write(std::cout);
  }
  return 0;
}

}  // namespace muwazi::cli
