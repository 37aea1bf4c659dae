#include "report_panel.h"

#include "aux_prompt_resolver.h"
#include "io_error.h"
#include "named_widget.h"
#include "prompt_tokens.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextCursor>
#include <QVBoxLayout>

namespace tgc {

namespace {

// Past two names "+N" keeps a label short in a narrow dock (tooltips list all).
QString sourceNames(const QStringList& names) {
    constexpr int kShown = 2;
    QString out = names.mid(0, kShown).join(QStringLiteral(", "));
    if (names.size() > kShown)
        out += ReportPanel::tr(" +%1").arg(names.size() - kShown);
    return out;
}

// The source as the title shows it, e.g. "from knowledge base: spleen".
QString sourceText(AuxSource source, const QStringList& detail) {
    const QString names = sourceNames(detail);
    switch (source) {
    case AuxSource::None:
        return {};
    case AuxSource::Typed:
        return ReportPanel::tr("typed by the annotator");
    case AuxSource::KnowledgeBase:
        return names.isEmpty() ? ReportPanel::tr("from knowledge base")
                               : ReportPanel::tr("from knowledge base: %1").arg(names);
    case AuxSource::Llm:
        return names.isEmpty() ? ReportPanel::tr("from local LLM")
                               : ReportPanel::tr("from local LLM: %1").arg(names);
    }
    return {};
}

} // namespace

ReportPanel::ReportPanel(CasePrompts* prompts, QWidget* parent)
    : QWidget(parent), m_prompts(prompts) {
    setObjectName(QStringLiteral("reportPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_reportTitle = named(new QLabel, "reportTitle");
    m_reportTitle->setWordWrap(true);
    m_report = addEditor(m_reportTitle, QStringLiteral("report"),
                         tr("The clinical report of this case: it guides the model."));
    m_report->setObjectName(QStringLiteral("reportEditor"));
    m_reportTokens = named(new QLabel, "reportTokens");
    layout->addWidget(m_reportTokens);

    m_auxTitle = named(new QLabel, "auxTitle");
    m_auxTitle->setWordWrap(true);
    m_aux = addEditor(m_auxTitle, QStringLiteral("aux"),
                      tr("A short description of what to segment (optional)."));
    m_aux->setObjectName(QStringLiteral("auxEditor"));
    m_aux->setMaximumHeight(90);
    m_auxTokens = new QLabel;
    layout->addWidget(m_auxTokens);
    auto* row = new QHBoxLayout;
    m_suggest = named(new QPushButton(tr("Suggest")), "auxSuggest",
                      tr("Fill the auxiliary prompt from the local LLM (when Settings turn it "
                         "on) or the knowledge base, for the report's selected text or all "
                         "of it. Text you typed is kept unless you replace it."));
    m_useSuggestion = named(new QPushButton(tr("Replace with suggestion")), "auxUseSuggestion");
    m_useSuggestion->setVisible(false);
    row->addWidget(m_suggest);
    row->addWidget(m_useSuggestion);
    row->addStretch(1);
    layout->addLayout(row);
    m_auxStatus = named(new QLabel, "auxStatus");
    m_auxStatus->setWordWrap(true);
    layout->addWidget(m_auxStatus);

    m_notes =
        addEditor(new QLabel(tr("Notes")), QStringLiteral("notes"), tr("Free notes on this case."));
    m_notes->setObjectName(QStringLiteral("notesEditor"));
    m_notes->setMaximumHeight(90);

    QString kbError;
    try {
        m_kb = KnowledgeBase::bundled();
    } catch (const IoError& e) {
        kbError = e.message(); // suggestions then come from the LLM alone
    }
    m_resolver = new AuxPromptResolver(m_kb, this);
    connect(m_resolver, &AuxPromptResolver::askingLlm, this,
            [this] { m_auxStatus->setText(tr("Asking the local LLM…")); });
    connect(m_resolver, &AuxPromptResolver::resolved, this, &ReportPanel::suggestionArrived);
    connect(m_suggest, &QPushButton::clicked, this, &ReportPanel::suggestAux);
    connect(m_useSuggestion, &QPushButton::clicked, this, [this] {
        if (m_offer)
            applySuggestion(*m_offer);
    });

    connect(m_prompts, &CasePrompts::shown, this, &ReportPanel::showPrompts);
    connect(m_prompts, &CasePrompts::edited, this, &ReportPanel::showEdit);
    showPrompts();
    if (!kbError.isEmpty())
        m_auxStatus->setText(tr("Knowledge base not available: %1").arg(kbError));
}

ReportPanel::~ReportPanel() = default;

QPlainTextEdit* ReportPanel::addEditor(QLabel* label, const QString& field, const QString& hint) {
    auto* editor = new QPlainTextEdit;
    editor->setPlaceholderText(hint);
    editor->setMinimumHeight(36); // the dock may be short: the window size wins
    label->setBuddy(editor);
    layout()->addWidget(label);
    layout()->addWidget(editor);
    connect(editor, &QPlainTextEdit::textChanged, this, [this, field] { typed(field); });
    return editor;
}

void ReportPanel::typed(const QString& field) {
    updateCounts();
    if (m_loading)
        return;
    if (field == QLatin1String("report"))
        m_prompts->setReport(m_report->toPlainText());
    else if (field == QLatin1String("aux"))
        m_prompts->setAux(m_aux->toPlainText());
    else
        m_prompts->setNotes(m_notes->toPlainText());
}

// Another case: everything anew, and nothing of the case before lands on it.
void ReportPanel::showPrompts() {
    m_resolver->cancel(); // an answer for the case before never lands on this one
    clearOffer();
    m_auxStatus->clear();
    m_loading = true;
    m_report->setPlainText(m_prompts->report());
    m_aux->setPlainText(m_prompts->aux());
    m_notes->setPlainText(m_prompts->notes());
    m_loading = false;
    QStringList detail;
    if (m_prompts->auxSource() == AuxSource::KnowledgeBase && m_kb)
        for (const KnowledgeEntry* e : m_kb->entriesQuotedIn(m_prompts->aux()))
            detail << e->name;
    showAuxSource(detail);
    showReportSource();
    const bool editable = m_prompts->isProjectCase();
    m_aux->setEnabled(editable);
    m_notes->setEnabled(editable);
    m_suggest->setEnabled(editable);
    updateCounts();
}

// An edit from elsewhere (a script, a suggestion) shows in its editor.
void ReportPanel::showEdit(const QString& field) {
    QPlainTextEdit* editor = field == QLatin1String("report") ? m_report
                             : field == QLatin1String("aux")  ? m_aux
                                                              : m_notes;
    const QString text = field == QLatin1String("report") ? m_prompts->report()
                         : field == QLatin1String("aux")  ? m_prompts->aux()
                                                          : m_prompts->notes();
    if (editor->toPlainText() != text) {
        m_loading = true;
        editor->setPlainText(text);
        m_loading = false;
    }
    if (field == QLatin1String("aux") && m_prompts->auxSource() == AuxSource::Typed)
        showAuxSource();
    if (field == QLatin1String("report"))
        showReportSource();
    updateCounts();
}

void ReportPanel::setTokenCounter(std::shared_ptr<const PromptTokens> tokens) {
    m_tokens = std::move(tokens);
    updateCounts();
}

void ReportPanel::showAuxSource(const QStringList& detail) {
    m_sourceDetail = detail;
    const QString from = auxSourceText();
    m_auxTitle->setText(from.isEmpty() ? tr("Auxiliary prompt")
                                       : tr("Auxiliary prompt — %1").arg(from));
    m_auxTitle->setToolTip(detail.size() > 1 ? detail.join(QStringLiteral("\n")) : QString());
}

void ReportPanel::showReportSource() {
    const QString from = m_prompts->reportSource();
    m_reportTitle->setText(from.isEmpty() ? tr("Report (primary prompt)")
                           : m_prompts->reportEditedSinceShown()
                               ? tr("Report (primary prompt) — %1, edited").arg(from)
                               : tr("Report (primary prompt) — %1").arg(from));
}

QString ReportPanel::reportTitleText() const {
    return m_reportTitle->text();
}

QString ReportPanel::reportTokensText() const {
    return m_reportTokens->text();
}

QString ReportPanel::auxSourceText() const {
    return m_prompts->aux().trimmed().isEmpty()
               ? QString()
               : sourceText(m_prompts->auxSource(), m_sourceDetail);
}

QString ReportPanel::auxTitleText() const {
    return m_auxTitle->text();
}

QString ReportPanel::auxStatusText() const {
    return m_auxStatus->text();
}

void ReportPanel::suggestAux() {
    const QString selected =
        m_report->textCursor().selectedText().replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    const QString report = selected.trimmed().isEmpty() ? m_report->toPlainText() : selected;
    clearOffer();
    m_auxStatus->setText(tr("Looking up the report…"));
    m_resolver->setLlmSettings(LlmSettings::load()); // Settings may have changed since
    m_resolver->suggest(report);
}

void ReportPanel::suggestionArrived(const AuxSuggestion& s) {
    const QString problem = s.problem.isEmpty() ? QString() : s.problem + QLatin1Char(' ');
    if (s.source == AuxSource::None || s.text.isEmpty()) {
        m_auxStatus->setText(tr("No suggestion. %1").arg(problem).trimmed());
    } else if (!m_prompts->aux().trimmed().isEmpty() &&
               m_prompts->auxSource() != AuxSource::KnowledgeBase &&
               m_prompts->auxSource() != AuxSource::Llm) {
        // The annotator's words stay until they choose the suggestion.
        m_offer = std::make_unique<AuxSuggestion>(s);
        m_useSuggestion->setVisible(true);
        m_auxStatus->setText(tr("%1Suggestion %2: “%3”. Your typed prompt is kept.")
                                 .arg(problem, sourceText(s.source, s.detail), s.text));
    } else {
        applySuggestion(s);
        QString note = problem;
        if (!s.leftOut.isEmpty()) {
            // Short, for a narrow dock: the full list is in the tooltip.
            note += tr("Left out to fit 77 tokens: %1 (select part of the report).")
                        .arg(sourceNames(s.leftOut));
            m_auxStatus->setToolTip(s.leftOut.join(QStringLiteral("\n")));
        }
        m_auxStatus->setText(note.trimmed());
    }
    Q_EMIT suggestionFinished();
}

void ReportPanel::applySuggestion(const AuxSuggestion& s) {
    const AuxSuggestion chosen = s; // s may be the offer cleared below
    clearOffer();
    m_auxStatus->clear();
    m_auxStatus->setToolTip(QString());
    m_prompts->setAux(chosen.text, chosen.source); // shown through showEdit
    showAuxSource(chosen.detail);
}

void ReportPanel::clearOffer() {
    m_offer.reset();
    m_useSuggestion->setVisible(false);
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
        label->setToolTip(
            m_tokens->isExact()
                ? tr("Tokens of the %1 tokenizer, start and end included").arg(m_tokens->kind())
                : tr("At least this many: %1").arg(m_tokens->error()));
    };
    show(m_reportTokens, m_report->toPlainText());
    show(m_auxTokens, m_aux->toPlainText());
}

} // namespace tgc
