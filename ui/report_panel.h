// The report dock: the case's report (primary prompt) and auxiliary prompt
// with their token counts against CLIP's 77-token context, where the
// auxiliary prompt came from, and free notes. Edits leave as fieldEdited()
// a moment after typing pauses, so one keystroke is not one journal record.
// Suggest fills the auxiliary prompt from the local LLM (when Settings turn
// it on) or the knowledge base, for the report's selected text or all of it;
// what the annotator typed is never overwritten unless they choose to.
#pragma once

#include "store/case_record.h"

#include <QTimer>
#include <QWidget>
#include <map>
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
    static constexpr int kSettleMs = 300; // well inside the 2 s autosave promise

    explicit ReportPanel(QWidget* parent = nullptr);
    ~ReportPanel() override;

    // Shows a project case (null: nothing). Does not emit fieldEdited.
    void showCase(const CaseRecord* record);
    // Outside a project: only the report, as the loose-file list keeps it.
    void showLooseReport(const QString& report);
    void setTokenCounter(std::shared_ptr<const PromptTokens> tokens);

    // Sends edits still waiting for typing to pause (before a save or a case switch).
    void flushPending();

    QPlainTextEdit* reportEditor() const { return m_report; }
    QPlainTextEdit* auxEditor() const { return m_aux; }
    QPlainTextEdit* notesEditor() const { return m_notes; }
    QString reportTokensText() const;
    // "from knowledge base: spleen", "typed by the annotator", ... (empty: no prompt).
    QString auxSourceText() const;
    QString auxTitleText() const;
    QString auxStatusText() const;
    AuxSource auxSource() const { return m_source; }
    QPushButton* suggestButton() const { return m_suggest; }
    QPushButton* useSuggestionButton() const { return m_useSuggestion; }

    // The Suggest button: asks the sources for the report's selected text, or all of it.
    void suggestAux();

Q_SIGNALS:
    // field: "report", "aux", "aux_source" or "notes".
    void fieldEdited(const QString& field, const QString& value);
    // A Suggest click has its answer (applied, offered, or nothing found).
    void suggestionFinished();

private:
    QPlainTextEdit* addEditor(QLabel* label, const QString& field, const QString& hint);
    void edited(const QString& field);
    void updateCounts();
    void setAuxSource(AuxSource source, const QStringList& detail = {});
    void suggestionArrived(const AuxSuggestion& suggestion);
    void applySuggestion(const AuxSuggestion& suggestion);
    void clearOffer();

    QPlainTextEdit* m_report = nullptr;
    QPlainTextEdit* m_aux = nullptr;
    QPlainTextEdit* m_notes = nullptr;
    QLabel* m_reportTokens = nullptr;
    QLabel* m_auxTokens = nullptr;
    QLabel* m_auxTitle = nullptr;
    QLabel* m_auxStatus = nullptr;
    QPushButton* m_suggest = nullptr;
    QPushButton* m_useSuggestion = nullptr;
    AuxPromptResolver* m_resolver = nullptr;
    std::shared_ptr<const KnowledgeBase> m_kb;
    std::unique_ptr<AuxSuggestion> m_offer; // waiting for "Replace with suggestion"
    QStringList m_sourceDetail;
    QTimer m_settle;
    std::map<QString, QPlainTextEdit*> m_pending;
    std::shared_ptr<const PromptTokens> m_tokens;
    AuxSource m_source = AuxSource::None;
    bool m_loading = false;
};

} // namespace tgc
