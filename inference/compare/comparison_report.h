// Writes a comparison into one output folder and nowhere else:
//   metrics.csv, pairwise.csv,          figures (comparison_summary.h)
//   summary.json
//   montages/<n>-<case>.png             one per case (report_pictures.h)
//   dice_boxplot.png, report.html       the report, linking the ten worst
//                                       cases of each model
// Montages are written as cases finish (addCase), so masks need not be kept.
#pragma once

#include "comparison_runner.h"
#include "comparison_summary.h"

#include <QDir>
#include <map>

namespace tgc {

class ComparisonReportWriter {
public:
    // Creates the folder when missing. Throws IoError naming it when it
    // cannot be made or written, and std::logic_error without a
    // QGuiApplication (the pictures need fonts).
    ComparisonReportWriter(const QString& folder, const QStringList& modelNames);

    // Observer for ComparisonRunner::run: writes the case's montage.
    void addCase(const CaseScores& comparison, const CaseMasks& masks);
    // Writes the tables and the report; returns the summary they show.
    ComparisonSummary finish(const ComparisonResult& result);

    QString montagePath(const QString& caseId) const; // relative to the folder
    const QDir& folder() const { return m_folder; }

private:
    void writeFile(const QString& name, const QByteArray& bytes) const;
    QByteArray reportHtml(const ComparisonResult& result, const ComparisonSummary& s) const;

    QDir m_folder;
    QStringList m_modelNames;
    std::map<QString, QString> m_montages; // case id -> relative path
};

} // namespace tgc
