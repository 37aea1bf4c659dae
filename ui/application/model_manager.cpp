#include "model_manager.h"

#include "inference_client.h"
#include "store/safe_path.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSettings>
#include <algorithm>

namespace tgc {

namespace {
const char* const kListKey = "models/checkpoints";
const char* const kActiveKey = "models/active";
const char* const kDeviceKey = "inference/device";
const char* const kThreadsKey = "inference/threads";
const char* const kDemoFile = "models/tgc-demo-tiny.safetensors";
} // namespace

ModelManager::ModelManager(std::shared_ptr<ModelHost> host, QObject* parent)
    : QObject(parent), m_host(std::move(host)) {
    m_client = newClient(this);
    connect(m_client, &InferenceClient::modelLoaded, this, [this](const ModelInfo& info) {
        m_loading.clear();
        m_lastError.clear();
        m_selected = info.spec.id;
        QSettings().setValue(QLatin1String(kActiveKey), info.spec.id);
        Q_EMIT changed();
        Q_EMIT modelReady(info);
    });
    connect(m_client, &InferenceClient::modelFailed, this,
            [this](const ModelSpec& spec, const QString& message) {
                m_loading.clear();
                m_lastError = message;
                // The model loaded before stays active: so does its menu entry.
                const auto active = m_client->activeModel();
                m_selected = active ? active->spec.id : QString();
                Q_EMIT changed();
                Q_EMIT modelFailed(message);
                Q_EMIT error(tr("Cannot load the model %1").arg(spec.name),
                             active ? tr("%1\n\n%2 stays active.").arg(message, active->spec.name)
                                    : message);
            });
    QSettings settings;
    const int n = settings.beginReadArray(QLatin1String(kListKey));
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        ModelSpec spec;
        spec.path = settings.value(QStringLiteral("path")).toString();
        spec.clipFolder = settings.value(QStringLiteral("clip")).toString();
        spec.id = settings.value(QStringLiteral("id")).toString();
        spec.name = settings.value(QStringLiteral("name")).toString();
        if (spec.path.isEmpty() || !isSafeFileName(spec.id))
            continue;
        if (spec.name.isEmpty())
            spec.name = spec.id;
        m_added.push_back(spec);
    }
    settings.endArray();
}

ModelManager::~ModelManager() = default;

InferenceClient* ModelManager::newClient(QObject* parent) const {
    return new InferenceClient(m_host, parent);
}

QString ModelManager::findResource(const QString& relative) {
    const QString app = QCoreApplication::applicationDirPath();
    QStringList roots{app + QStringLiteral("/../share/tgc-annotator"),
                      app + QStringLiteral("/resources"),
                      app + QStringLiteral("/../../resources")}; // build/<preset>/bin
#ifdef TGC_RESOURCE_DIR
    roots << QStringLiteral(TGC_RESOURCE_DIR);
#endif
    for (const QString& root : roots) {
        const QFileInfo file(root + QLatin1Char('/') + relative);
        if (file.exists())
            return file.canonicalFilePath();
    }
    return {};
}

ModelSpec ModelManager::demoModel() {
    ModelSpec spec;
    spec.id = QStringLiteral("tgc-demo-tiny");
    spec.name = QStringLiteral("tgc-demo-tiny (demo)");
    spec.path = findResource(QLatin1String(kDemoFile));
    spec.demo = true;
    return spec;
}

std::vector<ModelSpec> ModelManager::models() const {
    std::vector<ModelSpec> all{demoModel()};
    all.insert(all.end(), m_added.begin(), m_added.end());
    return all;
}

void ModelManager::start() {
    const QString wanted = QSettings().value(QLatin1String(kActiveKey), demoModel().id).toString();
    if (!select(wanted))
        select(demoModel().id);
}

bool ModelManager::select(const QString& modelId) {
    for (const ModelSpec& spec : models()) {
        if (spec.id == modelId) {
            loadSpec(spec);
            return true;
        }
    }
    return false;
}

void ModelManager::loadSpec(const ModelSpec& spec) {
    m_selected = spec.id;
    m_loading = spec.name;
    Q_EMIT changed();
    ModelSpec s = spec;
    if (s.path.isEmpty()) // the demo model is missing: let the worker say so, naming it
        s.path = QStringLiteral("resources/") + QLatin1String(kDemoFile);
    m_client->loadModel(s, deviceChoice());
}

