// What the UI and the inference worker say to each other (queued signals):
// which model to load, what to segment, and what comes back. Qt and project
// types only: no torch, so widgets may include it.
#pragma once

#include "image_volume.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <atomic>
#include <memory>
#include <vector>

namespace tgc {

// A checkpoint the user can pick (Models menu).
struct ModelSpec {
    QString id;         // a safe file name: proposals are saved under it
    QString name;       // shown in the menu and the status bar
    QString path;       // the safetensors file
    QString clipFolder; // CLIP vocabulary (and weights) where the checkpoint needs them
    bool demo = false;  // the bundled demonstration model
};

// Where the model runs: "auto" (CUDA when there is a GPU, else CPU) or "cpu".
struct DeviceChoice {
    QString device = QStringLiteral("auto");
    int threads = 0;  // CPU cores for the model (engine::configureThreads); 0: all but one
    int gpuBatch = 8; // slices per forward pass on a GPU
    int cpuBatch = 2; // on the CPU (small: progress and cancel stay prompt)
};

// The model the worker has loaded.
struct ModelInfo {
    ModelSpec spec;
    QString device;          // "cpu", "cuda:0"
    QString torchVersion;    // the libtorch it runs on, "1.13.0" or "2.14.1"
    bool cudaBuild = false;  // that libtorch has its CUDA back end
    int threads = 0;         // CPU threads in effect
    QString config;          // TGC-Net config name ("tiny", "paper-b16")
    QString tokenizer;       // its text tokenizer's kind: "clip-bpe" or "byte"
    QByteArray metadataJson; // the checkpoint's "tgc" metadata
    double loadMs = 0.0;
    QString note; // e.g. "moved to the CPU after running out of GPU memory"
};

// A click on an axial slice of a request, in that slice's pixels (x right,
// y down): positive adds the region under it to the target, negative takes
// it away. The model refines that slice's text proposal with it.
struct PromptClick {
    int slice = 0;
    double x = 0, y = 0;
    bool positive = true;
};

// One request: segment these axial slices of this image with these prompts.
struct InferenceRequest {
    QString caseId;         // the case the proposal belongs to (empty: a loose image)
    ModelSpec model;        // a model the host holds (set by InferenceClient)
    quint64 requester = 0;  // the client asking (set by InferenceClient)
    quint64 generation = 0; // set by InferenceClient
    std::shared_ptr<const ImageVolume> image;
    std::vector<int> slices;         // axial slice indices; empty: every slice
    QString report;                  // primary prompt
    QString aux;                     // auxiliary prompt (DATE); may be empty
    std::vector<PromptClick> clicks; // on slices of this request (others are ignored)
    // A slice whose presence probability is below this gets an empty map
    // (as `tgc-cli infer --presence-threshold`); negative: every map is kept.
    // A model without a presence head keeps every map: unknown is not absent.
    double presenceThreshold = -1.0;
    // Set from the UI thread to stop between batches (InferenceClient does it).
    std::shared_ptr<std::atomic<bool>> cancel;
};

// Probability maps of some slices of a request, as they arrive.
struct InferenceBatch {
    QString caseId;
    quint64 requester = 0;
    quint64 generation = 0;
    std::vector<int> slices; // axial indices
    // For each slice, width x height bytes (x fastest): probability x 255, rounded.
    std::vector<QByteArray> probabilities;
    // Per slice, as the engine says them (engine.h): the probability that the
    // target is there, and the image's distance from the training images.
    // Empty when the model cannot say: unknown, neither "present" nor "fine".
    std::vector<float> presence;
    std::vector<float> oodScores;
    int done = 0; // slices of the request delivered so far, these included
    int total = 0;
};

// How a request ended (after its last batch, cancelled or not).
struct InferenceSummary {
    QString caseId;
    quint64 requester = 0;
    quint64 generation = 0;
    QString modelId;
    QString modelName;
    QString device;
    int slicesDone = 0;
    int total = 0;
    bool cancelled = false;
    bool reportTruncated = false;
    bool auxTruncated = false;
    double msTotal = 0.0; // on the worker: reading slices, model, post-processing
    double msModel = 0.0;
    double windowCenter = 0.0, windowWidth = 0.0; // the model-input window used
    int batchSize = 0;
    QStringList notes; // out-of-memory retries, CPU fallback

    // The request's slices in the order done, with what the model said of
    // each (empty vectors: the model cannot say; see InferenceBatch).
    std::vector<int> slices;
    std::vector<float> presence;
    std::vector<float> oodScores;
    // Over those slices (engine::volumePresence, volumeOodScore): the most
    // convincing slice's presence, the median slice's OOD score; negative
    // when unknown.
    double presenceOverall = -1.0;
    double oodScoreOverall = -1.0;
    double oodThreshold = 0.0;  // scores above it: unlike the training data
    int slicesEmptied = 0;      // maps emptied by the request's presence threshold
    int clicks = 0;             // clicks the request carried on its slices
    bool clicksIgnored = false; // the model was not trained on clicks
};

} // namespace tgc

Q_DECLARE_METATYPE(tgc::ModelSpec)
Q_DECLARE_METATYPE(tgc::ModelInfo)
Q_DECLARE_METATYPE(tgc::InferenceBatch)
Q_DECLARE_METATYPE(tgc::InferenceSummary)
