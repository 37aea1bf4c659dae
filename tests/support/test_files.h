// Files the suites share: the bundled demo model, and reading a file whole.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

namespace tgc::test {

inline const QString kDemoModel =
    QStringLiteral(TGC_SOURCE_DIR "/resources/models/tgc-demo-tiny.safetensors");

// The file's bytes; empty when it cannot be read.
inline QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace tgc::test