QString ModelManager::addCheckpoint(const QString& path, const QString& clipFolder) {
    ModelSpec spec;
    spec.path = QFileInfo(path).absoluteFilePath();
    spec.clipFolder = clipFolder;
    QString base = toSafeFileName(QFileInfo(path).completeBaseName());
    if (base.isEmpty())
        base = QStringLiteral("model");
    const std::vector<ModelSpec> all = models();
    for (const ModelSpec& m : all) {
        if (m.path == spec.path) { // already listed: pick it
            select(m.id);
            return m.id;
        }
    }
    QString id = base;
    for (int n = 2;
         std::any_of(all.begin(), all.end(), [&id](const ModelSpec& m) { return m.id == id; }); ++n)
        id = base + QStringLiteral("-%1").arg(n);
    spec.id = id;
    spec.name = id;
    m_added.push_back(spec);
    saveList();
    loadSpec(spec);
    return id;
}

void ModelManager::saveList() const {
    QSettings settings;
    settings.beginWriteArray(QLatin1String(kListKey), int(m_added.size()));
    for (int i = 0; i < int(m_added.size()); ++i) {
        settings.setArrayIndex(i);
        const ModelSpec& spec = m_added[std::size_t(i)];
        settings.setValue(QStringLiteral("path"), spec.path);
        settings.setValue(QStringLiteral("clip"), spec.clipFolder);
        settings.setValue(QStringLiteral("id"), spec.id);
        settings.setValue(QStringLiteral("name"), spec.name);
    }
    settings.endArray();
}

bool ModelManager::forceCpu() const {
    return QSettings().value(QLatin1String(kDeviceKey)).toString() == QLatin1String("cpu");
}

void ModelManager::setForceCpu(bool on) {
    if (on == forceCpu())
        return;
    QSettings().setValue(QLatin1String(kDeviceKey),
                         on ? QStringLiteral("cpu") : QStringLiteral("auto"));
    select(m_selected); // reload on the chosen device
}

DeviceChoice ModelManager::deviceChoice() const {
    DeviceChoice choice;
    choice.device = forceCpu() ? QStringLiteral("cpu") : QStringLiteral("auto");
    choice.threads = QSettings().value(QLatin1String(kThreadsKey), 0).toInt();
    if (qEnvironmentVariableIsSet("TGC_INFERENCE_THREADS"))
        choice.threads = qEnvironmentVariableIntValue("TGC_INFERENCE_THREADS");
    return choice;
}

QString ModelManager::statusText() const {
    if (!m_loading.isEmpty())
        return tr("Model: loading %1…").arg(m_loading);
    const auto active = m_client->activeModel();
    if (!active)
        return m_lastError.isEmpty() ? tr("Model: none") : tr("Model: none (failed to load)");
    QString device = active->device;
    if (device == QLatin1String("cpu"))
        device =
            active->threads == 1 ? tr("CPU, 1 thread") : tr("CPU, %1 threads").arg(active->threads);
    else if (device.startsWith(QLatin1String("cuda")))
        device = tr("GPU (%1)").arg(device);
    // Which libtorch answers matters on a workstation with two builds.
    return tr("Model: %1 · %2 · torch %3%4")
        .arg(active->spec.id, device, active->torchVersion,
             active->cudaBuild ? tr(" (CUDA build)") : QString());
}

QString ModelManager::statusTip() const {
    const auto active = m_client->activeModel();
    if (!active)
        return m_lastError;
    return active->spec.path +
           (active->note.isEmpty() ? QString() : QStringLiteral("\n") + active->note);
}

QString ModelManager::modelCardText() const {
    const auto active = m_client->activeModel();
    if (!active)
        return tr("No model is loaded.");
    if (active->spec.demo) {
        QFile readme(QFileInfo(active->spec.path).absolutePath() + QStringLiteral("/README.md"));
        if (readme.open(QIODevice::ReadOnly))
            return QString::fromUtf8(readme.readAll());
    }
    const QJsonDocument doc = QJsonDocument::fromJson(active->metadataJson);
    QString text = tr("# %1\n\nFile: `%2`  \nConfig: %3  \nDevice: %4\n\n"
                      "The checkpoint's metadata:\n\n")
                       .arg(active->spec.name, active->spec.path, active->config, active->device);
    text += QStringLiteral("```\n") +
            (doc.isNull() ? tr("(none)") : QString::fromUtf8(doc.toJson(QJsonDocument::Indented))) +
            QStringLiteral("\n```\n");
    return text;
}

} // namespace tgc
