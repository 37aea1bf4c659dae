// The models the annotator can segment with (no widgets): the bundled demo
// model (active until the user picks another) and checkpoints they add, kept
// in QSettings; which one is active and on what device. Its InferenceClient
// is one of the model host's, so the model loads on the worker's thread; a
// model that fails to load is reported and the one before stays active. The
// Models menu, the status-bar field and the model card dialog are
// ui/models_menu.*.
#pragma once

#include "inference_types.h"

#include <QObject>
#include <memory>
#include <vector>

namespace tgc {

class InferenceClient;
class ModelHost;

class ModelManager : public QObject {
    Q_OBJECT
public:
    // Its client is one of the host's (the GUI's one model host).
    explicit ModelManager(std::shared_ptr<ModelHost> host, QObject* parent = nullptr);
    ~ModelManager() override;

    InferenceClient* client() const { return m_client; }
    // Another client of the same host (compare mode's), so a model loaded
    // for Generate and for a comparison is held once. The one place the GUI
    // makes a client.
    InferenceClient* newClient(QObject* parent = nullptr) const;
    // The host every inference in the GUI goes through.
    const std::shared_ptr<ModelHost>& host() const { return m_host; }

    // A file under resources/ (e.g. "models/tgc-demo-tiny.safetensors"),
    // looked for beside the executable (../share/tgc-annotator, the source
    // tree above build/<preset>/bin) and in the source tree it was built
    // from; empty when missing.
    static QString findResource(const QString& relative);
    // The bundled demo model (path empty when the file is missing).
    static ModelSpec demoModel();

    // The demo model and the added checkpoints, in menu order.
    std::vector<ModelSpec> models() const;
    // The model chosen last (being loaded or loaded); empty id: none.
    QString selectedId() const { return m_selected; }
    // Loads the model chosen in an earlier session (the demo by default).
    void start();
    // Loads a model of the list; false when the id is unknown.
    bool select(const QString& modelId);
    // Adds a checkpoint to the list (saved in the settings) and selects it.
    // Returns its id.
    QString addCheckpoint(const QString& path, const QString& clipFolder);

    // Force the CPU even where a GPU is available (saved in the settings).
    bool forceCpu() const;
    void setForceCpu(bool on);
    DeviceChoice deviceChoice() const;

    // "Model: tgc-demo-tiny · CPU, 1 thread · torch 1.13.0", for the status
    // bar; the tip is the file and the loader's note, or the last error.
    QString statusText() const;
    QString statusTip() const;
    // The model card of the active model: the demo's README.md, or the
    // checkpoint's metadata JSON (Markdown).
    QString modelCardText() const;

Q_SIGNALS:
    // A model was loaded (the active model changed) or failed to load.
    void modelReady(const tgc::ModelInfo& info);
    void modelFailed(const QString& error);
    void error(const QString& title, const QString& text);
    // statusText() or the list, or the one selected, changed.
    void changed();

private:
    void loadSpec(const ModelSpec& spec);
    void saveList() const;

    std::shared_ptr<ModelHost> m_host;
    InferenceClient* m_client = nullptr;
    std::vector<ModelSpec> m_added;
    QString m_selected;
    QString m_loading; // the name being loaded, shown in the status bar
    QString m_lastError;
};

} // namespace tgc
