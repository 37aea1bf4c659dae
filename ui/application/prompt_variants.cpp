#include "prompt_variants.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>
#include <utility>

namespace tgc {

namespace {

// Replaces whole words (case kept for the first letter) by a table, in one
// pass so that a swap is not undone by its reverse.
QString replaceWords(const QString& text, const std::vector<std::pair<QString, QString>>& table,
                     bool firstOnly) {
    QStringList alternatives;
    for (const auto& entry : table)
        alternatives << QRegularExpression::escape(entry.first);
    const QRegularExpression words(QStringLiteral("\\b(%1)\\b").arg(alternatives.join('|')),
                                   QRegularExpression::CaseInsensitiveOption);
    QString out;
    qsizetype last = 0;
    auto it = words.globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        const QString found = match.captured(1);
        QString replacement;
        for (const auto& entry : table)
            if (entry.first.compare(found, Qt::CaseInsensitive) == 0)
                replacement = entry.second;
        if (found.at(0).isUpper())
            replacement[0] = replacement.at(0).toUpper();
        out += text.mid(last, match.capturedStart(1) - last) + replacement;
        last = match.capturedEnd(1);
        if (firstOnly)
            break;
    }
    return out + text.mid(last);
}

} // namespace

QString swapSides(const QString& text) {
    return replaceWords(text,
                        {{"left", "right"},
                         {"right", "left"},
                         {"sinistra", "dextra"},
                         {"dextra", "sinistra"},
                         {"sinister", "dexter"},
                         {"dexter", "sinister"}},
                        false);
}

QString swapOrgan(const QString& text) {
    return replaceWords(text,
                        {{"liver", "spleen"},
                         {"hepatic", "splenic"},
                         {"spleen", "liver"},
                         {"splenic", "hepatic"},
                         {"kidney", "lung"},
                         {"renal", "pulmonary"},
                         {"lung", "kidney"},
                         {"pulmonary", "renal"},
                         {"stomach", "bladder"},
                         {"gastric", "vesical"},
                         {"aorta", "vertebra"},
                         {"vertebra", "aorta"}},
                        true);
}

QString paraphrase(const QString& text) {
    const QString rewritten = replaceWords(text,
                                           {{"segment", "outline"},
                                            {"shows", "demonstrates"},
                                            {"infection", "infectious process"},
                                            {"bilateral", "on both sides"},
                                            {"upper", "superior"},
                                            {"lower", "inferior"},
                                            {"lesion", "abnormality"},
                                            {"opacity", "shadowing"},
                                            {"large", "big"},
                                            {"small", "little"}},
                                           false);
    // Model input, not UI: CLIP reads English, so this is never translated.
    return rewritten != text ? rewritten : QStringLiteral("Findings: ") + text;
}

QString dropClause(const QString& text) {
    // Clause ends: a full stop, semicolon or comma followed by a space.
    static const QRegularExpression ends(QStringLiteral("[.;,]\\s+(?=\\S)"));
    const QString trimmed = text.trimmed();
    qsizetype cut = -1;
    auto it = ends.globalMatch(trimmed);
    while (it.hasNext())
        cut = it.next().capturedStart();
    if (cut < 0)
        return text;
    // The sentence still ends as the report did.
    return trimmed.left(cut) + (trimmed.endsWith('.') ? QStringLiteral(".") : QString());
}

std::vector<PromptVariant> ablationVariants(const QString& report, const QString& aux,
                                            const QString& edited) {
    std::vector<PromptVariant> out;
    out.push_back({QCoreApplication::translate("tgc::PromptVariants", "report only"), report,
                   QString(), false});
    if (!aux.trimmed().isEmpty())
        out.push_back({QCoreApplication::translate("tgc::PromptVariants", "report + aux"), report,
                       aux, false});
    if (!edited.trimmed().isEmpty() && edited.trimmed() != report.trimmed())
        out.push_back({QCoreApplication::translate("tgc::PromptVariants", "edited prompt"), edited,
                       aux, false});
    return out;
}

std::vector<PromptVariant> probeVariants(const QString& report, const QString& aux) {
    std::vector<PromptVariant> out;
    out.push_back(
        {QCoreApplication::translate("tgc::PromptVariants", "original"), report, aux, false});
    out.push_back({QCoreApplication::translate("tgc::PromptVariants", "paraphrased"),
                   paraphrase(report), aux, false});
    const QString dropped = dropClause(report);
    if (dropped != report)
        out.push_back({QCoreApplication::translate("tgc::PromptVariants", "clause dropped"),
                       dropped, aux, false});
    const QString sides = swapSides(report);
    if (sides != report)
        out.push_back({QCoreApplication::translate("tgc::PromptVariants", "left ↔ right"), sides,
                       swapSides(aux), true});
    const QString organ = swapOrgan(report);
    if (organ != report)
        out.push_back({QCoreApplication::translate("tgc::PromptVariants", "organ swapped"), organ,
                       swapOrgan(aux), true});
    return out;
}

} // namespace tgc
