// pacs::wait: the body of the template declared in dicomweb_client.h.
#pragma once

#include "pacs_error.h"

#include <QEventLoop>
#include <QFutureWatcher>

namespace tgc::pacs {

template <class T> T wait(QFuture<T> future) {
    if (!future.isFinished()) {
        QEventLoop loop;
        QFutureWatcher<T> watcher;
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        if (!future.isFinished())
            loop.exec();
    }
    future.waitForFinished(); // rethrows the PacsError a failed call holds
    if (future.isCanceled())
        throw PacsError(QStringLiteral("cancelled"));
    return future.result();
}

} // namespace tgc::pacs
