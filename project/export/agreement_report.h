// A project's agreement report, written into the one folder the caller
// names and nowhere else:
//   agreement.csv  one row per series, label and pair of annotators
//   summary.json   the figures the page shows (agreement_summary.h)
//   report.html    the page: self-contained, no external address
// With no reviewed series the page says so.
#pragma once

#include "agreement_summary.h"

#include <QByteArray>
#include <QJsonObject>

namespace tgc {

// Creates the folder when missing. Throws IoError naming the folder when
// it cannot be made, or the file that cannot be written. Returns the
// summary shown (it points into `series`).
AgreementSummary writeAgreementReport(const QString& folder,
                                      const std::vector<SeriesReview>& series);

// The three files' contents, for the writer and the tests.
QByteArray agreementCsv(const std::vector<SeriesReview>& series);
QJsonObject agreementSummaryJson(const AgreementSummary& summary);
QByteArray agreementHtml(const AgreementSummary& summary);

} // namespace tgc
