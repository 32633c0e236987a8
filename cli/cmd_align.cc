// `muwazi align`: two files in, beads (or tsv/jsonl) out.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "align/aligner.h"
#include "align/beads_io.h"
#include "align/document_io.h"
#include "align/parallel.h"
#include "cli/align_flags.h"
#include "cli/args.h"
#include "cli/command.h"
#include "evaluation/eval.h"
#include "text/error.h"

namespace muwazi::cli {
namespace {

const Options& align_command_options() {
  static const Options o = [] {
    Options o("align",
              "usage: muwazi align [options] SRC TGT\n"
              "\n"
              "Aligns the sentences of SRC with those of TGT (UTF-8 text files, '-' for\n"
              "standard input on one side). Raw text is split into sentences first (blank\n"
              "lines are paragraph breaks); with --presplit each line is one sentence.\n");
    o.value("--src-lang", "L", "source language (default ar)")
        .value("--tgt-lang", "L", "target language (default en)")
        .flag("--presplit", "one sentence per line (blank lines: paragraph breaks)")
        .value("--format", "F",
               "beads (default): [0, 1]:[2]:0.84, 0-based ids, every sentence once, in order, score = "
               "confidence in [0,1]; tsv: source TAB target TAB score; jsonl: one object per bead")
        .value("-o", "FILE", "write to FILE instead of standard output")
        .value("--gold", "FILE",
               "also score the alignment against FILE (beads) and print strict/lax precision, recall and F1 on "
               "standard error")
        .flag("--verbose",
              "also print on standard error whether the pair is a translation at all: its parallel score "
              "(0-1) and why")
        .add(align_options_group());
    return o;
  }();
  return o;
}

bool valid_lang(const std::string& lang) {
  if (lang.size() < 2 || lang.size() > 3) return false;
  for (char c : lang) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

std::string lang_flag(const Args& args, const std::string& flag, const std::string& def) {
  std::string v = args.get(flag, def);
  for (char& c : v) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  std::string primary = v.substr(0, v.find_first_of("-_"));
  if (!valid_lang(primary)) throw Error::Usage(flag + " wants a language code such as ar or en, not '" + v + "'");
  return primary;
}

int run_align(const std::vector<std::string>& argv) {
  const Options& opts = align_command_options();
  Args args = opts.parse(argv);
  if (args.help()) {
    opts.print_help(std::cout);
    return 0;
  }
  args.require_positional(2, 2, "two files, SRC and TGT");
  const std::string src_path = args.positional()[0], tgt_path = args.positional()[1];
  if (src_path == "-" && tgt_path == "-") throw Error::Usage("only one of SRC and TGT can be standard input");
  const align::BeadFormat format = align::parse_bead_format(args.get("--format", "beads"));
  std::shared_ptr<align::Dictionary> dictionary;
  align::AlignOptions options = align_options_from(args, dictionary);
  const bool presplit = args.has("--presplit");
  const std::string src_lang = lang_flag(args, "--src-lang", "ar");
  const std::string tgt_lang = lang_flag(args, "--tgt-lang", "en");

  align::Alignment gold;
  const auto gold_path = args.get_opt("--gold");
  if (gold_path) gold = align::read_beads(*gold_path);

  align::Document src = align::read_document(src_path, src_lang, presplit);
  align::Document tgt = align::read_document(tgt_path, tgt_lang, presplit);
  if (gold_path) {
    align::check_coverage(gold, static_cast<int>(src.sentences.size()), static_cast<int>(tgt.sentences.size()),
                          *gold_path);
  }
  align::PairVerdict verdict;
  align::Alignment beads = align::align_documents(src, tgt, options, &verdict);

  std::error_code ec;
  const auto out_path = args.get_opt("-o");
  const auto out_status = out_path ? std::filesystem::status(*out_path, ec) : std::filesystem::file_status{};
  if (out_path && std::filesystem::exists(out_status) && !std::filesystem::is_regular_file(out_status) &&
      !std::filesystem::is_directory(out_status)) {
    // A device or FIFO (-o /dev/null, a pipe) is written directly: renaming
    // over it would replace the device node with a regular file.
    std::ofstream out(*out_path, std::ios::binary);
    if (!out) throw Error::Io(*out_path + ": cannot write");
    align::write_alignment(out, beads, src, tgt, format);
    out.flush();
    if (!out) throw Error::Io(*out_path + ": write error");
  } else if (out_path) {
    // Write to a temporary file and rename, so a failure leaves no half file.
    std::string tmp = *out_path + ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary);
      if (!out) throw Error::Io(*out_path + ": cannot write");
      align::write_alignment(out, beads, src, tgt, format);
      out.flush();
      if (!out) {
        std::remove(tmp.c_str());
        throw Error::Io(*out_path + ": write error");
      }
    }
    if (std::rename(tmp.c_str(), out_path->c_str()) != 0) {
      std::remove(tmp.c_str());
      throw Error::Io(*out_path + ": cannot write");
    }
  } else {
    align::write_alignment(std::cout, beads, src, tgt, format);
  }
  if (args.has("--verbose")) std::cerr << verdict.reason << "\n";
  if (gold_path) {
    evaluation::EvalResult r = evaluation::score_documents({gold}, {beads});
    std::cerr << evaluation::format_table(r) << "\n";
  }
  return 0;
}

}  // namespace

MUWAZI_COMMAND("align", "align the sentences of two documents (beads, tsv or jsonl)", run_align);

}  // namespace muwazi::cli
