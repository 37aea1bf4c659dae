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
    int threads = 0;         // CPU threads in effect
    QString config;          // TGC-Net config name ("tiny", "paper-b16")
    QString tokenizer;       // its text tokenizer's kind: "clip-bpe" or "byte"
    QByteArray metadataJson; // the checkpoint's "tgc" metadata
    double loadMs = 0.0;
    QString note; // e.g. "moved to the CPU after running out of GPU memory"
};

// One request: segment these axial slices of this image with these prompts.
struct InferenceRequest {
    QString caseId;         // the case the proposal belongs to (empty: a loose image)
    ModelSpec model;        // a model the host holds (set by InferenceClient)
    quint64 requester = 0;  // the client asking (set by InferenceClient)
    quint64 generation = 0; // set by InferenceClient
    std::shared_ptr<const ImageVolume> image;
    std::vector<int> slices; // axial slice indices; empty: every slice
    QString report;          // primary prompt
    QString aux;             // auxiliary prompt (DATE); may be empty
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
};

} // namespace tgc

Q_DECLARE_METATYPE(tgc::ModelSpec)
Q_DECLARE_METATYPE(tgc::ModelInfo)
Q_DECLARE_METATYPE(tgc::InferenceBatch)
Q_DECLARE_METATYPE(tgc::InferenceSummary)
