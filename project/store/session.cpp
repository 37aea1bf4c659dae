#include "session.h"

#include "case_sources.h"
#include "edit/label_change.h"
#include "image_writer.h"
#include "io_error.h"
#include "label_io.h"
#include "safe_path.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <algorithm>
#include <stdexcept>

namespace tgc {

std::unique_ptr<ProjectSession> ProjectSession::open(const QString& folder) {
    return std::make_unique<ProjectSession>(Project::open(folder));
}

ProjectSession::ProjectSession(Project project) : m_project(std::move(project)) {
    QString warning;
    const std::vector<JournalRecord> records = readJournal(m_project.root(), &warning);
    if (!records.empty()) {
        RecoveryInfo info;
        info.records = int(records.size());
        info.warning = warning;
        for (const JournalRecord& r : records) {
            info.lastEdit = std::max(info.lastEdit, r.time);
            if (!info.cases.contains(r.caseId))
                info.cases << r.caseId;
        }
        m_recovery = info;
        return;
    }
    // Nothing intact to recover: start a clean journal, so that new records
    // never land behind a torn tail where a reader would not find them.
    m_journal = std::make_unique<JournalWriter>(m_project.root());
    if (QFileInfo::exists(journalPath(m_project.root())))
        m_journal->restart();
}

ProjectSession::~ProjectSession() = default;

void ProjectSession::restore() {
    if (!m_recovery)
        return;
    const std::vector<JournalRecord> records = readJournal(m_project.root());
    for (const JournalRecord& r : records) {
        CaseRecord* record = m_project.findCase(r.caseId);
        if (!record)
            continue;
        if (r.type == JournalRecord::Type::CaseField) {
            applyCaseField(*record, r);
        } else if (auto it = m_masks.find(r.caseId); it != m_masks.end()) {
            if (applyMaskTiles(*it->second, r))
                m_dirtyMasks.insert(r.caseId);
        } else {
            m_pendingTiles[r.caseId].push_back(r);
        }
    }
    m_dirty = true;
    m_recovery.reset();
    // Rewrite the journal with its intact records only (a torn tail would hide
    // whatever is appended after it), atomically: until the rename the old one
    // stands, so a crash now loses nothing. Then carry on appending.
    try {
        rewriteJournal(m_project.root(), records);
    } catch (const IoError&) {
        // A read-only disk: the journal cannot take new edits either; the
        // writer reports that through journalError() on the first edit.
    }
    m_journal = std::make_unique<JournalWriter>(m_project.root());
}

void ProjectSession::discardRecovery() {
    const QString path = journalPath(m_project.root());
    if (QFileInfo::exists(path)) {
        const QString aside =
            QFileInfo(path).absolutePath() +
            QStringLiteral("/discarded-%1.bin")
                .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss")));
        QFile::rename(path, aside);
    }
    m_recovery.reset();
    m_journal = std::make_unique<JournalWriter>(m_project.root());
    m_journal->restart();
}

void ProjectSession::journal(JournalRecord record) {
    if (!m_journal)
        discardRecovery(); // an edit before the user chose: keep the old journal aside
    if (m_saving)
        m_saving->laterRecords.push_back(record);
    m_journal->append(std::move(record));
}

void ProjectSession::touch(CaseRecord& record) {
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto field = [&](const char* name, const QString& value) {
        JournalRecord r;
        r.caseId = record.id;
        r.time = now;
        r.field = QLatin1String(name);
        r.value = value;
        applyCaseField(record, r);
        journal(std::move(r));
    };
    if (record.annotator.isEmpty() && !m_user.isEmpty())
        field("annotator", m_user);
    if (record.status == CaseStatus::New)
        field("status", caseStatusName(CaseStatus::InProgress));
    record.modified = now;
    m_dirty = true;
}

bool ProjectSession::setField(const QString& caseId, const QString& field, const QString& value) {
    static const QStringList editable{"report", "aux", "aux_source", "notes"};
    CaseRecord* record = m_project.findCase(caseId);
    if (!record || !editable.contains(field))
        return false;
    JournalRecord r;
    r.caseId = caseId;
    r.time = QDateTime::currentDateTimeUtc();
    r.field = field;
    r.value = value;
    if (!applyCaseField(*record, r))
        return false;
    journal(std::move(r));
    touch(*record);
    return true;
}

bool ProjectSession::setProposal(const QString& caseId, const ProposalRecord& proposal) {
    CaseRecord* record = m_project.findCase(caseId);
    if (!record || !isSafeFileName(proposal.modelId))
        return false;
    JournalRecord r;
    r.caseId = caseId;
    r.time = QDateTime::currentDateTimeUtc();
    r.field = QStringLiteral("proposal");
    r.value = QString::fromUtf8(QJsonDocument(proposal.toJson()).toJson(QJsonDocument::Compact));
    if (!applyCaseField(*record, r))
        return false;
    journal(std::move(r));
    m_dirty = true;
    return true;
}

bool ProjectSession::removeProposal(const QString& caseId, const QString& modelId) {
    CaseRecord* record = m_project.findCase(caseId);
    if (!record || !record->proposal(modelId))
        return false;
    JournalRecord r;
    r.caseId = caseId;
    r.time = QDateTime::currentDateTimeUtc();
    r.field = QStringLiteral("proposal_removed");
    r.value = modelId;
    applyCaseField(*record, r);
    journal(std::move(r));
    m_dirty = true;
    return true;
}

QString ProjectSession::setStatus(const QString& caseId, CaseStatus status) {
    CaseRecord* record = m_project.findCase(caseId);
    if (!record)
        return QStringLiteral("no case '%1' in the project").arg(caseId);
    if (status == CaseStatus::Reviewed &&
        (m_user.isEmpty() || m_user.compare(record->annotator, Qt::CaseInsensitive) == 0))
        return QStringLiteral("a review needs a second person: set your own name in Settings "
                              "(the case was annotated by %1)")
            .arg(record->annotator.isEmpty() ? QStringLiteral("an unnamed annotator")
                                             : record->annotator);
    JournalRecord r;
    r.caseId = caseId;
    r.time = QDateTime::currentDateTimeUtc();
    if (status == CaseStatus::Reviewed) {
        r.field = QStringLiteral("reviewer");
        r.value = m_user;
        applyCaseField(*record, r);
        journal(r);
    }
    r.field = QStringLiteral("status");
    r.value = caseStatusName(status);
    applyCaseField(*record, r);
    journal(std::move(r));
    if (record->annotator.isEmpty() && !m_user.isEmpty() && status != CaseStatus::Reviewed)
        touch(*record);
    m_dirty = true;
    return {};
}

void ProjectSession::attachMask(const QString& caseId, std::shared_ptr<LabelMap> mask) {
    if (!mask)
        return;
    applyPendingTiles(caseId, *mask);
    m_masks[caseId] = std::move(mask);
}

std::shared_ptr<LabelMap> ProjectSession::mask(const QString& caseId) const {
    const auto it = m_masks.find(caseId);
    return it == m_masks.end() ? nullptr : it->second;
}

void ProjectSession::releaseMask(const QString& caseId) {
    if (!m_dirtyMasks.count(caseId) && !(m_saving && m_saving->masks.count(caseId)))
        m_masks.erase(caseId);
}

void ProjectSession::applyPendingTiles(const QString& caseId, LabelMap& mask) {
    const auto it = m_pendingTiles.find(caseId);
    if (it == m_pendingTiles.end())
        return;
    for (const JournalRecord& r : it->second)
        applyMaskTiles(mask, r);
    m_pendingTiles.erase(it);
    m_dirtyMasks.insert(caseId);
}

void ProjectSession::recordMaskChange(const QString& caseId, const LabelChange& change) {
    recordMaskTiles(caseId, change.keys(), change.packedAfter());
}

void ProjectSession::recordMaskTiles(const QString& caseId, const std::vector<std::int64_t>& keys,
                                     const QByteArray& packed) {
    CaseRecord* record = m_project.findCase(caseId);
    if (!record)
        return;
    JournalRecord r;
    r.type = JournalRecord::Type::MaskTiles;
    r.caseId = caseId;
    r.time = QDateTime::currentDateTimeUtc();
    const auto attached = m_masks.find(caseId);
    r.dims = attached != m_masks.end() ? attached->second->dims() : record->dims;
    r.keys = keys;
    r.packedTiles = packed;
    journal(std::move(r));
    m_dirtyMasks.insert(caseId);
    touch(*record);
}

std::shared_ptr<LabelMap> ProjectSession::materialiseMask(const CaseRecord& record) {
    VolumeGeometry geometry;
    if (!record.volume && record.dims[0] > 0 && record.dims[1] > 0) {
        geometry.dims = {record.dims[0], record.dims[1], 1};
    } else {
        geometry = readCaseSources(record.sources).geometry(); // a volume's spacing and origin
    }
    auto mask = std::make_shared<LabelMap>(geometry);
    const QString path = m_project.maskPath(record);
    if (QFileInfo::exists(path)) {
        const LabelMap saved = readLabelMap(path);
        if (saved.dims() == mask->dims())
            std::copy(saved.data(), saved.data() + geometry.voxelCount(), mask->data());
    }
    applyPendingTiles(record.id, *mask);
    return mask;
}

void ProjectSession::save() {
    const std::shared_ptr<const SaveSnapshot> snapshot = beginSave();
    try {
        writeSave(*snapshot);
    } catch (...) {
        finishSave(*snapshot, false);
        throw;
    }
    finishSave(*snapshot, true);
}

std::map<QString, VolumeGeometry> ProjectSession::dirtyMaskGeometries() const {
    std::map<QString, VolumeGeometry> out;
    for (const QString& caseId : m_dirtyMasks) {
        if (const auto mask = m_masks.find(caseId); mask != m_masks.end())
            out[caseId] = mask->second->geometry();
    }
    return out;
}

std::shared_ptr<const ProjectSession::SaveSnapshot>
ProjectSession::beginSave(std::map<QString, LabelMap> prepared) {
    if (m_saving)
        throw std::logic_error("ProjectSession: a save is already in flight");
    // Restored edits of cases never opened since: their masks are built now.
    for (const auto& [caseId, records] : std::map(m_pendingTiles)) {
        if (const CaseRecord* record = m_project.findCase(caseId))
            m_masks[caseId] = materialiseMask(*record);
    }
    auto snapshot = std::make_shared<SaveSnapshot>(SaveSnapshot{m_project, {}});
    SaveInFlight saving;
    for (const QString& caseId : m_dirtyMasks) {
        const CaseRecord* record = m_project.findCase(caseId);
        const auto mask = m_masks.find(caseId);
        if (record && mask != m_masks.end()) {
            auto ready = prepared.find(caseId);
            if (ready != prepared.end() && ready->second.dims() == mask->second->dims()) {
                ready->second = *mask->second; // same size: reuses the mapped buffer
                snapshot->masks.emplace_back(*record, std::move(ready->second));
            } else {
                snapshot->masks.emplace_back(*record, *mask->second);
            }
            saving.masks.insert(caseId);
        }
    }
    m_saving = std::move(saving);
    m_dirtyMasks.clear();
    m_dirty = false;
    return snapshot;
}

void ProjectSession::writeSave(const SaveSnapshot& snapshot) {
    for (const auto& [record, mask] : snapshot.masks) {
        writeLabelFile(mask, snapshot.manifest.maskPath(record));
    }
    snapshot.manifest.save();
}

void ProjectSession::finishSave(const SaveSnapshot& snapshot, bool written) {
    if (!m_saving)
        return;
    SaveInFlight saving = std::move(*m_saving);
    m_saving.reset();
    if (!written) {
        for (const auto& entry : snapshot.masks)
            m_dirtyMasks.insert(entry.first.id);
        m_dirty = true;
        return;
    }
    m_project.markSaved();
    // The journal starts again from what the snapshot did not hold. Replaying
    // a record twice is harmless (tiles and fields are absolute values).
    if (m_journal)
        m_journal->restart(saving.laterRecords);
}

QString ProjectSession::journalError() const {
    return m_journal ? m_journal->lastError() : QString();
}

bool ProjectSession::flushJournal() {
    return m_journal ? m_journal->flush() : true;
}

std::uint64_t ProjectSession::journalBytes() const {
    return m_journal ? m_journal->bytesWritten() : 0;
}

} // namespace tgc
