// Where a case's auxiliary prompt comes from (DESIGN.md §4), in order: what
// the annotator typed (always wins), the local LLM when it is enabled, the
// bundled knowledge base (also when the LLM fails, with the LLM's error kept
// beside the result). The answer carries the text and its source, so the UI
// can show both. Runs on the caller's thread and never blocks it: every
// answer arrives through resolved(), later, from the event loop.
#pragma once

#include "knowledge_base.h"
#include "llm_client.h"
#include "store/case_record.h"

#include <QObject>
#include <memory>

namespace tgc {

struct AuxSuggestion {
    quint64 ticket = 0; // the resolve() call this answers
    QString text;       // empty: no source had anything
    AuxSource source = AuxSource::None;
    // Knowledge base: the entries used (names, e.g. "left kidney"); LLM: the model name.
    QStringList detail;
    QStringList entryIds;
    // Knowledge base: entries the report names that did not fit CLIP's context.
    QStringList leftOut;
    // Why an earlier source gave nothing (the LLM's error), or why nothing was found.
    QString problem;
};

class AuxPromptResolver : public QObject {
    Q_OBJECT
public:
    // kb may be null: the knowledge base then has nothing to offer.
    explicit AuxPromptResolver(std::shared_ptr<const KnowledgeBase> kb, QObject* parent = nullptr);

    void setLlmSettings(const LlmSettings& settings) { m_llm = settings; }
    const LlmSettings& llmSettings() const { return m_llm; }

    // The prompt for this report. A call abandons the one before it, whose
    // answer then never comes. Returns the ticket resolved() will carry.
    quint64 resolve(const QString& typed, const QString& report);
    // The same without typed text: what the other sources would say.
    quint64 suggest(const QString& report) { return resolve(QString(), report); }
    void cancel();
    bool busy() const { return m_pending != 0; }

    // The knowledge base's answer alone, at once.
    AuxSuggestion fromKnowledgeBase(const QString& report) const;

Q_SIGNALS:
    // The LLM was asked; its answer (or the fallback) follows.
    void askingLlm(quint64 ticket);
    void resolved(const tgc::AuxSuggestion& suggestion);

private:
    void deliver(AuxSuggestion suggestion);

    std::shared_ptr<const KnowledgeBase> m_kb;
    LlmSettings m_llm;
    LlmClient* m_client;
    quint64 m_ticket = 0;
    quint64 m_pending = 0; // the ticket waiting on the LLM, 0: none
    QString m_pendingReport;
};

} // namespace tgc

Q_DECLARE_METATYPE(tgc::AuxSuggestion)
