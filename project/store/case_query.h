// What the case list asks of a project: which cases a filter shows, which
// case is the next one still to do, how far the work is.
#pragma once

#include "case_record.h"

#include <QString>
#include <optional>
#include <vector>

namespace tgc {

// Done and reviewed cases are finished; new and in-progress ones are not.
bool isFinished(CaseStatus status);

struct CaseFilter {
    std::optional<CaseStatus> status; // none: every status
    QString text; // searched in id, report, auxiliary prompt and notes (case-insensitive)
    bool matches(const CaseRecord& record) const;
};

// Position in `order` of the next unfinished case after `from` (step +1) or
// before it (step -1), wrapping around; -1 when every case is finished.
int nextUnfinished(const std::vector<const CaseRecord*>& order, int from, int step);

// "34 of 120 done" (reviewed cases count as done).
QString progressText(const std::vector<CaseRecord>& cases);

} // namespace tgc
