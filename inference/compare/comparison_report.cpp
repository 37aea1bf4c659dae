#include "comparison_report.h"

#include "io_error.h"
#include "report_pictures.h"

#include <QCoreApplication>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tgc {

namespace {

QString text(const char* source) {
    return QCoreApplication::translate("tgc::ComparisonReport", source);
}

QString fixed(double value, int decimals) {
    return std::isfinite(value) ? QString::number(value, 'f', decimals) : QStringLiteral("–");
}

} // namespace

ComparisonReportWriter::ComparisonReportWriter(const QString& folder, const QStringList& modelNames)
    : m_folder(folder), m_modelNames(modelNames) {
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        throw std::logic_error("the comparison report draws text: it needs a QGuiApplication");
    if (!m_folder.mkpath(QStringLiteral("montages")))
        throw IoError(folder, QStringLiteral("cannot create the output folder"));
}

QString ComparisonReportWriter::montagePath(const QString& caseId) const {
    const auto found = m_montages.find(caseId);
    return found == m_montages.end() ? QString() : found->second;
}

void ComparisonReportWriter::writeFile(const QString& name, const QByteArray& bytes) const {
    QFile file(m_folder.filePath(name));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(bytes) != bytes.size() || !file.flush())
        throw IoError(file.fileName(), QStringLiteral("cannot write: %1").arg(file.errorString()));
}

void ComparisonReportWriter::addCase(const CaseScores& comparison, const CaseMasks& masks) {
    // Numbered, and reduced to safe characters: case ids from qata mask
    // names may hold anything, and two may reduce to the same text.
    QString safe = comparison.id;
    safe.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    const QString name = QStringLiteral("montages/%1-%2.png")
                             .arg(m_montages.size() + 1, 4, 10, QLatin1Char('0'))
                             .arg(safe);
    std::vector<double> dice;
    for (const ModelScore& s : comparison.scores)
        dice.push_back(s.dice);
    const QImage montage = renderMontage(*masks.data, *masks.predictions, m_modelNames, dice);
    if (!montage.save(m_folder.filePath(name), "PNG"))
        throw IoError(m_folder.filePath(name), QStringLiteral("cannot write the montage"));
    m_montages[comparison.id] = name;
}

ComparisonSummary ComparisonReportWriter::finish(const ComparisonResult& result) {
    const ComparisonSummary summary = summarizeComparison(result);
    writeFile(QStringLiteral("metrics.csv"), metricsCsv(result));
    writeFile(QStringLiteral("pairwise.csv"), pairwiseCsv(result));
    writeFile(QStringLiteral("summary.json"),
              QJsonDocument(summaryJson(result, summary)).toJson(QJsonDocument::Indented));
    std::vector<std::vector<double>> dice(std::size_t(m_modelNames.size()));
    for (const CaseScores& c : result.cases)
        for (std::size_t m = 0; m < c.scores.size(); ++m)
            if (c.scores[m].hasReference)
                dice[m].push_back(c.scores[m].dice);
    const QString plot = m_folder.filePath(QStringLiteral("dice_boxplot.png"));
    if (!renderDiceBoxPlot(m_modelNames, dice).save(plot, "PNG"))
        throw IoError(plot, QStringLiteral("cannot write the box plot"));
    writeFile(QStringLiteral("report.html"), reportHtml(result, summary));
    return summary;
}

