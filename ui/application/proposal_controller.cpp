#include "proposal_controller.h"

#include "case_prompts.h"
#include "display_model.h"
#include "image_writer.h"
#include "inference_client.h"
#include "io_error.h"
#include "label_io.h"
#include "model_manager.h"
#include "project_controller.h"
#include "proposal_notices.h"
#include "store/session.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <cstring>

namespace tgc {

ProposalController::ProposalController(DisplayModel* model, EditSession* edit, CasePrompts* prompts,
                                       ProjectController* project, ModelManager* models,
                                       QObject* parent)
    : QObject(parent), m_model(model), m_edit(edit), m_prompts(prompts), m_project(project),
      m_models(models) {
    InferenceClient* client = m_models->client();
    connect(client, &InferenceClient::slicesReady, this, &ProposalController::onSlices);
    connect(client, &InferenceClient::finished, this, &ProposalController::onFinished);
    connect(client, &InferenceClient::failed, this, &ProposalController::onFailed);
    connect(m_model, &DisplayModel::imageChanged, this, &ProposalController::onImageChanged);
    connect(m_model, &DisplayModel::proposalChanged, this, &ProposalController::stateChanged);
    connect(m_edit->proposalClicks(), &ProposalClicks::changed, this,
            &ProposalController::onClicksChanged);
    connect(m_edit->proposalClicks(), &ProposalClicks::refused, this, [this] {
        setStatus(tr("The proposal is still being generated: click again once it is shown."));
    });
    // Another case's prompts, or an edit of the report or the auxiliary prompt.
    connect(m_prompts, &CasePrompts::shown, this, &ProposalController::onPromptEdited);
    connect(m_prompts, &CasePrompts::edited, this, [this](const QString& field) {
        if (field != QLatin1String("notes"))
            onPromptEdited();
    });
}

ProposalController::~ProposalController() = default;

bool ProposalController::hasProposal() const {
    return m_model->proposal() != nullptr;
}

bool ProposalController::canGenerateVolume() const {
    return m_model->isVolume();
}

double ProposalController::threshold() const {
    return m_model->proposalThreshold();
}

void ProposalController::setThreshold(double threshold) {
    m_model->setProposalThreshold(threshold);
}

std::size_t ProposalController::proposedVoxels() const {
    const LabelMap* p = m_model->proposal();
    if (!p)
        return 0;
    const int cut = m_model->proposalCutoff();
    const std::size_t n = p->geometry().voxelCount();
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i)
        count += p->data()[i] >= cut;
    return count;
}

void ProposalController::setStatus(const QString& text) {
    m_status = text;
    Q_EMIT message(text);
    Q_EMIT stateChanged();
}

bool ProposalController::generate(Scope scope) {
    if (!m_model->hasImage()) {
        Q_EMIT error(tr("Cannot generate a mask"), tr("Open an image first."));
        return false;
    }
    InferenceClient* client = m_models->client();
    if (!client->activeModel() && !client->isLoadingModel()) {
        Q_EMIT error(tr("Cannot generate a mask"),
                     tr("No model is loaded: choose one in the Models menu."));
        return false;
    }
    const QString report = m_prompts->report().trimmed();
    const QString aux = m_prompts->aux().trimmed();
    if (report.isEmpty()) {
        Q_EMIT error(tr("Cannot generate a mask"),
                     tr("The report is empty: type what to segment (e.g. \"the liver\")."));
        return false;
    }
    if (scope == Scope::Volume && !m_model->isVolume())
        scope = Scope::Slice;
    const auto image = m_model->sharedImage();
    const int z = m_model->cursor()[2];
    const QString modelId = client->activeModel() ? client->activeModel()->spec.id : QString();
    // One slice more of the proposal shown (same model, same prompts): it
    // goes into a copy of that proposal; otherwise a fresh map.
    const LabelMap* shown = m_model->proposal();
    const bool continues = scope == Scope::Slice && shown && !m_running &&
                           m_info.modelId == modelId && m_info.report == report &&
                           m_info.aux == aux;
    if (continues) {
        m_map = std::make_shared<LabelMap>(*shown);
        m_shownYet = true;
        m_model->setProposal(m_map);
    } else {
        m_map = std::make_shared<LabelMap>(image->geometry());
        m_shownYet = false;
        m_edit->proposalClicks()->reset(false); // they were for the proposal before
        m_edit->proposalClicks()->setPending(true);
    }
    m_refining = false;
    m_map->labels().clear();
    m_pending = Shown{};
    m_pending.caseId = m_caseId;
    m_pending.report = report;
    m_pending.aux = aux;

    InferenceRequest request;
    request.caseId = m_caseId;
    request.image = image;
    if (scope == Scope::Slice)
        request.slices = {z};
    request.report = report;
    request.aux = aux;
    if (continues)
        request.clicks = clicksOn(z);
    request.presenceThreshold = m_presenceThreshold = presenceThresholdFor(request.clicks);
    clearNotices();
    m_clock.start();
    m_running = true;
    m_generation = client->generate(request);
    const int total = scope == Scope::Slice ? 1 : image->dims()[2];
    Q_EMIT progress(0, total);
    setStatus(scope == Scope::Slice ? tr("Generating the mask of slice %1…").arg(z + 1)
                                    : tr("Generating the mask of %1 slices…").arg(total));
    return true;
}

