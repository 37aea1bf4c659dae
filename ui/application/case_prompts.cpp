#include "case_prompts.h"

namespace tgc {

CasePrompts::CasePrompts(QObject* parent) : QObject(parent) {
    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMs);
    connect(&m_settle, &QTimer::timeout, this, &CasePrompts::flushPending);
}

void CasePrompts::showCase(const CaseRecord* record) {
    flushPending();
    m_report = record ? record->report : QString();
    m_aux = record ? record->aux : QString();
    m_notes = record ? record->notes : QString();
    m_source = record ? record->auxSource : AuxSource::None;
    m_reportSource = record ? record->pacs.reportSource : QString();
    m_reportEdited = false;
    m_projectCase = record != nullptr;
    Q_EMIT shown();
}

void CasePrompts::showLooseReport(const QString& report) {
    flushPending();
    m_report = report;
    m_aux.clear();
    m_notes.clear();
    m_source = AuxSource::None;
    m_reportSource.clear();
    m_reportEdited = false;
    m_projectCase = false;
    Q_EMIT shown();
}

void CasePrompts::setReport(const QString& text) {
    if (text == m_report)
        return;
    m_report = text;
    m_reportEdited = true; // the annotator's words now, wherever it came from
    queue(QStringLiteral("report"));
}

void CasePrompts::setAux(const QString& text, AuxSource source) {
    const QString aux = QStringLiteral("aux");
    if (source != AuxSource::Typed) {
        m_pending.erase(aux); // the suggestion replaces any unsent typing
        m_aux = text;
        m_source = source;
        Q_EMIT edited(aux);
        Q_EMIT fieldEdited(aux, text);
        Q_EMIT fieldEdited(QStringLiteral("aux_source"), auxSourceName(source));
        return;
    }
    if (text == m_aux && m_source == AuxSource::Typed)
        return;
    if (m_source != AuxSource::Typed) {
        m_source = AuxSource::Typed; // the annotator's own words now
        Q_EMIT fieldEdited(QStringLiteral("aux_source"), auxSourceName(m_source));
    }
    m_aux = text;
    queue(aux);
}

void CasePrompts::setNotes(const QString& text) {
    if (text == m_notes)
        return;
    m_notes = text;
    queue(QStringLiteral("notes"));
}

void CasePrompts::queue(const QString& field) {
    Q_EMIT edited(field);
    m_pending[field] = true;
    m_settle.start();
}

QString CasePrompts::value(const QString& field) const {
    return field == QLatin1String("report") ? m_report
           : field == QLatin1String("aux")  ? m_aux
                                            : m_notes;
}

void CasePrompts::flushPending() {
    m_settle.stop();
    const auto pending = std::move(m_pending);
    m_pending.clear();
    for (const auto& entry : pending)
        Q_EMIT fieldEdited(entry.first, value(entry.first));
}

} // namespace tgc
