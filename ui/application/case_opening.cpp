#include "case_opening.h"

#include "case_list.h"
#include "io_error.h"

#include <QFileInfo>

namespace tgc {

CaseOpening::CaseOpening(CaseList* cases, QObject* parent)
    : QObject(parent), m_cases(cases), m_loader(new CaseLoader(this)) {
    connect(m_loader, &CaseLoader::progress, this, &CaseOpening::progress);
    connect(m_loader, &CaseLoader::finished, this, &CaseOpening::finish);
}

QString CaseOpening::addPaths(const QStringList& paths) {
    QString first;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (!info.exists()) {
            Q_EMIT problem(tr("Cannot open image"), tr("%1: no such file or folder").arg(path));
            continue;
        }
        if (info.isDir() && QFileInfo::exists(path + QStringLiteral("/project.json"))) {
            Q_EMIT projectFolder(path);
            continue;
        }
        if (info.isDir() && isQataFolder(path)) {
            try {
                QStringList problems;
                for (const CaseEntry& entry : qataCases(path, &problems)) {
                    const QString id = m_cases->addLoose(entry);
                    if (first.isEmpty())
                        first = id;
                }
                if (!problems.isEmpty())
                    Q_EMIT problem(tr("Some rows were not opened"),
                                   problems.join(QLatin1Char('\n')));
            } catch (const IoError& e) {
                Q_EMIT problem(tr("Cannot open dataset"), e.message());
            }
            continue;
        }
        CaseEntry entry;
        entry.id = info.fileName();
        entry.sources = QStringList{info.absoluteFilePath()};
        const QString id = m_cases->addLoose(entry);
        if (first.isEmpty())
            first = id;
    }
    return first;
}

bool CaseOpening::openLoose(const QString& caseId) {
    const std::optional<CaseEntry> entry = m_cases->looseEntry(caseId);
    if (!entry)
        return false;
    // Over an open project the project's list stays shown, nothing in it selected.
    if (!m_cases->showsProject())
        m_cases->setCurrent(caseId);
    m_loadingLoose = caseId;
    m_loadingProjectCase.clear();
    Q_EMIT started(entry->id);
    m_loader->start(*entry);
    return true;
}

void CaseOpening::openProjectCase(const CaseEntry& entry, const QString& caseId) {
    m_loadingLoose.clear();
    m_loadingProjectCase = caseId;
    Q_EMIT started(entry.id);
    m_loader->start(entry);
}

void CaseOpening::finish(const LoadOutcome& outcome) {
    const QString name = m_loadingLoose.isEmpty() ? m_loadingProjectCase : m_loadingLoose;
    if (outcome.cancelled || !outcome.error.isEmpty()) {
        Q_EMIT failed(name, outcome.error, outcome.cancelled);
        return;
    }
    m_shownLoose = m_loadingLoose;
    LoadedCase shown = outcome.loaded;
    // A loose case's report as typed since it was asked for.
    if (const auto entry = m_cases->looseEntry(m_shownLoose); entry && !m_shownLoose.isEmpty())
        shown.entry.report = entry->report;
    Q_EMIT loaded(shown, m_loadingProjectCase);
}

} // namespace tgc
