#include "export_options.h"

#include <QJsonArray>

namespace tgc {

QString exportFormatName(ExportFormat format) {
    return QLatin1String(enumName(kExportFormatNames, format));
}

std::optional<ExportFormat> exportFormatFromName(const QString& name) {
    return enumFromName(kExportFormatNames, name);
}

std::optional<SplitRatios> parseSplitRatios(const QString& text, QString* error) {
    const QStringList parts = text.split(QLatin1Char(','));
    double values[3] = {0, 0, 0};
    bool valid = parts.size() == 3;
    for (int i = 0; valid && i < 3; ++i) {
        bool ok = false;
        values[i] = parts[i].trimmed().toDouble(&ok);
        valid = ok && values[i] >= 0 && values[i] <= 1e6;
    }
    if (!valid || values[0] + values[1] + values[2] <= 0) {
        if (error)
            *error = QStringLiteral("'%1' is not three non-negative numbers train,val,test with a "
                                    "positive sum (e.g. 0.8,0.1,0.1)")
                         .arg(text);
        return std::nullopt;
    }
    return SplitRatios{values[0], values[1], values[2]};
}

QJsonObject ExportResult::toJson() const {
    QJsonArray skippedArray;
    for (const ExportSkip& s : skipped)
        skippedArray.append(QJsonObject{{"case", s.caseId}, {"reason", s.reason}});
    return QJsonObject{{"format", exportFormatName(format)},
                       {"out", out},
                       {"cases", int(exported.size())},
                       {"exported", QJsonArray::fromStringList(exported)},
                       {"skipped", skippedArray},
                       {"not_selected", notSelected},
                       {"files", files},
                       {"cancelled", cancelled},
                       {"deidentified", deidentified},
                       {"seconds", seconds}};
}

} // namespace tgc
