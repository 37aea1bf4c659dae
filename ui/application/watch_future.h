// Runs done(result or nullopt, why) on the context's thread once a future
// ends: how the application layer waits on the network without the UI
// thread waiting. why is the failure's message, "cancelled", or empty.
#pragma once

#include "pacs_error.h"

#include <QCoreApplication>
#include <QException>
#include <QFuture>
#include <QFutureWatcher>
#include <exception>
#include <optional>

namespace tgc {

// The text of what a finished future failed with; empty when it did not.
// A worker thread's exception that is not a QException (an IoError naming
// its file) reaches the future wrapped in a QUnhandledException: its own
// words are read from inside.
template <class T> QString failureOf(QFuture<T> future) {
    try {
        future.waitForFinished(); // finished already: rethrows its exception
    } catch (const QUnhandledException& wrapped) {
        try {
            if (wrapped.exception())
                std::rethrow_exception(wrapped.exception());
        } catch (const std::exception& e) {
            return QString::fromStdString(e.what());
        } catch (...) {
        }
        return QString::fromStdString(wrapped.what());
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

// Whether a finished future failed because its server could not be reached
// (work done offline then waits for the server instead of being dropped).
template <class T> bool failedUnreachable(QFuture<T> future) {
    try {
        future.waitForFinished();
    } catch (const pacs::PacsError& e) {
        return e.unreachable();
    } catch (...) {
    }
    return false;
}

template <class T, class Done>
QFutureWatcher<T>* watchFuture(QObject* context, QFuture<T> future, Done done) {
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, future, done] {
        watcher->deleteLater();
        const QString problem = failureOf(future);
        if (!problem.isEmpty() || future.isCanceled())
            done(std::optional<T>(),
                 problem.isEmpty() ? QCoreApplication::translate("tgc::PacsBrowser", "cancelled")
                                   : problem);
        else
            done(std::optional<T>(future.result()), QString());
    });
    watcher->setFuture(future);
    return watcher;
}

} // namespace tgc