void ProposalController::cancel() {
    if (m_running)
        m_models->client()->cancel();
}

void ProposalController::onSlices(const InferenceBatch& batch) {
    if (!m_running || batch.generation != m_generation || !m_map)
        return;
    const std::size_t sliceBytes = m_map->geometry().sliceVoxelCount();
    for (std::size_t i = 0; i < batch.slices.size(); ++i) {
        const QByteArray& bytes = batch.probabilities[i];
        const int z = batch.slices[i];
        if (z < 0 || z >= m_map->dims()[2] || std::size_t(bytes.size()) != sliceBytes)
            continue;
        std::memcpy(m_map->slice(z), bytes.constData(), sliceBytes);
    }
    if (!m_shownYet) {
        m_shownYet = true;
        m_model->setProposal(m_map);
    } else {
        m_model->notifyProposalChanged();
    }
    Q_EMIT progress(batch.done, batch.total);
}

void ProposalController::onFinished(const InferenceSummary& summary) {
    if (!m_running || summary.generation != m_generation)
        return;
    m_running = false;
    m_summary = summary;
    m_map.reset(); // no more writes: the shown map is now read only (saving reads it)
    Q_EMIT progress(summary.slicesDone, summary.total);
    m_edit->proposalClicks()->setPending(false);
    if (summary.cancelled) {
        setStatus(tr("Generation cancelled after %1 of %2 slices.")
                      .arg(summary.slicesDone)
                      .arg(summary.total));
        return;
    }
    m_info = m_pending;
    m_info.modelId = summary.modelId;
    m_info.created = QDateTime::currentDateTimeUtc();
    ProposalClicks* clicks = m_edit->proposalClicks();
    if (!clicks->isOpen())
        clicks->reset(true); // a new proposal: clicks may refine it now
    const QString slices =
        summary.slicesDone == 1 ? tr("1 slice") : tr("%1 slices").arg(summary.slicesDone);
    QString text =
        m_refining ? tr("%1: slice %2 refined with %n click(s) in %3 ms on %4", "", summary.clicks)
                         .arg(summary.modelId)
                         .arg(summary.slices.empty() ? 0 : summary.slices.front() + 1)
                         .arg(double(m_clock.elapsed()), 0, 'f', 0)
                         .arg(summary.device)
                   : tr("%1: %2 in %3 ms on %4")
                         .arg(summary.modelId, slices)
                         .arg(double(m_clock.elapsed()), 0, 'f', 0)
                         .arg(summary.device);
    if (summary.clicksIgnored)
        text += tr("; this model was not trained on clicks: they were ignored");
    if (summary.reportTruncated)
        text += tr("; the report was cut to CLIP's 77 tokens");
    if (!summary.notes.isEmpty())
        text += QStringLiteral("; ") + summary.notes.join(QStringLiteral("; "));
    setNotices(summary);
    setStatus(text);
    save();
    Q_EMIT proposalReady();
}

void ProposalController::setNotices(const InferenceSummary& summary) {
    const auto active = m_models->client()->activeModel();
    if (active && active->spec.path != m_trainedOnModel) {
        m_trainedOnModel = active->spec.path;
        m_trainedOn =
            ProposalNotices::trainedOn(active->spec.path, active->spec.demo, active->metadataJson);
    }
    ModelSayings said;
    said.volume = summary.total > 1;
    said.slices = summary.slicesDone;
    said.presence = summary.presenceOverall;
    said.slicesNotFound = summary.slicesEmptied;
    said.presenceThreshold = m_presenceThreshold;
    said.oodScore = summary.oodScoreOverall;
    said.oodThreshold = summary.oodThreshold;
    said.trainedOn = m_trainedOn;
    m_presenceNotice = ProposalNotices::presence(said);
    m_oodNotice = ProposalNotices::outOfDistribution(said);
}

