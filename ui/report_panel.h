// The report dock over the shown case's prompts (CasePrompts, which holds
// them): the report (primary prompt) and auxiliary prompt with their token
// counts against CLIP's 77-token context, where the auxiliary prompt came
// from, and free notes. Suggest fills the auxiliary prompt from the local LLM (when Settings turn
// it on) or the knowledge base, for the report's selected text or all of it;
// what the annotator typed is never overwritten unless they choose to.
#pragma once

#include "case_prompts.h"

#include <QWidget>
#include <memory>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace tgc {

class AuxPromptResolver;
class KnowledgeBase;
class PromptTokens;
struct AuxSuggestion;

class ReportPanel : public QWidget {
    Q_OBJECT
public:
    explicit ReportPanel(CasePrompts* prompts, QWidget* parent = nullptr);
    ~ReportPanel() override;

    CasePrompts* prompts() const { return m_prompts; }
    void setTokenCounter(std::shared_ptr<const PromptTokens> tokens);

    QPlainTextEdit* reportEditor() const { return m_report; }
    QPlainTextEdit* auxEditor() const { return m_aux; }
    QPlainTextEdit* notesEditor() const { return m_notes; }
    QString reportTokensText() const;
    // "Report (primary prompt) — from SR 2024-03-01, Dr Jane Doe".
    QString reportTitleText() const;
    // "from knowledge base: spleen", "typed by the annotator", ... (empty: no prompt).
    QString auxSourceText() const;
    QString auxTitleText() const;
    QString auxStatusText() const;
    QPushButton* suggestButton() const { return m_suggest; }
    QPushButton* useSuggestionButton() const { return m_useSuggestion; }

    // The Suggest button: asks the sources for the report's selected text, or all of it.
    void suggestAux();

Q_SIGNALS:
    // A Suggest click has its answer (applied, offered, or nothing found).
    void suggestionFinished();

private:
    QPlainTextEdit* addEditor(QLabel* label, const QString& field, const QString& hint);
    void typed(const QString& field);
    void showPrompts();
    void showEdit(const QString& field);
    void updateCounts();
    void showAuxSource(const QStringList& detail = {});
    void showReportSource();
    void suggestionArrived(const AuxSuggestion& suggestion);
    void applySuggestion(const AuxSuggestion& suggestion);
    void clearOffer();

    QPlainTextEdit* m_report = nullptr;
    QPlainTextEdit* m_aux = nullptr;
    QPlainTextEdit* m_notes = nullptr;
    QLabel* m_reportTokens = nullptr;
    QLabel* m_reportTitle = nullptr;
    QLabel* m_auxTokens = nullptr;
    QLabel* m_auxTitle = nullptr;
    QLabel* m_auxStatus = nullptr;
    QPushButton* m_suggest = nullptr;
    QPushButton* m_useSuggestion = nullptr;
    AuxPromptResolver* m_resolver = nullptr;
    std::shared_ptr<const KnowledgeBase> m_kb;
    CasePrompts* m_prompts;
    std::unique_ptr<AuxSuggestion> m_offer; // waiting for "Replace with suggestion"
    QStringList m_sourceDetail;
    std::shared_ptr<const PromptTokens> m_tokens;
    bool m_loading = false; // the editors are being set from the prompts
};

} // namespace tgc
