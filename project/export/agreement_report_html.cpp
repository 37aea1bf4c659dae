// report.html of the agreement report: one page, its style inline, no
// scripts, pictures or addresses outside it.
#include "agreement_report.h"

#include <algorithm>
#include <cmath>

namespace tgc {

namespace {

QString esc(const QString& text) {
    return text.toHtmlEscaped();
}

QString fixed(double v, int decimals) {
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("–");
}

// A Dice figure with a bar whose length and colour show it at a glance.
QString diceCell(double dice) {
    if (!std::isfinite(dice))
        return QStringLiteral("<td class=\"num\">–</td>");
    const char* tone = dice < 0.5 ? "low" : dice < 0.8 ? "mid" : "high";
    return QStringLiteral("<td class=\"num\">%1 <span class=\"bar %2\" style=\"width:%3px\">"
                          "</span></td>")
        .arg(fixed(dice, 3), QLatin1String(tone))
        .arg(qRound(std::clamp(dice, 0.0, 1.0) * 60) + 1);
}

const char* kStyle =
    "body{font-family:system-ui,'DejaVu Sans',sans-serif;color:#1f2328;max-width:1120px;"
    "margin:24px auto;padding:0 20px;line-height:1.45}"
    "h1{font-size:26px;margin-bottom:4px}h2{font-size:19px;margin:28px 0 4px}"
    "p.explain{color:#57606a;margin:2px 0 8px;font-size:14px}"
    "table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:14px}"
    "th{background:#f6f8fa;text-align:left;font-weight:600}"
    "th,td{border-bottom:1px solid #d8dee4;padding:6px 10px;vertical-align:top}"
    "td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}"
    "td.name{white-space:nowrap}"
    ".uid{display:block;font-family:monospace;font-size:11px;word-break:break-all;"
    "color:#57606a;max-width:300px}"
    ".bar{display:inline-block;height:9px;border-radius:2px;vertical-align:middle;"
    "margin-left:6px}"
    ".bar.low{background:#cf222e}.bar.mid{background:#d4a72c}.bar.high{background:#2da44e}"
    ".none{color:#57606a;font-style:italic}.empty{font-size:17px;margin:40px 0}"
    "footer{color:#57606a;font-size:13px;margin-top:32px}";

QString pairTable(const AgreementSummary& s) {
    QString h = QStringLiteral(
        "<h2>Agreement per label and pair of annotators</h2>\n<p class=\"explain\">Dice "
        "between the two annotators' masks of a label: 1 means identical, 0 no overlap. Over "
        "every series both of them labelled; a pair where neither drew a label that someone "
        "else drew counts as agreeing (Dice 1).</p>\n<table><tr><th>Label</th><th>Annotators</th>"
        "<th class=\"num\">Series</th><th class=\"num\">Mean Dice</th><th class=\"num\">SD</th>"
        "<th class=\"num\">Lowest</th><th class=\"num\">Median</th></tr>\n");
    for (const LabelPairAgreement& p : s.pairs)
        h += QStringLiteral("<tr><td>%1</td><td>%2 and %3</td><td class=\"num\">%4</td>%5"
                            "<td class=\"num\">%6</td><td class=\"num\">%7</td>"
                            "<td class=\"num\">%8</td></tr>\n")
                 .arg(esc(p.labelName), esc(p.a), esc(p.b))
                 .arg(p.dice.count)
                 .arg(diceCell(p.dice.mean),
                      p.dice.count > 1 ? fixed(p.dice.stdDev, 3) : QStringLiteral("–"),
                      fixed(p.diceMin, 3), fixed(p.dice.median, 3));
    return h + QStringLiteral("</table>\n");
}

QString seriesTable(const AgreementSummary& s) {
    constexpr std::size_t kShown = 100;
    QString h = QStringLiteral(
        "<h2>Series, lowest agreement first</h2>\n<p class=\"explain\">Ordered by the mean "
        "Dice over the series' labels and annotator pairs. The lowest pair names where the "
        "annotators disagree most; HD95 is the 95th-percentile distance between the two "
        "surfaces (undefined where one of them drew nothing).</p>\n<table><tr><th>#</th>"
        "<th>Case and series UID</th><th class=\"num\">Mean Dice</th><th>Lowest pair</th>"
        "<th class=\"num\">Largest HD95</th><th>Final mask</th></tr>\n");
    for (std::size_t i = 0; i < s.series.size() && i < kShown; ++i) {
        const SeriesAgreementLine& line = s.series[i];
        QString lowest = QStringLiteral("<span class=\"none\">no label drawn</span>");
        if (line.worst)
            lowest = QStringLiteral("%1 — %2 and %3, %4")
                         .arg(fixed(line.worst->dice, 3), esc(line.worst->a), esc(line.worst->b),
                              esc(line.worst->labelName));
        QString hd95 = std::isfinite(line.hd95MaxMm)
                           ? fixed(line.hd95MaxMm, 1) + QStringLiteral(" mm")
                           : QStringLiteral("–");
        if (line.undefinedHd95)
            hd95 +=
                QStringLiteral("<br><small>%1 with one mask empty</small>").arg(line.undefinedHd95);
        const QString finalMask = line.series->finalMask.isEmpty()
                                      ? QStringLiteral("<span class=\"none\">not chosen</span>")
                                      : esc(line.series->finalMask);
        h += QStringLiteral("<tr><td>%1</td><td>%2<span class=\"uid\">%3</span></td>%4<td>%5</td>"
                            "<td class=\"num\">%6</td><td class=\"name\">%7</td></tr>\n")
                 .arg(i + 1)
                 .arg(esc(line.series->caseId), esc(line.series->seriesUid),
                      diceCell(line.diceMean), lowest, hd95, finalMask);
    }
    h += QStringLiteral("</table>\n");
    if (s.series.size() > kShown)
        h += QStringLiteral("<p class=\"explain\">%1 more series in agreement.csv.</p>\n")
                 .arg(s.series.size() - kShown);
    return h;
}

QString annotatorTable(const AgreementSummary& s) {
    QString h = QStringLiteral(
        "<h2>Annotators</h2>\n<p class=\"explain\">How often each annotator's mask started "
        "from an accepted model proposal, and how much they changed it: the Dice between the "
        "accepted proposal and their final mask (1 = kept as proposed).</p>\n<table><tr>"
        "<th>Annotator</th><th class=\"num\">Series</th><th class=\"num\">Final mask</th>"
        "<th class=\"num\">From a model proposal</th><th class=\"num\">Dice proposal → "
        "final</th><th>Models</th></tr>\n");
    for (const AnnotatorReviewSummary& a : s.annotators) {
        QStringList models;
        for (const auto& [model, count] : a.models)
            models << QStringLiteral("%1 ×%2").arg(esc(model)).arg(count);
        const QString share = QStringLiteral("%1 of %2 (%3%)")
                                  .arg(a.fromProposal)
                                  .arg(a.series)
                                  .arg(qRound(100.0 * double(a.fromProposal) /
                                              double(std::max<std::size_t>(a.series, 1))));
        const QString kept = a.proposalDice.count ? QStringLiteral("%1 <small>(n = %2)</small>")
                                                        .arg(fixed(a.proposalDice.mean, 3))
                                                        .arg(a.proposalDice.count)
                                                  : QStringLiteral("–");
        h += QStringLiteral("<tr><td>%1</td><td class=\"num\">%2</td><td class=\"num\">%3</td>"
                            "<td class=\"num\">%4</td><td class=\"num\">%5</td><td>%6</td></tr>\n")
                 .arg(esc(a.annotator))
                 .arg(a.series)
                 .arg(a.finalMasks)
                 .arg(share, kept,
                      models.isEmpty() ? QStringLiteral("<span class=\"none\">all by hand</span>")
                                       : models.join(QStringLiteral(", ")));
    }
    return h + QStringLiteral("</table>\n");
}

} // namespace

QByteArray agreementHtml(const AgreementSummary& s) {
    QString h = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                               "<title>Annotator agreement</title>\n<style>%1</style></head>"
                               "<body>\n<h1>Annotator agreement</h1>\n")
                    .arg(QLatin1String(kStyle));
    if (s.series.empty()) {
        h += QStringLiteral("<p class=\"empty\">No reviewed series yet: once two or more "
                            "annotators have labelled a series and it has been reviewed, their "
                            "agreement appears here.</p>\n");
    } else {
        h += QStringLiteral("<p class=\"explain\">%1 reviewed series, %2 annotators.</p>\n")
                 .arg(s.series.size())
                 .arg(s.annotators.size());
        h += seriesTable(s) + pairTable(s) + annotatorTable(s);
    }
    h += QStringLiteral("<footer>Every row: agreement.csv. The figures of this page: "
                        "summary.json.</footer>\n</body></html>\n");
    return h.toUtf8();
}

} // namespace tgc
