#include "proposal_panel.h"

#include "named_widget.h"
#include "proposal_controller.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

namespace tgc {

ProposalPanel::ProposalPanel(ProposalController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    setObjectName(QStringLiteral("proposalPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* title = new QLabel(tr("Proposal (model)"));
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    layout->addWidget(title);

    auto* generateRow = new QHBoxLayout;
    m_scope = named(new QComboBox, "proposalScope");
    m_scope->addItem(tr("This slice"), int(ProposalController::Scope::Slice));
    m_scope->addItem(tr("Whole volume"), int(ProposalController::Scope::Volume));
    m_generate = named(new QPushButton(tr("Generate mask")), "generateButton",
                       tr("Ask the model for the mask the report describes (Ctrl+G)"));
    generateRow->addWidget(m_scope);
    generateRow->addWidget(m_generate, 1);
    layout->addLayout(generateRow);

    auto* progressRow = new QHBoxLayout;
    m_progress = named(new QProgressBar, "proposalProgress");
    m_progress->setTextVisible(true);
    m_cancel = named(new QToolButton, "proposalCancel");
    m_cancel->setText(tr("Cancel"));
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancel);
    layout->addLayout(progressRow);

    auto* grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("Threshold")), 0, 0);
    m_threshold = named(new QSlider(Qt::Horizontal), "proposalThreshold");
    m_threshold->setRange(1, 99);
    m_threshold->setValue(int(std::lround(controller->threshold() * 100.0)));
    m_threshold->setToolTip(tr("Probability at which a voxel belongs to the proposal: the "
                               "proposal follows at once, the model does not run again"));
    m_thresholdValue = new QLabel;
    m_thresholdValue->setMinimumWidth(
        m_thresholdValue->fontMetrics().horizontalAdvance(QStringLiteral("0.00 ")));
    grid->addWidget(m_threshold, 0, 1);
    grid->addWidget(m_thresholdValue, 0, 2);
    grid->addWidget(new QLabel(tr("Accept")), 1, 0);
    m_merge = named(new QComboBox, "proposalMerge");
    m_merge->addItem(tr("adds to the active label"), int(ProposalMerge::Add));
    m_merge->addItem(tr("replaces the active label"), int(ProposalMerge::Replace));
    grid->addWidget(m_merge, 1, 1, 1, 2);
    grid->setColumnStretch(1, 1);
    layout->addLayout(grid);

    auto* buttons = new QHBoxLayout;
    m_accept = named(new QPushButton(tr("Accept")), "acceptProposal",
                     tr("Into the active label, every slice; one undo step"));
    m_acceptSlice = named(new QPushButton(tr("Accept slice")), "acceptProposalSlice",
                          tr("Only on the slice of the view the pointer was last in"));
    m_reject = named(new QPushButton(tr("Reject")), "rejectProposal");
    buttons->addWidget(m_accept);
    buttons->addWidget(m_acceptSlice);
    buttons->addWidget(m_reject);
    layout->addLayout(buttons);
    m_status = named(new QLabel, "proposalStatus");
    m_status->setWordWrap(true);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(m_status);
    // Beside the proposal, where the annotator looks before accepting it.
    auto notice = [layout](const char* name) {
        auto* label = new QLabel;
        label->setObjectName(QLatin1String(name));
        label->setWordWrap(true);
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        label->setStyleSheet(QStringLiteral("color: #f08c3c; font-weight: bold;"));
        label->setVisible(false);
        layout->addWidget(label);
        return label;
    };
    m_presence = notice("presenceNotice");
    m_ood = notice("oodNotice");

    m_commit = new QTimer(this);
    m_commit->setSingleShot(true);
    m_commit->setInterval(600);
    connect(m_commit, &QTimer::timeout, m_controller, &ProposalController::commitThreshold);
    connect(m_generate, &QPushButton::clicked, this, &ProposalPanel::generate);
    connect(m_cancel, &QToolButton::clicked, m_controller, &ProposalController::cancel);
    connect(m_threshold, &QSlider::valueChanged, this, [this](int value) {
        m_controller->setThreshold(value / 100.0);
        m_commit->start();
    });
    connect(m_threshold, &QSlider::sliderReleased, m_controller,
            &ProposalController::commitThreshold);
    connect(m_accept, &QPushButton::clicked, this,
            [this] { m_controller->accept(ProposalMerge(m_merge->currentData().toInt()), false); });
    connect(m_acceptSlice, &QPushButton::clicked, this,
            [this] { m_controller->accept(ProposalMerge(m_merge->currentData().toInt()), true); });
    connect(m_reject, &QPushButton::clicked, m_controller, &ProposalController::reject);
    connect(m_controller, &ProposalController::stateChanged, this, &ProposalPanel::refresh);
    connect(m_controller, &ProposalController::progress, this, &ProposalPanel::showProgress);
    refresh();
}

void ProposalPanel::generate() {
    m_controller->generate(ProposalController::Scope(m_scope->currentData().toInt()));
}

QString ProposalPanel::statusText() const {
    return m_status->text();
}

void ProposalPanel::showProgress(int done, int total) {
    m_progress->setRange(0, std::max(1, total));
    m_progress->setValue(done);
    m_progress->setFormat(tr("%1 / %2 slices").arg(done).arg(total));
}

void ProposalPanel::refresh() {
    const bool running = m_controller->isRunning();
    const bool proposal = m_controller->hasProposal();
    m_progress->setVisible(running);
    m_cancel->setVisible(running);
    // "Whole volume" only for volumes.
    const bool volume = m_controller->canGenerateVolume();
    if (!volume && m_scope->currentIndex() == 1)
        m_scope->setCurrentIndex(0);
    m_scope->setEnabled(volume);
    {
        const QSignalBlocker block(m_threshold);
        m_threshold->setValue(int(std::lround(m_controller->threshold() * 100.0)));
    }
    m_thresholdValue->setText(QString::number(m_controller->threshold(), 'f', 2));
    m_accept->setEnabled(proposal && !running);
    m_acceptSlice->setEnabled(proposal && !running);
    m_reject->setEnabled(proposal || running);
    m_status->setText(m_controller->statusText());
    m_presence->setText(m_controller->presenceNotice());
    m_presence->setVisible(!m_presence->text().isEmpty());
    m_ood->setText(m_controller->oodNotice());
    m_ood->setVisible(!m_ood->text().isEmpty());
}

} // namespace tgc
