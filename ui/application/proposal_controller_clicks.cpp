// ProposalController, its clicks: each click (or its undo) asks the model
// again for the clicked axial slice with the proposal's own prompts and every
// click on that slice; the answer replaces that slice of the shown proposal.
#include "display_model.h"
#include "inference_client.h"
#include "model_manager.h"
#include "proposal_controller.h"
#include "proposal_notices.h"

namespace tgc {

std::vector<PromptClick> ProposalController::clicksOn(int axialSlice) const {
    std::vector<PromptClick> out;
    for (const ProposalClick& c : m_edit->proposalClicks()->onSlice(axialSlice))
        out.push_back({axialSlice, double(c.voxel[0]), double(c.voxel[1]), c.positive});
    return out;
}

double ProposalController::presenceThresholdFor(const std::vector<PromptClick>& clicks) const {
    // A positive click is the annotator saying the target is there: the
    // presence head does not overrule it.
    for (const PromptClick& c : clicks)
        if (c.positive)
            return -1.0;
    return ProposalNotices::presenceThresholdSetting();
}

void ProposalController::onClicksChanged(int axialSlice) {
    if (m_takingBack)
        return;
    const LabelMap* shown = m_model->proposal();
    if (!shown || !m_model->hasImage() || m_info.report.isEmpty())
        return;
    InferenceClient* client = m_models->client();
    const auto active = client->activeModel();
    if (!active || active->spec.id != m_info.modelId) {
        setStatus(tr("This proposal came from the model %1: choose it in the Models menu to refine "
                     "the proposal with clicks.")
                      .arg(m_info.modelId));
        return;
    }
    if (axialSlice < 0 || axialSlice >= m_model->image()->dims()[2])
        return;
    // Into a copy of what is shown (an earlier click's answer may still be
    // coming into it: that request is superseded).
    m_map = std::make_shared<LabelMap>(*shown);
    m_map->labels().clear();
    m_shownYet = true;
    m_model->setProposal(m_map);
    m_pending = m_info;
    m_refining = true;

    InferenceRequest request;
    request.caseId = m_caseId;
    request.image = m_model->sharedImage();
    request.slices = {axialSlice};
    request.report = m_info.report;
    request.aux = m_info.aux;
    request.clicks = clicksOn(axialSlice);
    request.presenceThreshold = m_presenceThreshold = presenceThresholdFor(request.clicks);
    clearNotices();
    m_clock.start();
    m_running = true;
    m_generation = client->generate(request);
    Q_EMIT progress(0, 1);
    setStatus(tr("Refining slice %1 with %n click(s)…", "", int(request.clicks.size()))
                  .arg(axialSlice + 1));
}

} // namespace tgc
