// Writing the TM out: TMX 1.4b (libxml2 xmlTextWriter, UTF-8) and TSV.
#ifndef MUWAZI_TM_TMX_WRITER_H_
#define MUWAZI_TM_TMX_WRITER_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "tm/tm.h"

namespace muwazi::tm {

struct ExportOptions {
  // Only units whose source / target language matches (RFC 4647 basic
  // filtering); "" = all.
  std::string src_lang;
  std::string tgt_lang;
  // Only units with an alignment confidence >= this (units without one,
  // from TMX or TSV files, always pass). 0 = all.
  double min_score = 0;
};

// TMX 1.4b: header creationtool="muwazi", segtype="sentence", o-tmf="muwazi",
// adminlang="en", srclang = the units' source language when they all share
// one (else "*all*"), datatype="plaintext". Each unit is a <tu> (tuid,
// dates, srclang) with its props and notes, provenance as x-muwazi-* props,
// and two <tuv>, inline codes written back. Characters XML 1.0 forbids
// (C0 controls other than TAB/LF/CR) are dropped. Returns the units written.
std::int64_t write_tmx(const Tm& tm, std::ostream& out, const ExportOptions& options);

// One unit per line: source TAB target (tabs and line breaks inside a
// segment become spaces). Returns the units written.
std::int64_t write_tsv(const Tm& tm, std::ostream& out, const ExportOptions& options);

// Moses-style parallel text, the input of MT training: line i of `src_out`
// is the source of a unit, line i of `tgt_out` its target (line breaks
// inside a segment become spaces). Returns the lines written.
std::int64_t write_moses(const Tm& tm, std::ostream& src_out, std::ostream& tgt_out, const ExportOptions& options);

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_TMX_WRITER_H_
