#include "aux_prompt_resolver.h"

namespace tgc {

AuxPromptResolver::AuxPromptResolver(std::shared_ptr<const KnowledgeBase> kb, QObject* parent)
    : QObject(parent), m_kb(std::move(kb)), m_client(new LlmClient(this)) {
    qRegisterMetaType<tgc::AuxSuggestion>();
    connect(m_client, &LlmClient::answered, this, [this](const QString& text) {
        AuxSuggestion s;
        s.ticket = m_pending;
        s.text = text;
        s.source = AuxSource::Llm;
        s.detail = QStringList{m_llm.model.trimmed()};
        m_pending = 0;
        Q_EMIT resolved(s);
    });
    connect(m_client, &LlmClient::failed, this, [this](const QString& error) {
        // The next source in line answers, and the LLM's trouble stays visible.
        AuxSuggestion s = fromKnowledgeBase(m_pendingReport);
        s.ticket = m_pending;
        s.problem = tr("Local LLM: %1").arg(error);
        m_pending = 0;
        Q_EMIT resolved(s);
    });
}

AuxSuggestion AuxPromptResolver::fromKnowledgeBase(const QString& report) const {
    AuxSuggestion s;
    if (!m_kb) {
        s.problem = tr("The knowledge base is not available.");
        return s;
    }
    const KnowledgeSuggestion k = m_kb->suggest(report);
    if (k.text.isEmpty()) {
        s.problem = report.trimmed().isEmpty()
                        ? tr("The report is empty: nothing to look up.")
                        : tr("The report names nothing the knowledge base knows.");
        return s;
    }
    s.text = k.text;
    s.source = AuxSource::KnowledgeBase;
    s.detail = k.names();
    for (const KnowledgeEntry* e : k.entries)
        s.entryIds << e->id;
    for (const KnowledgeEntry* e : k.leftOut)
        s.leftOut << e->name;
    return s;
}

quint64 AuxPromptResolver::resolve(const QString& typed, const QString& report) {
    cancel();
    const quint64 ticket = ++m_ticket;
    if (!typed.trimmed().isEmpty()) {
        AuxSuggestion s;
        s.ticket = ticket;
        s.text = typed;
        s.source = AuxSource::Typed;
        deliver(s);
        return ticket;
    }
    if (m_llm.enabled && !report.trimmed().isEmpty()) {
        m_pending = ticket;
        m_pendingReport = report;
        m_client->ask(m_llm, report);
        Q_EMIT askingLlm(ticket);
        return ticket;
    }
    AuxSuggestion s = fromKnowledgeBase(report);
    s.ticket = ticket;
    deliver(s);
    return ticket;
}

void AuxPromptResolver::cancel() {
    m_client->cancel();
    m_pending = 0;
    ++m_ticket; // an answer queued by deliver() for an older ticket is dropped
}

void AuxPromptResolver::deliver(AuxSuggestion suggestion) {
    // Later, from the event loop, like the LLM's answer: callers see one behaviour.
    QMetaObject::invokeMethod(
        this,
        [this, suggestion] {
            if (suggestion.ticket == m_ticket)
                Q_EMIT resolved(suggestion);
        },
        Qt::QueuedConnection);
}

} // namespace tgc
