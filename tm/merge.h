// `muwazi tm merge`: the shard TMs of a distributed batch (or any TMs) into
// one. Each input is copied in one transaction, its sources (provenance
// records, with their dates) first and then their units, under the duplicate
// rules of import: a unit whose source and target are already stored is not
// stored again, and a source that brings no new unit and is recorded already
// is not recorded again, so merging the same TM twice adds nothing.
//
// Units that occur in several inputs are kept once, with the provenance of
// the first input that holds them (the order of `inputs`).
#ifndef MUWAZI_TM_MERGE_H_
#define MUWAZI_TM_MERGE_H_

#include <cstdint>
#include <functional>
#include <string>

#include "tm/tm.h"

namespace muwazi::tm {

struct MergeStats {
  std::int64_t sources = 0;  // provenance records read from the input
  std::int64_t units = 0;    // units read from the input
  WriteStats write;          // what the store did with them
};

// Copies the TM at `input_path` (opened read-only; it must be a TM of this
// schema version) into `out`. progress(units read so far) is called now and
// then. Throws Error::Database for an input that is not a readable TM or the
// same file as `out`, and for a failed write (the transaction rolls back).
MergeStats merge_tm(Tm& out, const std::string& input_path, const WriteOptions& options,
                    const std::function<void(std::int64_t)>& progress = {});

}  // namespace muwazi::tm

#endif  // MUWAZI_TM_MERGE_H_
