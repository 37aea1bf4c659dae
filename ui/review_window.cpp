#include "review_window.h"

#include "compare_session.h"
#include "display_model.h"
#include "named_widget.h"
#include "series_reviewer.h"
#include "slice_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

namespace tgc {

namespace {

QIcon swatch(const QColor& colour) {
    QPixmap p(14, 14);
    p.fill(Qt::transparent);
    QPainter painter(&p);
    painter.setPen(QPen(colour, 3));
    painter.drawRect(2, 2, 10, 10);
    return QIcon(p);
}

QString created(const QString& dicomDateTime) {
    const QDateTime t =
        QDateTime::fromString(dicomDateTime.left(14), QStringLiteral("yyyyMMddHHmmss"));
    return t.isValid() ? t.toString(QStringLiteral("yyyy-MM-dd HH:mm")) : dicomDateTime;
}

} // namespace

ReviewWindow::ReviewWindow(SeriesReviewer* reviewer, QWidget* parent)
    : QWidget(parent, Qt::Window), m_reviewer(reviewer), m_display(new DisplayModel(this)) {
    setObjectName(QStringLiteral("reviewWindow"));
    setWindowTitle(tr("Review"));
    auto* layout = new QVBoxLayout(this);
    m_title = named(new QLabel, "reviewTitle");
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    layout->addWidget(m_title);

    auto* splitter = new QSplitter;
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* labelRow = new QHBoxLayout;
    m_label = named(new QComboBox, "reviewLabel");
    labelRow->addWidget(new QLabel(tr("Outlines of")));
    labelRow->addWidget(m_label, 1);
    leftLayout->addLayout(labelRow);
    m_view = new SliceView(m_display, Orientation::Axial);
    m_view->setShowCrosshair(false);
    leftLayout->addWidget(m_view, 1);
    splitter->addWidget(left);

    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(new QLabel(tr("Annotators")));
    m_legend = named(new QListWidget, "reviewLegend");
    m_legend->setMaximumHeight(110);
    rightLayout->addWidget(m_legend);
    rightLayout->addWidget(new QLabel(tr("Agreement between every two annotators")));
    m_table = named(new QTableWidget(0, 7), "reviewAgreement");
    m_table->setHorizontalHeaderLabels({tr("Label"), tr("Annotator A"), tr("Annotator B"),
                                        tr("Dice"), tr("IoU"), tr("HD95 mm"), tr("ΔVol mL")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    rightLayout->addWidget(m_table, 1);
    auto* decide = new QHBoxLayout;
    m_annotator = named(new QComboBox, "reviewAnnotator");
    m_accept = named(new QPushButton(tr("Accept as final")), "reviewAccept",
                     tr("Record this annotator's SEG as the series' final mask"));
    m_edit = named(new QPushButton(tr("Edit…")), "reviewEdit",
                   tr("Start from this annotator's mask in the annotation view (the series "
                      "must be pulled into the project); push it as your SEG, then accept "
                      "it as final here"));
    decide->addWidget(m_annotator, 1);
    decide->addWidget(m_accept);
    decide->addWidget(m_edit);
    rightLayout->addLayout(decide);
    auto* consensus = new QHBoxLayout;
    m_majority = named(new QPushButton(tr("Majority vote")), "reviewMajority");
    m_staple = named(new QPushButton(tr("STAPLE")), "reviewStaple");
    for (QPushButton* b : {m_majority, m_staple})
        b->setToolTip(tr("Push the consensus of every annotator's mask as your SEG and record "
                         "it as final"));
    consensus->addWidget(new QLabel(tr("Consensus:")));
    consensus->addWidget(m_majority);
    consensus->addWidget(m_staple);
    rightLayout->addLayout(consensus);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);
    m_status = named(new QLabel, "reviewStatus");
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    connect(m_reviewer, &SeriesReviewer::ready, this, &ReviewWindow::showReview);
    connect(m_reviewer, &SeriesReviewer::message, m_status, &QLabel::setText);
    connect(m_reviewer, &SeriesReviewer::failed, m_status, &QLabel::setText);
    connect(m_reviewer, &SeriesReviewer::failed, this, &ReviewWindow::showBusy);
    connect(m_reviewer, &SeriesReviewer::finalRecorded, this, &ReviewWindow::showBusy);
    connect(m_label, &QComboBox::currentIndexChanged, this, &ReviewWindow::showLabel);
    connect(m_accept, &QPushButton::clicked, this, [this] {
        m_reviewer->acceptFinal(m_annotator->currentIndex());
        showBusy();
    });
    connect(m_edit, &QPushButton::clicked, this,
            [this] { m_reviewer->edit(m_annotator->currentIndex()); });
    connect(m_majority, &QPushButton::clicked, this, [this] {
        m_reviewer->pushConsensus(QStringLiteral("majority"));
        showBusy();
    });
    connect(m_staple, &QPushButton::clicked, this, [this] {
        m_reviewer->pushConsensus(QStringLiteral("staple"));
        showBusy();
    });
    resize(1280, 720);
    showBusy();
}

QString ReviewWindow::statusText() const {
    return m_status->text();
}

void ReviewWindow::showReview() {
    const auto& masks = m_reviewer->masks();
    m_title->setText(tr("%1 — %n annotator(s)", nullptr, int(masks.masks.size()))
                         .arg(m_reviewer->description().isEmpty() ? m_reviewer->seriesUid()
                                                                  : m_reviewer->description()));
    m_display->setImage(m_reviewer->image());
    m_legend->clear();
    m_annotator->clear();
    for (std::size_t i = 0; i < masks.masks.size(); ++i) {
        const pacs::SegEntry& seg = masks.masks[i].seg;
        QString line = tr("%1 — %2").arg(seg.annotator, created(seg.created));
        if (!seg.algorithm.isEmpty())
            line += tr(" (from a %1 proposal)").arg(seg.algorithm);
        auto* item = new QListWidgetItem(swatch(CompareSession::colourFor(int(i))), line);
        item->setToolTip(seg.seriesUid);
        m_legend->addItem(item);
        m_annotator->addItem(seg.annotator);
    }
    if (!masks.older.empty())
        m_legend->addItem(tr("%n earlier SEG(s) of the same annotators not compared", nullptr,
                             int(masks.older.size())));
    const QSignalBlocker block(m_label);
    m_label->clear();
    for (const auto& [id, name] : masks.labelNames)
        m_label->addItem(name, int(id));
    const auto& rows = m_reviewer->agreement();
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < int(rows.size()); ++r) {
        const AgreementRow& a = rows[std::size_t(r)];
        const QStringList cells{a.labelName,
                                a.a,
                                a.b,
                                QString::number(a.dice, 'f', 3),
                                QString::number(a.iou, 'f', 3),
                                a.hd95Defined() ? QString::number(a.hd95Mm, 'f', 1)
                                                : tr("– (one empty)"),
                                QString::number(a.volumeDiffMl, 'f', 2)};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(r, c, new QTableWidgetItem(cells[c]));
    }
    m_table->resizeColumnsToContents();
    showLabel();
    showBusy();
    m_status->setText(masks.masks.size() < 2
                          ? tr("Only one annotator's SEG: accept it, or wait for another.")
                          : tr("Compare the outlines, then accept one mask or push a consensus."));
}

// One annotator's mask of the chosen label per outline. The view goes to the
// slice where the annotators disagree most (where they all agree, where the
// label is largest): the reviewer starts where it matters.
void ReviewWindow::showLabel() {
    const auto& masks = m_reviewer->masks().masks;
    const int id = m_label->currentData().toInt();
    if (!m_reviewer->image() || masks.empty() || id <= 0)
        return m_display->setOutlineLayers({});
    const VolumeGeometry& g = m_reviewer->image()->geometry();
    const std::size_t n = g.voxelCount(), plane = g.sliceVoxelCount();
    std::vector<std::size_t> drawn(std::size_t(g.dims[2]), 0), disputed(drawn);
    std::vector<int> votes(n, 0);
    std::vector<OutlineLayer> layers;
    for (std::size_t i = 0; i < masks.size(); ++i) {
        auto outline = std::make_shared<LabelMap>(g);
        const std::uint8_t* from = masks[i].labels.data();
        std::uint8_t* to = outline->data();
        for (std::size_t v = 0; v < n; ++v)
            if (from[v] == id) {
                to[v] = 255;
                ++votes[v];
            }
        const QColor c = CompareSession::colourFor(int(i));
        OutlineLayer layer;
        layer.name = masks[i].seg.annotator;
        layer.mask = outline;
        layer.colour = {std::uint8_t(c.red()), std::uint8_t(c.green()), std::uint8_t(c.blue())};
        layers.push_back(std::move(layer));
    }
    for (std::size_t v = 0; v < n; ++v) {
        drawn[v / plane] += votes[v] > 0;
        disputed[v / plane] += votes[v] > 0 && votes[v] < int(masks.size());
    }
    m_display->setOutlineLayers(std::move(layers));
    const auto& by = *std::max_element(disputed.begin(), disputed.end()) > 0 ? disputed : drawn;
    m_display->setSliceIndex(Orientation::Axial,
                             int(std::max_element(by.begin(), by.end()) - by.begin()));
}

void ReviewWindow::showBusy() {
    const bool idle = !m_reviewer->isBusy() && m_reviewer->image();
    const std::size_t n = m_reviewer->masks().masks.size();
    m_accept->setEnabled(idle && n >= 1);
    m_edit->setEnabled(idle && n >= 1);
    m_majority->setEnabled(idle && n >= 2);
    m_staple->setEnabled(idle && n >= 2);
}

} // namespace tgc
