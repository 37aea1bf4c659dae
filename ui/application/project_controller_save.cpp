// The open project's saving, kept apart from project_controller.cpp: a save
// now (waiting for the disk), or in the background with the files written on
// a worker thread, and those waiting for it.
#include "case_prompts.h"
#include "io_error.h"
#include "project_controller.h"

#include <QtConcurrent/QtConcurrentRun>
#include <utility>

namespace tgc {

bool ProjectController::save() {
    if (!m_session)
        return true;
    waitForSave();
    m_prompts->flushPending();
    try {
        m_session->save();
    } catch (const IoError& e) {
        reportSaveFailure(e.message());
        return false;
    }
    Q_EMIT message(tr("Saved %1").arg(m_session->project().root()));
    return true;
}

void ProjectController::saveInBackground() {
    if (!m_session)
        return;
    if (isSaving()) {
        m_saveAgain = true; // edits made meanwhile go in the next one
        return;
    }
    m_prompts->flushPending();
    m_ridingSave = std::move(m_waitingForSave);
    m_waitingForSave.clear();
    Q_EMIT message(tr("Saving…"));
    // First a worker maps memory for the snapshot, then the UI thread copies
    // the masks into it (milliseconds), then a worker writes the files.
    auto* preparing = new QFutureWatcher<PreparedMasks>(this);
    m_prepareWatcher = preparing;
    connect(preparing, &QFutureWatcher<PreparedMasks>::finished, this, [this, preparing] {
        preparing->deleteLater();
        if (m_prepareWatcher != preparing)
            return; // waitForSave() dropped it
        m_prepareWatcher = nullptr;
        startWriting(preparing->result());
    });
    preparing->setFuture(
        QtConcurrent::run([geometries = m_session->dirtyMaskGeometries()]() -> PreparedMasks {
            PreparedMasks prepared;
            for (const auto& [caseId, geometry] : geometries)
                prepared.emplace(caseId, LabelMap(geometry));
            return prepared;
        }));
}

void ProjectController::startWriting(PreparedMasks prepared) {
    if (!m_session)
        return;
    m_saveSnapshot = m_session->beginSave(std::move(prepared));
    auto* watcher = new QFutureWatcher<QString>(this);
    m_saveWatcher = watcher;
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher] {
        if (m_saveWatcher == watcher)
            completeSave();
    });
    watcher->setFuture(QtConcurrent::run([snapshot = m_saveSnapshot]() -> QString {
        try {
            ProjectSession::writeSave(*snapshot);
            return {};
        } catch (const IoError& e) {
            return e.message();
        }
    }));
}

void ProjectController::waitForSave() {
    m_saveAgain = false; // the caller saves or leaves on its own terms
    if (m_prepareWatcher) {
        // Nothing taken from the session yet: the prepared memory is dropped,
        // and whoever waited for this save waits for the next one.
        m_prepareWatcher->waitForFinished();
        m_prepareWatcher = nullptr;
        for (auto& done : std::exchange(m_ridingSave, {}))
            m_waitingForSave.push_back(std::move(done));
    }
    if (!m_saveWatcher)
        return;
    m_saveWatcher->waitForFinished();
    completeSave();
}

void ProjectController::completeSave() {
    QFutureWatcher<QString>* watcher = m_saveWatcher;
    m_saveWatcher = nullptr;
    const QString failure = watcher->result();
    watcher->deleteLater();
    const auto snapshot = std::move(m_saveSnapshot);
    if (!m_session)
        return;
    m_session->finishSave(*snapshot, failure.isEmpty());
    if (!failure.isEmpty())
        reportSaveFailure(failure);
    else
        Q_EMIT message(tr("Saved %1").arg(m_session->project().root()));
    Q_EMIT saveFinished(failure.isEmpty());
    for (const auto& done : std::exchange(m_ridingSave, {}))
        done(failure.isEmpty());
    if (m_saveAgain) {
        m_saveAgain = false;
        saveInBackground();
    }
}

void ProjectController::saveThen(std::function<void(bool)> done) {
    m_waitingForSave.push_back(std::move(done));
    saveInBackground(); // starts now, or after the save running (m_saveAgain)
}

void ProjectController::reportSaveFailure(const QString& why) {
    Q_EMIT error(tr("Not saved"),
                 tr("%1\n\nYour edits are kept in memory and in the autosave journal; the "
                    "files saved before are unchanged. Free some space or fix the folder's "
                    "permissions, then save again.")
                     .arg(why));
}

} // namespace tgc