QByteArray ComparisonReportWriter::reportHtml(const ComparisonResult& result,
                                              const ComparisonSummary& s) const {
    auto esc = [](const QString& t) { return t.toHtmlEscaped(); };
    // A list entry naming a case and a figure, linked to the case's montage.
    const auto caseItem = [this, &esc](const QString& id, const QString& figure) {
        const QString label = QStringLiteral("%1 — %2").arg(esc(id), esc(figure));
        const QString link = montagePath(id);
        return link.isEmpty()
                   ? QStringLiteral("<li>%1</li>\n").arg(label)
                   : QStringLiteral("<li><a href=\"%1\">%2</a></li>\n").arg(esc(link), label);
    };
    QString h;
    h += QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title>\n"
                        "<style>body{font-family:sans-serif;margin:24px;max-width:1100px}"
                        "table{border-collapse:collapse;margin:8px 0 20px}"
                        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                        "th:first-child,td:first-child{text-align:left}"
                        ".swatch{display:inline-block;width:12px;height:12px;margin-right:6px}"
                        ".worst{display:inline-block;vertical-align:top;margin-right:28px}"
                        "</style></head><body>\n")
             .arg(esc(text("Model comparison")));
    h += QStringLiteral("<h1>%1</h1>\n<p>%2. %3</p>\n")
             .arg(esc(text("Model comparison")), esc(result.casesDescription),
                  esc(text("%1 cases compared.").arg(result.cases.size())));
    if (result.cancelled)
        h += QStringLiteral("<p><b>%1</b></p>\n")
                 .arg(esc(text("Cancelled: only the cases finished before the stop are shown.")));

    h += QStringLiteral("<h2>%1</h2>\n<table><tr><th>%2</th><th>%3</th><th>%4</th><th>%5</th>"
                        "<th>%6</th><th>%7</th><th>%8</th></tr>\n")
             .arg(esc(text("Models against the annotation")), esc(text("model")),
                  esc(text("cases")), esc(text("Dice mean ± std")), esc(text("Dice median")),
                  esc(text("IoU mean")), esc(text("HD95 median (mm)")), esc(text("ms per case")));
    for (int m = 0; m < int(s.models.size()); ++m) {
        const ModelSummary& ms = s.models[std::size_t(m)];
        h += QStringLiteral("<tr><td><span class=\"swatch\" style=\"background:%1\"></span>%2"
                            "<br><small>%3</small></td><td>%4</td><td>%5 ± %6</td><td>%7</td>"
                            "<td>%8</td><td>%9</td>")
                 .arg(modelColour(m).name(), esc(ms.name), esc(result.modelPaths.value(m)))
                 .arg(ms.scored)
                 .arg(fixed(ms.dice.mean, 3), fixed(ms.dice.stdDev, 3), fixed(ms.dice.median, 3),
                      fixed(ms.iou.mean, 3), fixed(ms.hd95.median, 2));
        h += QStringLiteral("<td>%1</td></tr>\n").arg(fixed(ms.ms.mean, 0));
    }
    h += QStringLiteral("</table>\n<img src=\"dice_boxplot.png\" alt=\"%1\">\n")
             .arg(esc(text("box plot of Dice per model")));

    if (!s.pairs.empty()) {
        h += QStringLiteral("<h2>%1</h2>\n<table><tr><th>%2</th><th>%3</th><th>%4</th>"
                            "<th>%5</th><th>%6</th><th>%7</th></tr>\n")
                 .arg(esc(text("Pairs")), esc(text("A vs B")),
                      esc(text("A better / B better / "
                               "equal (Dice)")),
                      esc(text("mean Dice A − B")), esc(text("Wilcoxon p (two-sided)")),
                      esc(text("method")), esc(text("Dice between A and B masks")));
        for (const PairSummary& p : s.pairs) {
            const QString method = p.wilcoxon.ranked == 0 ? text("no differences")
                                   : p.wilcoxon.exact     ? text("exact")
                                                          : text("normal approximation");
            h +=
                QStringLiteral("<tr><td>%1 vs %2</td><td>%3 / %4 / %5</td><td>%6</td>"
                               "<td>%7</td><td>%8</td><td>%9</td></tr>\n")
                    .arg(esc(s.models[std::size_t(p.a)].name), esc(s.models[std::size_t(p.b)].name))
                    .arg(p.aWins)
                    .arg(p.bWins)
                    .arg(p.ties)
                    .arg(fixed(p.meanDiceDifference, 4), QString::number(p.wilcoxon.pValue, 'g', 4),
                         esc(method), fixed(p.meanPairwiseDice, 3));
        }
        h += QStringLiteral("</table>\n");
    }

    h += QStringLiteral("<h2>%1</h2>\n").arg(esc(text("Worst cases per model (lowest Dice)")));
    for (int m = 0; m < int(s.models.size()); ++m) {
        std::vector<const CaseScores*> scored;
        for (const CaseScores& c : result.cases)
            if (c.scores[std::size_t(m)].hasReference)
                scored.push_back(&c);
        // Stable: equal Dice keep the cases' order, so the list is reproducible.
        std::stable_sort(scored.begin(), scored.end(), [m](const auto* x, const auto* y) {
            return x->scores[std::size_t(m)].dice < y->scores[std::size_t(m)].dice;
        });
        scored.resize(std::min<std::size_t>(scored.size(), 10));
        h += QStringLiteral("<div class=\"worst\"><h3><span class=\"swatch\" "
                            "style=\"background:%1\"></span>%2</h3><ol>\n")
                 .arg(modelColour(m).name(), esc(s.models[std::size_t(m)].name));
        for (const CaseScores* c : scored) {
            h += caseItem(c->id,
                          QStringLiteral("Dice %1").arg(fixed(c->scores[std::size_t(m)].dice, 3)));
        }
        h += QStringLiteral("</ol></div>\n");
    }
    // Where two models part ways: useful with or without an annotation.
    if (!s.pairs.empty())
        h += QStringLiteral("<h2>%1</h2>\n").arg(esc(text("Where the models disagree")));
    for (const PairSummary& p : s.pairs) {
        std::vector<const CaseScores*> order;
        for (const CaseScores& c : result.cases)
            order.push_back(&c);
        const auto between = [&p](const CaseScores* c) {
            return c->pairwiseDice[std::size_t(p.a)][std::size_t(p.b)];
        };
        std::stable_sort(order.begin(), order.end(),
                         [&](const auto* x, const auto* y) { return between(x) < between(y); });
        order.resize(std::min<std::size_t>(order.size(), 10));
        h += QStringLiteral("<div class=\"worst\"><h3>%1</h3><ol>\n")
                 .arg(esc(
                     text("%1 and %2, lowest Dice between their masks")
                         .arg(s.models[std::size_t(p.a)].name, s.models[std::size_t(p.b)].name)));
        for (const CaseScores* c : order)
            h += caseItem(c->id, QStringLiteral("%1").arg(fixed(between(c), 3)));
        h += QStringLiteral("</ol></div>\n");
    }

    h += QStringLiteral("<p><small>%1 <a href=\"metrics.csv\">metrics.csv</a>, "
                        "<a href=\"summary.json\">summary.json</a>, <a "
                        "href=\"pairwise.csv\">pairwise.csv</a>. %2</small></p>\n")
             .arg(esc(text("Every figure:")),
                  esc(text("Wilcoxon signed-rank test of per-case Dice, two-sided; zero "
                           "differences dropped; exact up to 50 ranked pairs, else normal "
                           "approximation with tie and continuity correction.")));
    h += QStringLiteral("</body></html>\n");
    return h.toUtf8();
}

} // namespace tgc
