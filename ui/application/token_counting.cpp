#include "token_counting.h"

#include "prompt_tokens.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace tgc {

TokenCounting::TokenCounting(QObject* parent) : QObject(parent) {}

void TokenCounting::start() {
    Q_EMIT counterReady(std::make_shared<const PromptTokens>(QString()));
    const QString folder = PromptTokens::configuredFolder();
    if (!folder.isEmpty())
        build([folder] { return new PromptTokens(folder); });
}

void TokenCounting::useModel(const QString& kind, const QString& clipFolder) {
    build([kind, clipFolder] { return new PromptTokens(kind, clipFolder); });
}

template <typename Make> void TokenCounting::build(Make make) {
    const int serial = ++m_serial;
    auto* watcher = new QFutureWatcher<std::shared_ptr<const PromptTokens>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, serial] {
        if (serial == m_serial)
            Q_EMIT counterReady(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(
        QtConcurrent::run([make] { return std::shared_ptr<const PromptTokens>(make()); }));
}

} // namespace tgc
