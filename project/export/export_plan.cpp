#include "export_plan.h"

#include "enum_names.h"
#include "store/project.h"

#include <QFileInfo>
#include <algorithm>
#include <map>
#include <random>

namespace tgc {

QString dataSplitName(DataSplit split) {
    static constexpr EnumNames<DataSplit, 3> names{
        {{DataSplit::Train, "train"}, {DataSplit::Val, "val"}, {DataSplit::Test, "test"}}};
    return QLatin1String(enumName(names, split));
}

QString ExportPlan::patientKey(const CaseRecord& record) {
    if (!record.patientId.trimmed().isEmpty())
        return QStringLiteral("patient:") + record.patientId.trimmed();
    const bool dicom = record.sourceKind.startsWith(QLatin1String("dicom"));
    if (dicom && !record.sources.isEmpty()) {
        const QFileInfo first(record.sources.front());
        return QStringLiteral("folder:") +
               (first.isDir() ? first.absoluteFilePath() : first.absolutePath());
    }
    return QStringLiteral("case:") + record.id;
}

ExportPlan::ExportPlan(const Project& project, const ExportOptions& options) {
    for (const CaseRecord& record : project.cases()) {
        if (!options.statuses.count(record.status)) {
            ++m_notSelected;
            continue;
        }
        if (!QFileInfo::exists(project.maskPath(record))) {
            m_skipped.push_back({record.id, QStringLiteral("no mask: nothing was annotated")});
            continue;
        }
        PlannedCase planned;
        planned.record = &record;
        planned.patientKey = patientKey(record);
        m_cases.push_back(planned);
    }
    for (std::size_t i = 0; i < m_cases.size(); ++i)
        m_cases[i].exportName = options.deidentify
                                    ? QStringLiteral("case_%1").arg(i + 1, 4, 10, QLatin1Char('0'))
                                    : m_cases[i].record->id;
    assignSplits(options.split, options.seed);
}

// Patients in a seeded random order, each given whole to the split furthest
// below its target number of cases. The shuffle draws from mt19937_64
// directly (std::shuffle's use of it differs between libraries), so a seed
// gives the same split everywhere.
void ExportPlan::assignSplits(const SplitRatios& ratios, std::uint64_t seed) {
    std::map<QString, std::vector<std::size_t>> byPatient;
    for (std::size_t i = 0; i < m_cases.size(); ++i)
        byPatient[m_cases[i].patientKey].push_back(i);
    std::vector<const std::vector<std::size_t>*> patients;
    for (const auto& entry : byPatient)
        patients.push_back(&entry.second);
    std::mt19937_64 rng(seed);
    for (std::size_t i = patients.size(); i > 1; --i)
        std::swap(patients[i - 1], patients[std::size_t(rng() % i)]);

    const double ratio[3] = {ratios.train, ratios.val, ratios.test};
    const double sum = std::max(1e-12, ratio[0] + ratio[1] + ratio[2]);
    const double total = double(m_cases.size());
    double count[3] = {0, 0, 0};
    for (const auto* cases : patients) {
        int best = -1;
        double bestDeficit = 0;
        for (int s = 0; s < 3; ++s) {
            if (ratio[s] <= 0)
                continue;
            const double deficit = ratio[s] / sum * total - count[s];
            if (best < 0 || deficit > bestDeficit + 1e-9) {
                best = s;
                bestDeficit = deficit;
            }
        }
        count[best] += double(cases->size());
        for (std::size_t i : *cases)
            m_cases[i].split = DataSplit(best);
    }
}

} // namespace tgc
