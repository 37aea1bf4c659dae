// Chaining QFuture steps on a QObject's thread with plain callbacks: the
// PACS team client's requests run one after another (read, then write based
// on what was read), and any step's exception ends the chain in the
// caller's promise. Internal to project/pacs.
#pragma once

#include "pacs_error.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QPromise>
#include <exception>
#include <memory>
#include <type_traits>
#include <utility>

namespace tgc::pacs {

template <class T> using Promise = std::shared_ptr<QPromise<T>>;

template <class T> Promise<T> startPromise() {
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    return promise;
}

template <class T> void fail(const Promise<T>& promise, std::exception_ptr error) {
    promise->setException(error);
    promise->finish();
}

template <class T> void fail(const Promise<T>& promise, const QString& message) {
    fail(promise, std::make_exception_ptr(PacsError(message)));
}

// Calls next with the future's value on context's thread, or hands its
// exception (and any that next throws) to failed.
template <class T, class Next, class Failed>
void when(QFuture<T> future, QObject* context, Next next, Failed failed) {
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, future, next, failed]() mutable {
                         watcher->deleteLater();
                         try {
                             future.waitForFinished();
                             if (future.isCanceled())
                                 throw PacsError(QStringLiteral("cancelled"));
                             if constexpr (std::is_void_v<T>)
                                 next();
                             else
                                 next(future.result());
                         } catch (...) {
                             failed(std::current_exception());
                         }
                     });
    watcher->setFuture(future);
}

// Several requests that must all answer before the promise can: the last
// answer completes it, and only the first failure reaches it.
template <class T> struct Countdown {
    Countdown(Promise<T> p, qsizetype n) : promise(std::move(p)), pending(n) {}
    // One request answered; true when it was the last and none failed.
    bool answered() { return --pending == 0 && !failed; }
    // error: a std::exception_ptr or a QException, as QPromise takes either.
    template <class Error> void fail(const Error& error) {
        if (std::exchange(failed, true))
            return;
        promise->setException(error);
        promise->finish();
    }

    Promise<T> promise;
    qsizetype pending;
    bool failed = false;
};

template <class T> auto failer(const Promise<T>& promise) {
    return [promise](std::exception_ptr error) { fail(promise, error); };
}

} // namespace tgc::pacs