void ProposalController::clearNotices() {
    m_presenceNotice.clear();
    m_oodNotice.clear();
}

void ProposalController::onFailed(quint64 generation, const QString& message) {
    if (!m_running || generation != m_generation)
        return;
    m_running = false;
    m_map.reset();
    ProposalClicks* clicks = m_edit->proposalClicks();
    clicks->setPending(false);
    if (m_refining) {
        // The proposal stays as it was before the click, and so does the list.
        m_takingBack = true;
        const bool takenBack = clicks->takeBackLast();
        m_takingBack = false;
        setStatus(takenBack ? tr("The model failed: %1. The click was taken back (Redo tries it "
                                 "again).")
                                  .arg(message)
                            : tr("The model failed: %1").arg(message));
        return;
    }
    setStatus(tr("The model failed: %1").arg(message));
    Q_EMIT error(tr("Cannot generate a mask"), message);
}

void ProposalController::onImageChanged() {
    // A late answer for the image before is dropped (InferenceClient).
    if (m_running)
        m_models->client()->invalidate();
    m_running = false;
    m_map.reset();
    m_info = Shown{};
    m_edit->proposalClicks()->reset(false);
    m_caseId.clear();
    ++m_serial;
    m_status.clear();
    clearNotices();
    Q_EMIT stateChanged();
}

void ProposalController::onPromptEdited() {
    if (!m_running)
        return;
    m_models->client()->invalidate();
    m_running = false;
    m_map.reset();
    setStatus(tr("The prompt changed: generation stopped. Generate again for the new text."));
}

ProposalRecord ProposalController::record() const {
    ProposalRecord r;
    r.modelId = m_info.modelId;
    r.threshold = m_model->proposalThreshold();
    r.report = m_info.report;
    r.aux = m_info.aux;
    r.created = m_info.created;
    for (const ProposalClick& c : m_edit->proposalClicks()->clicks())
        r.clicks.push_back({c.voxel[0], c.voxel[1], c.voxel[2], c.positive});
    return r;
}

void ProposalController::save() {
    ProjectSession* session = m_project->hasProject() ? m_project->session() : nullptr;
    if (!session || m_info.caseId.isEmpty() || m_info.caseId != m_caseId ||
        m_info.modelId.isEmpty())
        return;
    const CaseRecord* caseRecord = session->project().findCase(m_info.caseId);
    const auto map = m_model->sharedProposal();
    if (!caseRecord || !map)
        return;
    QString path;
    try {
        path = session->project().proposalPath(*caseRecord, m_info.modelId);
    } catch (const IoError& e) {
        Q_EMIT error(tr("The proposal was not saved"), e.message());
        return;
    }
    session->setProposal(m_info.caseId, record());
    m_info.recorded = true;
    m_savedPath = path;
    ++m_savesRunning;
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path] {
        const QString problem = watcher->result();
        watcher->deleteLater();
        --m_savesRunning;
        if (!problem.isEmpty()) {
            Q_EMIT error(tr("The proposal was not saved"), problem);
            return;
        }
        Q_EMIT saved(path);
    });
    // The map is no longer written (a new generation starts a new one).
    watcher->setFuture(QtConcurrent::run([map, path]() -> QString {
        try {
            writeLabelFile(*map, path);
        } catch (const IoError& e) {
            return e.message();
        } catch (const std::exception& e) {
            return path + QStringLiteral(": ") + QString::fromStdString(e.what());
        }
        return QString();
    }));
}

const ProposalRecord* ProposalController::shownRecord() const {
    if (!m_info.recorded || !m_project->hasProject() || m_info.caseId != m_caseId)
        return nullptr;
    const CaseRecord* c = m_project->session()->project().findCase(m_info.caseId);
    return c ? c->proposal(m_info.modelId) : nullptr;
}

void ProposalController::commitThreshold() {
    const ProposalRecord* saved = shownRecord();
    if (!saved || saved->threshold == m_model->proposalThreshold())
        return;
    ProposalRecord r = *saved;
    r.threshold = m_model->proposalThreshold();
    m_project->session()->setProposal(m_info.caseId, r);
}

