// The words of a whole translation memory as a dictionary for the aligner
// (`muwazi tm lexicon`): streams the TM's units of one language pair, in
// either direction, into align::learn_corpus_lexicon.
#ifndef MUWAZI_CORPUS_TM_LEXICON_H_
#define MUWAZI_CORPUS_TM_LEXICON_H_

#include <string>
#include <vector>

#include "align/corpus_lexicon.h"
#include "tm/tm.h"

namespace muwazi::corpus {

// Units whose languages match (tm::lang_matches) src_lang -> tgt_lang, or
// tgt_lang -> src_lang (turned round), are learned from; `src` of every
// entry is in src_lang.
std::vector<align::LexiconEntry> learn_tm_lexicon(const tm::Tm& tm, const std::string& src_lang,
                                                  const std::string& tgt_lang,
                                                  const align::CorpusLexiconOptions& options,
                                                  align::CorpusLexiconStats* stats = nullptr);

}  // namespace muwazi::corpus

#endif  // MUWAZI_CORPUS_TM_LEXICON_H_
