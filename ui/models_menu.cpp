#include "models_menu.h"

#include "inference_client.h"
#include "model_manager.h"
#include "named_widget.h"

#include <QAction>
#include <QActionGroup>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace tgc {

ModelsMenu::ModelsMenu(ModelManager* models, QWidget* window)
    : QObject(window), m_models(models), m_window(window) {
    m_status = named(new QLabel, "modelStatus");
    connect(m_models, &ModelManager::changed, this, &ModelsMenu::update);
    update();
}

QMenu* ModelsMenu::createMenu(QWidget* parent) {
    auto* menu = named(new QMenu(tr("&Models"), parent), "modelsMenu");
    m_menu = menu;
    m_group = new QActionGroup(menu);
    m_group->setExclusive(true);
    menu->addSeparator()->setObjectName(QStringLiteral("modelListEnd"));
    QAction* add = menu->addAction(tr("&Add checkpoint…"), this, &ModelsMenu::chooseCheckpoint);
    add->setObjectName(QStringLiteral("actionAddCheckpoint"));
    QAction* card = menu->addAction(tr("Model &card…"), this, &ModelsMenu::showModelCard);
    card->setObjectName(QStringLiteral("actionModelCard"));
    menu->addSeparator();
    QAction* cpu = menu->addAction(tr("Run on the &CPU only"));
    cpu->setObjectName(QStringLiteral("actionForceCpu"));
    cpu->setCheckable(true);
    cpu->setChecked(m_models->forceCpu());
    cpu->setToolTip(tr("Otherwise the model runs on a CUDA GPU when there is one"));
    connect(cpu, &QAction::toggled, m_models, &ModelManager::setForceCpu);
    update();
    return menu;
}

void ModelsMenu::update() {
    m_status->setText(m_models->statusText());
    m_status->setToolTip(m_models->statusTip());
    if (!m_menu)
        return;
    for (QAction* a : m_modelActions) {
        m_menu->removeAction(a);
        a->deleteLater();
    }
    m_modelActions.clear();
    QAction* end = m_menu->findChild<QAction*>(QStringLiteral("modelListEnd"));
    for (const ModelSpec& spec : m_models->models()) {
        auto* a = new QAction(spec.name, m_menu);
        a->setCheckable(true);
        a->setChecked(spec.id == m_models->selectedId());
        a->setData(spec.id);
        a->setObjectName(QStringLiteral("model_") + spec.id);
        a->setToolTip(spec.path.isEmpty() ? tr("The demo model file is missing") : spec.path);
        m_group->addAction(a);
        const QString id = spec.id;
        connect(a, &QAction::triggered, this, [this, id] {
            if (id != m_models->selectedId() || !m_models->client()->activeModel())
                m_models->select(id);
        });
        m_menu->insertAction(end, a);
        m_modelActions << a;
    }
}

void ModelsMenu::chooseCheckpoint() {
    const QString file =
        QFileDialog::getOpenFileName(m_window, tr("TGC-Net checkpoint"), QString(),
                                     tr("Checkpoints (*.safetensors);;All files (*)"));
    if (file.isEmpty())
        return;
    QString clip = QSettings().value(QStringLiteral("model/clipFolder")).toString();
    const auto answer = QMessageBox::question(
        m_window, tr("CLIP folder"),
        tr("Does this checkpoint need a CLIP folder (CLIP's BPE vocabulary and weights, for the "
           "paper configurations)?%1")
            .arg(clip.isEmpty() ? QString() : tr("\n\nNo: %1 is used if needed.").arg(clip)),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer == QMessageBox::Yes) {
        const QString dir = QFileDialog::getExistingDirectory(m_window, tr("CLIP folder"), clip);
        if (!dir.isEmpty())
            clip = dir;
    }
    m_models->addCheckpoint(file, clip);
}

void ModelsMenu::showModelCard() {
    auto* dialog = named(new QDialog(m_window), "modelCardDialog");
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const auto active = m_models->client()->activeModel();
    dialog->setWindowTitle(active ? tr("Model card: %1").arg(active->spec.name) : tr("Model card"));
    auto* layout = new QVBoxLayout(dialog);
    auto* browser = named(new QTextBrowser, "modelCardText");
    browser->setMarkdown(m_models->modelCardText());
    layout->addWidget(browser);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    layout->addWidget(buttons);
    dialog->resize(720, 640);
    dialog->show();
}

} // namespace tgc