std::size_t ProposalController::accept(ProposalMerge merge, bool sliceOnly) {
    const LabelMap* proposal = m_model->proposal();
    if (!proposal || m_running || !m_model->labels())
        return 0;
    const int cut = m_model->proposalCutoff();
    const std::size_t n = proposal->geometry().voxelCount();
    std::vector<std::uint8_t> mask(n);
    for (std::size_t i = 0; i < n; ++i)
        mask[i] = proposal->data()[i] >= cut;
    std::size_t changed = 0;
    if (sliceOnly) {
        const Orientation o = m_model->activeOrientation();
        const SliceGeometry g(proposal->geometry(), o);
        const int axis = g.sliceAxis();
        VoxelBox box = VoxelBox::whole(proposal->dims());
        box.lo[std::size_t(axis)] = m_model->sliceIndex(o);
        box.hi[std::size_t(axis)] = box.lo[std::size_t(axis)] + 1;
        changed = m_edit->acceptProposal(mask, tr("Accept proposal on slice"), merge, &box);
        recordAcceptance(false);
        setStatus(tr("Accepted on this slice: %1 voxels changed").arg(changed));
        return changed;
    }
    changed = m_edit->acceptProposal(mask, tr("Accept proposal"), merge);
    recordAcceptance(true);
    m_info = Shown{};
    clearNotices();
    m_edit->proposalClicks()->reset(false);
    m_model->setProposal(nullptr); // it is in the label now
    setStatus(tr("Proposal accepted: %1 voxels changed (Ctrl+Z takes it back)").arg(changed));
    return changed;
}

void ProposalController::recordAcceptance(bool whole) {
    const ProposalRecord* saved = shownRecord();
    if (!saved)
        return;
    ProposalRecord r = *saved;
    r.threshold = m_model->proposalThreshold();
    r.accepted = r.accepted || whole;
    // The clicks that shaped what went into the label, a slice at a time too.
    r.acceptedClicks =
        std::max(r.acceptedClicks.value_or(0), int(m_edit->proposalClicks()->clicks().size()));
    m_project->session()->setProposal(m_info.caseId, r);
}

void ProposalController::reject() {
    if (m_running) { // nothing more of it is wanted: dropped, not just stopped
        m_models->client()->invalidate();
        m_running = false;
        m_map.reset();
    }
    if (m_info.recorded && m_project->hasProject() && m_info.caseId == m_caseId)
        m_project->session()->removeProposal(m_info.caseId, m_info.modelId);
    m_info = Shown{};
    clearNotices();
    m_edit->proposalClicks()->reset(false);
    m_model->setProposal(nullptr);
    setStatus(tr("Proposal rejected."));
}

void ProposalController::caseShown(const QString& caseId) {
    m_caseId = caseId;
    if (caseId.isEmpty() || !m_project->hasProject())
        return;
    const Project& project = m_project->session()->project();
    const CaseRecord* caseRecord = project.findCase(caseId);
    const ProposalRecord* saved = caseRecord ? caseRecord->latestProposal() : nullptr;
    if (!saved || saved->accepted)
        return;
    QString path;
    try {
        path = project.proposalPath(*caseRecord, saved->modelId);
    } catch (const IoError&) {
        return;
    }
    if (!QFileInfo::exists(path))
        return;
    const ProposalRecord r = *saved;
    const int serial = m_serial;
    auto* watcher = new QFutureWatcher<std::shared_ptr<LabelMap>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, serial, r, caseId] {
        const auto map = watcher->result();
        watcher->deleteLater();
        if (serial != m_serial || m_running || !map || !m_model->hasImage())
            return; // another image since, or a new proposal already coming
        if (map->dims() != m_model->image()->dims()) {
            Q_EMIT message(tr("The saved proposal does not fit this image's grid: not shown"));
            return;
        }
        // On the image's own grid (a PNG carries no spacing).
        auto onGrid = std::make_shared<LabelMap>(m_model->image()->geometry());
        std::memcpy(onGrid->data(), map->data(), map->geometry().voxelCount());
        onGrid->labels().clear();
        m_info = Shown{caseId, r.modelId, r.report, r.aux, r.created, true};
        m_model->setProposalThreshold(r.threshold);
        std::vector<ProposalClick> clicks; // those it was refined with, kept for the next
        for (const RecordedClick& c : r.clicks)
            clicks.push_back({{c.x, c.y, c.z}, c.positive});
        m_edit->proposalClicks()->reset(true, clicks);
        m_model->setProposal(onGrid);
        setStatus(tr("Saved proposal of %1 (threshold %2)").arg(r.modelId).arg(r.threshold));
        Q_EMIT proposalRestored();
    });
    watcher->setFuture(QtConcurrent::run([path]() -> std::shared_ptr<LabelMap> {
        try {
            return std::make_shared<LabelMap>(readLabelMap(path));
        } catch (const std::exception&) {
            return nullptr;
        }
    }));
}

} // namespace tgc
