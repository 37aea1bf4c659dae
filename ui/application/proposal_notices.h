// What the model says beside its proposal, in the panel's words: that the
// report's target was not found in the slice or the volume (the presence
// head), and that the image is unlike the images the model was trained on
// (the checkpoint's description of them). A model that cannot say either
// says nothing of the kind: unknown is neither "present" nor "typical".
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace tgc {

// What one finished generation said, read off its InferenceSummary.
struct ModelSayings {
    bool volume = false;    // the request covered more than one slice
    int slices = 0;         // slices it covered
    double presence = -1.0; // over the slices (the most convincing one); < 0: unknown
    int slicesNotFound = 0; // slices whose presence was below the threshold
    double presenceThreshold = 0.5;
    double oodScore = -1.0; // over the slices (the median one); < 0: unknown
    double oodThreshold = 0.0;
    QString trainedOn; // "synthetic phantoms"; empty: unknown
};

class ProposalNotices {
    Q_DECLARE_TR_FUNCTIONS(tgc::ProposalNotices)
public:
    // "Not found in this slice (p = 0.03)", "Not found in this volume (p = 0.03)",
    // "Not found in 12 of 48 slices: their masks are left out"; empty when
    // the target was found or the model cannot say.
    static QString presence(const ModelSayings& said);
    // "This image is unlike the model's training data (synthetic phantoms):
    // check the mask."; "unknown" in place of what it was trained on when the
    // checkpoint does not say; a line saying the model cannot tell when the
    // checkpoint carries no description of its training images; empty for
    // an image like them.
    static QString outOfDistribution(const ModelSayings& said);

    // What a model was trained on, as its card or checkpoint says it: the
    // "trained on ..." of the model card beside a bundled model (README.md),
    // else the checkpoint metadata's "training_data"; empty when neither says.
    static QString trainedOn(const QString& checkpointPath, bool bundled,
                             const QByteArray& metadataJson);

    // The presence below which a proposal is not shown (Settings; 0.5 by
    // default, as `tgc-cli infer --presence-threshold`).
    static double presenceThresholdSetting();
    static void setPresenceThresholdSetting(double threshold);
};

} // namespace tgc
