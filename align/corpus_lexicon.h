// Learning a word-translation dictionary from a whole corpus of aligned
// segment pairs (a translation memory), so that the next alignment starts
// with the word pairs of every earlier one (`muwazi tm lexicon`).
//
// Words are the aligner's lexicon keys (align/features.h, lexicon_key_of:
// Arabic folded, without the article and one proclitic و ف ب ل ك; Latin
// lowercased and truncated to 5 letters); on the Arabic side a word is
// counted under the key of its form without a pronoun suffix (كتابه,
// كتابهم -> the key of كتاب), and the output lists the pair for the
// frequent suffixed keys too (the aligner matches keys). A pair is kept when it co-occurs in at least
// `min_cooccurrence` segment pairs, its Dice coefficient is at least
// `min_dice`, its log-likelihood ratio (Dunning 1993) shows the association
// is not chance (`min_llr`), and each word is among the other's
// `max_translations` best partners.
//
// Memory is bounded: the corpus is read as a stream (several passes through
// `for_each`), the vocabulary is capped, and co-occurrences are counted in
// shards of at most `max_pairs_in_memory` pair occurrences.
#ifndef MUWAZI_ALIGN_CORPUS_LEXICON_H_
#define MUWAZI_ALIGN_CORPUS_LEXICON_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace muwazi::align {

struct CorpusLexiconOptions {
  int min_cooccurrence = 3;
  double min_dice = 0.5;           // as the per-document learner (LexiconOptions)
  double min_llr = 15.0;          // G^2; 10.83 is p < 0.001 for one test
  double max_fraction = 0.1;      // words in more segment pairs than this are function words
  int max_translations = 3;       // per word, on each side
  std::size_t max_vocabulary = 200000;         // per side, the most frequent keys
  std::size_t max_pairs_in_memory = 16u << 20;  // pair occurrences per counting shard
  std::size_t max_words_per_segment = 100;      // longer segments are skipped (paragraphs)
};

struct LexiconEntry {
  std::string src, tgt;  // surface words (their lexicon keys are the learned pair)
  double score = 0;      // Dice coefficient
  std::uint32_t count = 0;
};

// One segment pair: `src` is the Arabic-script side when there is one.
struct SegmentPair {
  std::string_view src, tgt;
};
// Calls its argument for every segment pair of the corpus; called once per
// pass (three or more times), in the same order each time.
using SegmentStream = std::function<void(const std::function<void(const SegmentPair&)>&)>;

struct CorpusLexiconStats {
  std::size_t segments = 0, src_vocabulary = 0, tgt_vocabulary = 0, shards = 0;
};

// Learned pairs, best first (by Dice, then count, then text).
std::vector<LexiconEntry> learn_corpus_lexicon(const SegmentStream& stream, const CorpusLexiconOptions& options,
                                               CorpusLexiconStats* stats = nullptr);

// Writes "src<TAB>tgt<TAB>score" lines (the --dict / --lexicon format).
void write_lexicon(std::ostream& out, const std::vector<LexiconEntry>& entries);

// A folded Arabic word (text::Token::text) without a pronoun suffix (ه ها هم
// هن هما كم كما كن نا ي) when at least three letters remain; a word whose
// `surface` ends in ة keeps its (folded) ه.
std::string strip_pronoun_suffix(const std::string& word, std::string_view surface);

}  // namespace muwazi::align

#endif  // MUWAZI_ALIGN_CORPUS_LEXICON_H_
