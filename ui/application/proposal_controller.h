// The model's proposal for the image shown: Generate (the current axial
// slice or the whole volume, with the shown case's prompts) through the
// inference worker, the probability map shown as its own layer as slices
// arrive, the threshold, Accept (add to or replace the active label, one
// undo step through the edit session, so it reaches the journal like any
// edit), Accept on this slice, Reject; clicks on the proposal (the edit
// session's ProposalClicks) sent with the report for the clicked axial
// slice, whose map is replaced by the answer; and, for a project case, the
// map saved as cases/<id>/proposals/<model>.png|nii.gz off the UI thread
// with its provenance (clicks included) in the manifest, shown again when
// the case is reopened.
#pragma once

#include "edit_session.h"
#include "inference_types.h"
#include "store/case_record.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <memory>

namespace tgc {

class DisplayModel;
class ModelManager;
class ProjectController;
class CasePrompts;

class ProposalController : public QObject {
    Q_OBJECT
public:
    enum class Scope { Slice, Volume };

    ProposalController(DisplayModel* model, EditSession* edit, CasePrompts* prompts,
                       ProjectController* project, ModelManager* models, QObject* parent = nullptr);
    ~ProposalController() override;

    // Asks the model; false (and error()) when there is no image, no model
    // or no report. A request still running is cancelled.
    bool generate(Scope scope);
    void cancel();
    bool isRunning() const { return m_running; }
    bool hasProposal() const;
    bool canGenerateVolume() const;

    double threshold() const;
    // Live: the shown proposal follows at once, the model does not run again.
    void setThreshold(double threshold);
    // Records the threshold with the case's proposal (the slider was let go).
    void commitThreshold();
    // Voxels at or above the threshold (whole proposal).
    std::size_t proposedVoxels() const;

    // Into the active label: everywhere (the proposal layer then closes), or
    // only on the slice of the view the pointer was last in. Returns the
    // voxels changed.
    std::size_t accept(ProposalMerge merge, bool sliceOnly);
    // Closes the proposal; a project case forgets it.
    void reject();

    // The application showed a loaded case (empty id: a loose image); a
    // project case's saved proposal comes back.
    void caseShown(const QString& caseId);

    // What the shown proposal is: model, prompts, timing.
    QString statusText() const { return m_status; }
    QString shownModelId() const { return m_info.modelId; }
    QString shownReport() const { return m_info.report; }
    // The proposal file being written, or last written ("" when none).
    QString savedPath() const { return m_savedPath; }
    bool isSaving() const { return m_savesRunning > 0; }
    const InferenceSummary& lastSummary() const { return m_summary; }
    // What the model said beside the shown proposal (proposal_notices.h):
    // "Not found in this slice (p = 0.03)", the image unlike its training
    // data; empty when there is nothing to say.
    QString presenceNotice() const { return m_presenceNotice; }
    QString oodNotice() const { return m_oodNotice; }

Q_SIGNALS:
    void stateChanged();
    void progress(int done, int total);
    // The last slice of a generation is in the shown proposal.
    void proposalReady();
    // A saved proposal was shown again (caseShown).
    void proposalRestored();
    // The proposal file is on disk (path), or could not be written (error).
    void saved(const QString& path);
    void message(const QString& text);
    void error(const QString& title, const QString& text);

private:
    struct Shown {
        QString caseId;
        QString modelId;
        QString report;
        QString aux;
        QDateTime created;
        bool recorded = false; // in the project's manifest
    };

    void onImageChanged();
    void onPromptEdited();
    void onSlices(const InferenceBatch& batch);
    void onFinished(const InferenceSummary& summary);
    void onFailed(quint64 generation, const QString& error);
    // proposal_controller_clicks.cpp: a click was added, undone or redone.
    void onClicksChanged(int axialSlice);
    // The shown proposal's record, once accepted (whole or a slice of it),
    // with the clicks it had taken.
    void recordAcceptance(bool whole);
    // The saved record of the proposal shown, when it is this case's.
    const ProposalRecord* shownRecord() const;
    std::vector<PromptClick> clicksOn(int axialSlice) const;
    double presenceThresholdFor(const std::vector<PromptClick>& clicks) const;
    void save();
    void setStatus(const QString& text);
    void setNotices(const InferenceSummary& summary);
    void clearNotices();
    ProposalRecord record() const;

    DisplayModel* m_model;
    EditSession* m_edit;
    CasePrompts* m_prompts;
    ProjectController* m_project;
    ModelManager* m_models;

    std::shared_ptr<LabelMap> m_map; // written while a generation streams into it
    bool m_running = false;
    bool m_shownYet = false;   // the running generation's map is the shown proposal
    bool m_refining = false;   // the running generation answers clicks
    bool m_takingBack = false; // a failed refinement's click is being undone
    quint64 m_generation = 0;
    int m_serial = 0; // counts images shown: late loads of an earlier one are dropped
    QString m_caseId;
    Shown m_info;
    Shown m_pending; // what the running generation was asked
    InferenceSummary m_summary;
    QElapsedTimer m_clock;
    QString m_status;
    double m_presenceThreshold = 0.5; // the running generation's (Settings)
    QString m_presenceNotice;
    QString m_oodNotice;
    QString m_trainedOnModel; // the model file m_trainedOn was read for
    QString m_trainedOn;
    QString m_savedPath;
    int m_savesRunning = 0;
};

} // namespace tgc
