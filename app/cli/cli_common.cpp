// Helpers every tgc-cli command shares (commands.h); linked into the
// executable and into the model-commands module.
#include "commands.h"

#include <QJsonDocument>
#include <QTextStream>
#include <cstdio>

namespace tgc::cli {

void printJson(const QJsonObject& object) {
    const QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Compact);
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int fail(const QString& command, const QString& message, int code) {
    QTextStream(stderr) << "tgc-cli " << command << ": " << message << Qt::endl;
    return code;
}

bool parsePositive(const QString& text, int& out, int max) {
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < 1 || value > max)
        return false;
    out = value;
    return true;
}

} // namespace tgc::cli
