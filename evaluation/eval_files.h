// Scoring alignment files (`muwazi eval`): gold and test bead files read,
// counted and scored with evaluation/eval.h.
#ifndef MUWAZI_EVALUATION_EVAL_FILES_H_
#define MUWAZI_EVALUATION_EVAL_FILES_H_

#include <functional>
#include <string>
#include <vector>

#include "evaluation/eval.h"

namespace muwazi::evaluation {

struct FilePair {
  std::string gold;
  std::string test;
};

// D/NAME.gold paired with E/NAME.align for every NAME matching the fnmatch(3)
// pattern `glob`, sorted by NAME. Throws Error::Io when a directory is missing
// or a test file is (all missing ones named), Error::Input when no gold file
// matches.
std::vector<FilePair> pair_directories(const std::string& gold_dir, const std::string& test_dir,
                                       const std::string& glob);

struct FileEvaluation {
  EvalResult result;
  Diagnostics diagnostics;  // filled when asked for
};

// Reads and scores every pair (counts summed over them). A test file whose
// highest ids differ from its gold file's is scored as it is; `warn` gets a
// line saying so ("T mentions 3 source / 4 target sentences, G 3 / 5").
// Throws what align::read_beads throws.
FileEvaluation evaluate_files(const std::vector<FilePair>& pairs, bool diagnostics,
                              const std::function<void(const std::string&)>& warn = nullptr);

}  // namespace muwazi::evaluation

#endif  // MUWAZI_EVALUATION_EVAL_FILES_H_
