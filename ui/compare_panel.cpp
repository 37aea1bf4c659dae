#include "compare_panel.h"

#include "compare_controller.h"
#include "compare_grid.h"
#include "named_widget.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

namespace tgc {

namespace {

QString number(double value, int decimals) {
    return std::isfinite(value) ? QString::number(value, 'f', decimals) : QStringLiteral("∞");
}

QIcon swatch(const QColor& colour) {
    QPixmap pixmap(14, 14);
    pixmap.fill(colour);
    return QIcon(pixmap);
}

QTableWidgetItem* cell(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QTableWidget* table(const QStringList& headers) {
    auto* t = new QTableWidget(0, int(headers.size()));
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    t->setSelectionMode(QAbstractItemView::NoSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    return t;
}

} // namespace

ComparePanel::ComparePanel(CompareController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    setObjectName(QStringLiteral("comparePanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(new QLabel(tr("Models to compare (two to four):")));
    m_modelList = named(new QListWidget, "compareModels");
    m_modelList->setMaximumHeight(90);
    layout->addWidget(m_modelList);

    m_mode = named(new QComboBox, "compareMode");
    m_mode->addItem(tr("Models, same prompts"), int(Mode::Models));
    m_mode->addItem(tr("Prompt ablation (first model)"), int(Mode::Ablation));
    m_mode->addItem(tr("Prompt robustness probe (first model)"), int(Mode::Probe));
    m_mode->setToolTip(tr("Ablation: report only, report + auxiliary prompt, the edited prompt. "
                          "Probe: paraphrased, a clause dropped, left and right swapped, the "
                          "organ swapped; each scored by Dice to the original."));
    layout->addWidget(m_mode);
    m_edited = named(new QLineEdit, "compareEditedPrompt");
    m_edited->setPlaceholderText(tr("Edited prompt (ablation)"));
    layout->addWidget(m_edited);
    // Two short rows, so the dock stays narrow: what and how to show, then run.
    auto* scopeRow = new QHBoxLayout;
    m_scope = named(new QComboBox, "compareScope");
    m_scope->addItem(tr("This slice"), int(CompareSession::Scope::Slice));
    m_scope->addItem(tr("Whole volume"), int(CompareSession::Scope::Volume));
    m_layout = named(new QComboBox, "compareLayout");
    m_layout->addItem(tr("One view, all outlines"));
    m_layout->addItem(tr("Grid, a view per model"));
    scopeRow->addWidget(m_scope);
    scopeRow->addWidget(m_layout, 1);
    layout->addLayout(scopeRow);
    auto* runRow = new QHBoxLayout;
    m_run = named(new QPushButton(tr("Compare")), "compareRun",
                  tr("Run each chosen model on this case with the report's prompts"));
    m_cancel = named(new QPushButton(tr("Cancel")), "compareCancel");
    m_clear = named(new QPushButton(tr("Clear")), "compareClear",
                    tr("Remove the comparison's outlines and scores"));
    runRow->addWidget(m_run, 1);
    runRow->addWidget(m_cancel);
    runRow->addWidget(m_clear);
    layout->addLayout(runRow);
    m_progress = new QProgressBar;
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    layout->addWidget(m_progress);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    // The legend is the metrics table: one row per model, its colour and a
    // check box that shows or hides its outline.
    m_legend = table({tr("Model (outline)"), tr("Dice"), tr("IoU"), tr("HD95 mm"), tr("ms")});
    m_legend->setObjectName(QStringLiteral("compareLegend"));
    m_legend->setToolTip(tr("Against the annotation (filled in its label colour); "
                            "untick a model to hide its outline"));
    layout->addWidget(m_legend, 1);
    auto* annotation =
        new QLabel(tr("Scores against the annotation, filled in its label colours."));
    annotation->setWordWrap(true);
    layout->addWidget(annotation);
    layout->addWidget(new QLabel(tr("Between models:")));
    m_pairs = table({tr("Models"), tr("Dice"), tr("IoU"), tr("HD95 mm")});
    m_pairs->setObjectName(QStringLiteral("comparePairs"));
    layout->addWidget(m_pairs, 1);

    connect(m_run, &QPushButton::clicked, this, &ComparePanel::run);
    connect(m_cancel, &QPushButton::clicked, m_controller, &CompareController::cancel);
    connect(m_clear, &QPushButton::clicked, m_controller, &CompareController::clear);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &ComparePanel::refresh);
    connect(m_layout, &QComboBox::currentIndexChanged, this, &ComparePanel::showLayout);
    connect(m_legend, &QTableWidget::itemChanged, this, &ComparePanel::onLegendItem);
    connect(m_modelList, &QListWidget::itemChanged, this, &ComparePanel::refresh);
    CompareSession* session = m_controller->session();
    connect(m_controller, &CompareController::changed, this, &ComparePanel::refresh);
    // A run started elsewhere (the command line) shows as the dock's choice.
    connect(m_controller, &CompareController::choiceChanged, this, [this] {
        refreshModels(); // a checkpoint may have been added for the run
        chooseModels(m_controller->chosenModels());
        m_mode->setCurrentIndex(m_mode->findData(int(m_controller->mode())));
    });
    connect(session, &CompareSession::started, this, [this] {
        m_status->setText(tr("Loading the first model…"));
        m_progress->setValue(0);
    });
    connect(session, &CompareSession::progress, this,
            [this, session](int index, int done, int total) {
                const int models = int(session->runs().size());
                m_progress->setRange(0, std::max(1, models * total));
                m_progress->setValue(index * total + done);
                m_status->setText(tr("Model %1 of %2: %3 (%4 of %5 slices)")
                                      .arg(index + 1)
                                      .arg(models)
                                      .arg(session->runs()[std::size_t(index)].label)
                                      .arg(done)
                                      .arg(total));
            });
    connect(session, &CompareSession::finished, this, [this, session] {
        const bool slice = session->request().scope == CompareSession::Scope::Slice;
        QString text = slice ? tr("Compared on axial slice %1.").arg(session->request().slice + 1)
                             : tr("Compared on the whole volume.");
        for (std::size_t i = 0; i < session->runs().size(); ++i)
            if (session->stillWhereItShouldMove(i))
                text += QLatin1Char(' ') +
                        tr("⚠ The mask did not move with “%1” (Dice %2 to the original): the "
                           "model ignores that part of the text.")
                            .arg(session->runs()[i].label)
                            .arg(session->metrics().pairs[0][i].dice, 0, 'f', 2);
        m_status->setText(text);
    });
    connect(session, &CompareSession::cancelled, this,
            [this] { m_status->setText(tr("Comparison cancelled.")); });
    connect(session, &CompareSession::dropped, this, [this] {
        m_status->setText(tr("Another image is shown: the comparison was dropped."));
    });
    connect(session, &CompareSession::error, this,
            [this](const QString& text) { m_status->setText(text); });
    refreshModels();
    refresh();
}

void ComparePanel::showEvent(QShowEvent* event) {
    refreshModels(); // checkpoints may have been added in the Models menu
    QWidget::showEvent(event);
}

void ComparePanel::refreshModels() {
    const QStringList chosen = chosenModels();
    m_filling = true;
    m_modelList->clear();
    for (const ModelSpec& spec : m_controller->availableModels()) {
        auto* item = new QListWidgetItem(spec.name, m_modelList);
        item->setData(Qt::UserRole, spec.id);
        item->setToolTip(spec.path);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(chosen.contains(spec.id) ? Qt::Checked : Qt::Unchecked);
    }
    m_filling = false;
    refresh();
}

void ComparePanel::chooseModels(const QStringList& ids) {
    for (int row = 0; row < m_modelList->count(); ++row) {
        QListWidgetItem* item = m_modelList->item(row);
        item->setCheckState(ids.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked
                                                                              : Qt::Unchecked);
    }
}

QStringList ComparePanel::chosenModels() const {
    QStringList ids;
    for (int row = 0; row < m_modelList->count(); ++row)
        if (m_modelList->item(row)->checkState() == Qt::Checked)
            ids << m_modelList->item(row)->data(Qt::UserRole).toString();
    return ids;
}

void ComparePanel::run() {
    const auto scope = CompareSession::Scope(m_scope->currentData().toInt());
    const QStringList ids = chosenModels();
    switch (Mode(m_mode->currentData().toInt())) {
    case Mode::Models:
        m_controller->run(ids, scope);
        break;
    case Mode::Ablation:
        m_controller->runAblation(ids.value(0), m_edited->text(), scope);
        break;
    case Mode::Probe:
        m_controller->runProbe(ids.value(0), scope);
        break;
    }
}

void ComparePanel::showLayout() {
    const bool grid = m_layout->currentIndex() == 1;
    if (grid && !m_grid)
        m_grid = new CompareGrid(m_controller->display(), m_controller->session(), this);
    if (m_grid)
        m_grid->setVisible(grid);
}

QString ComparePanel::statusText() const {
    return m_status->text();
}

void ComparePanel::refresh() {
    if (m_filling)
        return;
    const bool running = m_controller->session()->isRunning();
    const int chosen = int(chosenModels().size());
    const bool oneModel = Mode(m_mode->currentData().toInt()) != Mode::Models;
    m_run->setEnabled(!running && (oneModel ? chosen >= 1
                                            : chosen >= CompareSession::kMinModels &&
                                                  chosen <= CompareSession::kMaxModels));
    m_edited->setVisible(Mode(m_mode->currentData().toInt()) == Mode::Ablation);
    m_mode->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_clear->setEnabled(!m_controller->session()->runs().empty());
    m_scope->setEnabled(!running);
    m_progress->setVisible(running);
    fillLegend();
    fillPairs();
}

void ComparePanel::fillLegend() {
    const CompareSession* session = m_controller->session();
    const auto& runs = session->runs();
    const auto& metrics = session->metrics();
    const bool scored = session->hasResults() && metrics.hasReference;
    m_filling = true;
    m_legend->setRowCount(int(runs.size()));
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const int row = int(i);
        auto* name = new QTableWidgetItem(swatch(runs[i].colour), runs[i].label);
        name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        name->setCheckState(m_controller->isModelVisible(row) ? Qt::Checked : Qt::Unchecked);
        name->setToolTip(
            session->comparesPrompts()
                ? tr("%1\nReport: %2\nAux: %3").arg(runs[i].spec.name, runs[i].report, runs[i].aux)
                : runs[i].spec.path);
        m_legend->setItem(row, 0, name);
        const QString none = runs[i].done ? tr("n/a") : QString();
        m_legend->setItem(row, 1, cell(scored ? number(metrics.vsReference[i].dice, 3) : none));
        m_legend->setItem(row, 2, cell(scored ? number(metrics.vsReference[i].iou, 3) : none));
        m_legend->setItem(row, 3, cell(scored ? number(metrics.vsReference[i].hd95, 1) : none));
        m_legend->setItem(row, 4, cell(runs[i].done ? number(runs[i].ms, 0) : QString()));
    }
    if (session->hasResults() && !metrics.hasReference)
        m_legend->setToolTip(tr("The case has no annotation: the models are scored only "
                                "against each other"));
    m_filling = false;
}

void ComparePanel::fillPairs() {
    const CompareSession* session = m_controller->session();
    const auto& runs = session->runs();
    const auto& pairs = session->metrics().pairs;
    m_pairs->setRowCount(0);
    if (!session->hasResults())
        return;
    for (std::size_t a = 0; a < runs.size(); ++a)
        for (std::size_t b = a + 1; b < runs.size(); ++b) {
            const int row = m_pairs->rowCount();
            m_pairs->insertRow(row);
            auto* names = new QTableWidgetItem(tr("%1 vs %2").arg(runs[a].label, runs[b].label));
            names->setFlags(Qt::ItemIsEnabled);
            m_pairs->setItem(row, 0, names);
            m_pairs->setItem(row, 1, cell(number(pairs[a][b].dice, 3)));
            m_pairs->setItem(row, 2, cell(number(pairs[a][b].iou, 3)));
            m_pairs->setItem(row, 3, cell(number(pairs[a][b].hd95, 1)));
        }
}

void ComparePanel::onLegendItem(QTableWidgetItem* item) {
    if (m_filling || item->column() != 0)
        return;
    m_controller->setModelVisible(item->row(), item->checkState() == Qt::Checked);
}

} // namespace tgc
