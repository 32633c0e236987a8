// `muwazi tm add SRC TGT`: the composition of the aligner and the TM. The
// aligner gives beads; this file turns them into tm::Unit (tm/ never sees a
// bead) and stores them in one transaction.
#include <iostream>

#include "align/aligner.h"
#include "align/document_io.h"
#include "cli/align_flags.h"
#include "cli/tm_common.h"
#include "text/error.h"
#include "text/input.h"
#include "tm/lang.h"
#include "tm/sha256.h"

namespace muwazi::cli {
namespace {

constexpr const char* kUsage =
    "usage: muwazi tm add --db DB [options] SRC TGT\n"
    "\n"
    "Aligns the article SRC with its translation TGT (as `muwazi align`) and\n"
    "stores every bead with sentences on both sides and a confidence >=\n"
    "--min-score as one unit (sentences of a side joined by a space), with its\n"
    "provenance: both file names and sha256, bead index, sentence ids, shape and\n"
    "score. Re-adding the same pair adds nothing. One transaction.\n";

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

std::string primary(const std::string& tag) { return tm::lower_tag(tag.substr(0, tag.find_first_of("-_"))); }

}  // namespace

int tm_add(const std::vector<std::string>& argv) {
  static const Options opts = std::move(
      Options("tm add", kUsage)
          .value("--db", "PATH", "the TM (default muwazi.db; created when missing)")
          .value("--src-lang", "L", "language of SRC (default ar)")
          .value("--tgt-lang", "L", "language of TGT (default en)")
          .flag("--presplit", "one sentence per line")
          .value("--min-score", "S", "smallest bead confidence stored, 0-1 (default 0.5)")
          .value("--on-duplicate", "P", "same source, different target: add (default), keep, overwrite")
          .value("--user", "NAME", "recorded as creationid")
          .flag("--quiet", "no progress on stderr")
          .add(align_options_group()));
  Args args = opts.parse(argv);
  if (args.help()) {
    opts.print_help(std::cout);
    return 0;
  }
  args.require_positional(2, 2, "two files, SRC and TGT");
  const std::string src_path = args.positional()[0], tgt_path = args.positional()[1];
  if (src_path == "-" || tgt_path == "-") throw Error::Usage("tm add reads two files (standard input has no provenance)");
  const std::string src_lang = lang_flag(args, "--src-lang", "ar");
  const std::string tgt_lang = lang_flag(args, "--tgt-lang", "en");
  const double min_score = args.get_double("--min-score", 0.5, 0.0, 1.0);
  tm::WriteOptions wo;
  wo.on_duplicate = tm::parse_on_duplicate(args.get("--on-duplicate", "add"));
  wo.user = args.get("--user", "");
  std::shared_ptr<align::Dictionary> dictionary;
  align::AlignOptions ao = align_options_from(args, dictionary);
  const bool presplit = args.has("--presplit");

  // Read and align everything before opening a transaction.
  const std::string src_bytes = text::read_file_bytes(src_path), tgt_bytes = text::read_file_bytes(tgt_path);
  align::Document src = align::make_document(text::clean_text(src_bytes, src_path), primary(src_lang), presplit);
  align::Document tgt = align::make_document(text::clean_text(tgt_bytes, tgt_path), primary(tgt_lang), presplit);
  align::Alignment beads = align::align_documents(src, tgt, ao);

  tm::Provenance prov = tm::Provenance::file("docpair", src_path);
  prov.sha256 = tm::sha256_hex(src_bytes);
  prov.name2 = tgt_path;
  prov.sha256_2 = tm::sha256_hex(tgt_bytes);
  tm::Tm tm = tm::Tm::open(db_path(args), {.create = true});
  tm::WriteBatch batch(tm, prov, wo);
  std::int64_t low = 0, omissions = 0;
  for (std::size_t b = 0; b < beads.size(); ++b) {
    const align::Bead& bead = beads[b];
    if (bead.src.empty() || bead.tgt.empty()) {
      ++omissions;
      continue;
    }
    if (bead.score >= 0 && bead.score < min_score) {
      ++low;
      continue;
    }
    tm::Unit u;
    u.source = tm::Segment{src_lang, join_sentences(src, bead.src), nullptr};
    u.target = tm::Segment{tgt_lang, join_sentences(tgt, bead.tgt), nullptr};
    u.position = static_cast<std::int64_t>(b);
    u.score = bead.score;
    u.bead = std::to_string(bead.src.size()) + "-" + std::to_string(bead.tgt.size());
    u.src_sentences = id_list(bead.src);
    u.tgt_sentences = id_list(bead.tgt);
    batch.add(u);
  }
  tm::WriteStats st = batch.commit();
  std::cout << src_path << " + " << tgt_path << ": " << beads.size() << " beads, " << st.added << " units added, "
            << st.identical << " already present, " << st.kept << " kept (same source), " << st.overwritten
            << " overwritten, " << low << " below --min-score " << min_score << ", " << omissions
            << " omissions\n";
  return 0;
}

}  // namespace muwazi::cli
