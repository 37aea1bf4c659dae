#include "case_query.h"

#include <QCoreApplication>

namespace tgc {

bool isFinished(CaseStatus status) {
    return status == CaseStatus::Done || status == CaseStatus::Reviewed;
}

bool CaseFilter::matches(const CaseRecord& r) const {
    if (status && r.status != *status)
        return false;
    const QString t = text.trimmed();
    if (t.isEmpty())
        return true;
    for (const QString* field : {&r.id, &r.report, &r.aux, &r.notes})
        if (field->contains(t, Qt::CaseInsensitive))
            return true;
    return false;
}

int nextUnfinished(const std::vector<const CaseRecord*>& order, int from, int step) {
    const int n = int(order.size());
    if (n == 0)
        return -1;
    step = step < 0 ? -1 : 1;
    // From "nowhere" (-1), forward starts at the first case and backward at the last.
    int i = from < 0 || from >= n ? (step > 0 ? -1 : n) : from;
    for (int tried = 0; tried < n; ++tried) {
        i = ((i + step) % n + n) % n;
        if (!isFinished(order[std::size_t(i)]->status))
            return i;
    }
    return -1;
}

QString progressText(const std::vector<CaseRecord>& cases) {
    int done = 0;
    for (const CaseRecord& c : cases)
        done += isFinished(c.status) ? 1 : 0;
    return QCoreApplication::translate("tgc::CaseQuery", "%1 of %2 done")
        .arg(done)
        .arg(cases.size());
}

} // namespace tgc
