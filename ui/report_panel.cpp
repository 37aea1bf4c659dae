#include "report_panel.h"

#include "prompt_tokens.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace tgc {

namespace {

QString sourceName(AuxSource source) {
    switch (source) {
    case AuxSource::None:
        return ReportPanel::tr("none");
    case AuxSource::Typed:
        return ReportPanel::tr("typed");
    case AuxSource::KnowledgeBase:
        return ReportPanel::tr("knowledge base");
    case AuxSource::Llm:
        return ReportPanel::tr("LLM");
    }
    return {};
}

} // namespace

ReportPanel::ReportPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("reportPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_report = addEditor(tr("Report (primary prompt)"), QStringLiteral("report"),
                         tr("The clinical report of this case: it guides the model."));
    m_report->setObjectName(QStringLiteral("reportEditor"));
    m_reportTokens = new QLabel;
    m_reportTokens->setObjectName(QStringLiteral("reportTokens"));
    layout->addWidget(m_reportTokens);
    m_aux = addEditor(tr("Auxiliary prompt"), QStringLiteral("aux"),
                      tr("A short description of what to segment (optional)."));
    m_aux->setObjectName(QStringLiteral("auxEditor"));
    m_aux->setMaximumHeight(90);
    m_auxTokens = new QLabel;
    m_auxSource = new QLabel;
    m_auxSource->setObjectName(QStringLiteral("auxSource"));
    layout->addWidget(m_auxTokens);
    layout->addWidget(m_auxSource);
    m_notes = addEditor(tr("Notes"), QStringLiteral("notes"), tr("Free notes on this case."));
    m_notes->setObjectName(QStringLiteral("notesEditor"));
    m_notes->setMaximumHeight(90);

    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMs);
    connect(&m_settle, &QTimer::timeout, this, &ReportPanel::flushPending);
    showCase(nullptr);
}

ReportPanel::~ReportPanel() = default;

QPlainTextEdit* ReportPanel::addEditor(const QString& title, const QString& field,
                                       const QString& hint) {
    auto* label = new QLabel(title);
    auto* editor = new QPlainTextEdit;
    editor->setPlaceholderText(hint);
    editor->setMinimumHeight(36); // the dock may be short: the window size wins
    label->setBuddy(editor);
    layout()->addWidget(label);
    layout()->addWidget(editor);
    connect(editor, &QPlainTextEdit::textChanged, this, [this, field] { edited(field); });
    return editor;
}

void ReportPanel::edited(const QString& field) {
    updateCounts();
    if (m_loading)
        return;
    if (field == QLatin1String("aux") && m_source != AuxSource::Typed) {
        setAuxSource(AuxSource::Typed); // the annotator's own words now
        Q_EMIT fieldEdited(QStringLiteral("aux_source"), auxSourceName(AuxSource::Typed));
    }
    QPlainTextEdit* editor = field == QLatin1String("report") ? m_report
                             : field == QLatin1String("aux")  ? m_aux
                                                              : m_notes;
    m_pending[field] = editor;
    m_settle.start();
}

void ReportPanel::flushPending() {
    m_settle.stop();
    const auto pending = std::move(m_pending);
    m_pending.clear();
    for (const auto& [field, editor] : pending)
        Q_EMIT fieldEdited(field, editor->toPlainText());
}

void ReportPanel::showCase(const CaseRecord* record) {
    flushPending();
    m_loading = true;
    m_report->setPlainText(record ? record->report : QString());
    m_aux->setPlainText(record ? record->aux : QString());
    m_notes->setPlainText(record ? record->notes : QString());
    m_loading = false;
    setAuxSource(record ? record->auxSource : AuxSource::None);
    m_aux->setEnabled(record);
    m_notes->setEnabled(record);
    updateCounts();
}

void ReportPanel::showLooseReport(const QString& report) {
    showCase(nullptr);
    m_loading = true;
    m_report->setPlainText(report);
    m_loading = false;
    updateCounts();
}

void ReportPanel::setTokenCounter(std::shared_ptr<const PromptTokens> tokens) {
    m_tokens = std::move(tokens);
    updateCounts();
}

void ReportPanel::setAuxSource(AuxSource source) {
    m_source = source;
    m_auxSource->setText(tr("Source: %1").arg(sourceName(source)));
}

QString ReportPanel::reportTokensText() const {
    return m_reportTokens->text();
}

QString ReportPanel::auxSourceText() const {
    return m_auxSource->text();
}

void ReportPanel::updateCounts() {
    auto show = [this](QLabel* label, const QString& text) {
        if (!m_tokens || text.isEmpty()) {
            label->clear();
            return;
        }
        const TokenCount c = m_tokens->count(text);
        QString line = tr("%1%2 / %3 tokens")
                           .arg(c.exact ? QString() : QStringLiteral("≈ "))
                           .arg(c.tokens)
                           .arg(PromptTokens::kContext);
        if (c.truncated)
            line +=
                tr(" — too long: the model reads only the first %1").arg(PromptTokens::kContext);
        label->setText(line);
        label->setStyleSheet(c.truncated ? QStringLiteral("color: #f08c3c;") : QString());
        label->setToolTip(m_tokens->isExact()
                              ? tr("CLIP tokens, start and end included")
                              : tr("At least this many: %1").arg(m_tokens->error()));
    };
    show(m_reportTokens, m_report->toPlainText());
    show(m_auxTokens, m_aux->toPlainText());
}

} // namespace tgc
