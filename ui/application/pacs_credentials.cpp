#include "pacs_credentials.h"

#include <qt6keychain/keychain.h>

namespace tgc {

namespace {

// A job that never falls back to a plain-text file and deletes itself.
template <class Job> Job* startJob(QObject* parent, const QString& key) {
    auto* job = new Job(QLatin1String(PacsCredentials::kService), parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

} // namespace

PacsCredentials::PacsCredentials(QObject* parent) : QObject(parent) {}

QString PacsCredentials::key(const QString& address, const QString& user) {
    return user.trimmed() + QLatin1Char('@') + address.trimmed();
}

void PacsCredentials::load(const QString& address, const QString& user) {
    auto* job = startJob<QKeychain::ReadPasswordJob>(this, key(address, user));
    connect(job, &QKeychain::Job::finished, this, [this, address, user](QKeychain::Job* done) {
        if (done->error() == QKeychain::EntryNotFound)
            return Q_EMIT notStored(address, user);
        if (done->error() != QKeychain::NoError)
            return Q_EMIT unavailable(done->errorString());
        Q_EMIT loaded(address, user, static_cast<QKeychain::ReadPasswordJob*>(done)->textData());
    });
    job->start();
}

void PacsCredentials::store(const QString& address, const QString& user, const QString& password) {
    auto* job = startJob<QKeychain::WritePasswordJob>(this, key(address, user));
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, this, [this, address, user](QKeychain::Job* done) {
        if (done->error() != QKeychain::NoError)
            return Q_EMIT unavailable(done->errorString());
        Q_EMIT stored(address, user);
    });
    job->start();
}

void PacsCredentials::forget(const QString& address, const QString& user) {
    auto* job = startJob<QKeychain::DeletePasswordJob>(this, key(address, user));
    connect(job, &QKeychain::Job::finished, this, [this, address, user](QKeychain::Job* done) {
        if (done->error() != QKeychain::NoError && done->error() != QKeychain::EntryNotFound)
            return Q_EMIT unavailable(done->errorString());
        Q_EMIT forgotten(address, user);
    });
    job->start();
}

} // namespace tgc
