#include "corpus/tm_lexicon.h"

#include "tm/lang.h"

namespace muwazi::corpus {

std::vector<align::LexiconEntry> learn_tm_lexicon(const tm::Tm& tm, const std::string& src_lang,
                                                  const std::string& tgt_lang,
                                                  const align::CorpusLexiconOptions& options,
                                                  align::CorpusLexiconStats* stats) {
  align::SegmentStream stream = [&](const std::function<void(const align::SegmentPair&)>& fn) {
    tm.for_each_unit([&](const tm::StoredUnit& s) {
      const tm::Segment& a = s.unit.source;
      const tm::Segment& b = s.unit.target;
      if (tm::lang_matches(src_lang, a.lang) && tm::lang_matches(tgt_lang, b.lang)) {
        fn({a.text, b.text});
      } else if (tm::lang_matches(src_lang, b.lang) && tm::lang_matches(tgt_lang, a.lang)) {
        fn({b.text, a.text});
      }
    });
  };
  return align::learn_corpus_lexicon(stream, options, stats);
}

}  // namespace muwazi::corpus
