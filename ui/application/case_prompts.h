// The prompts of the case shown: its report (primary prompt), auxiliary
// prompt with where it came from, and free notes. This is their one home in
// the GUI: the report panel shows and edits them, the proposal and compare
// controllers read them for the model, scripts set them, and the project
// hears of each edit as fieldEdited() a moment after typing pauses, so one
// keystroke is not one journal record. No widgets.
#pragma once

#include "store/case_record.h"

#include <QObject>
#include <QString>
#include <QTimer>
#include <map>

namespace tgc {

class CasePrompts : public QObject {
    Q_OBJECT
public:
    static constexpr int kSettleMs = 300; // well inside the 2 s autosave promise

    explicit CasePrompts(QObject* parent = nullptr);

    // A project case's prompts (null: nothing shown). Edits still waiting
    // belong to the case before and are sent first; emits shown(), not fieldEdited().
    void showCase(const CaseRecord* record);
    // A loose image: only its report, which the case list keeps.
    void showLooseReport(const QString& report);
    // A project case is shown: the auxiliary prompt and notes can be edited.
    bool isProjectCase() const { return m_projectCase; }

    QString report() const { return m_report; }
    QString aux() const { return m_aux; }
    QString notes() const { return m_notes; }
    AuxSource auxSource() const { return m_source; }
    // Where the report came from when not typed here ("from SR 2024-03-01,
    // Dr ..." for a case pulled from a PACS), and whether it was edited since.
    QString reportSource() const { return m_reportSource; }
    bool reportEditedSinceShown() const { return m_reportEdited; }

    // Edits, from the panel or a script.
    void setReport(const QString& text);
    // Typed text makes the annotator the source; a suggestion (another
    // source) is recorded at once, replacing typing not sent yet.
    void setAux(const QString& text, AuxSource source = AuxSource::Typed);
    void setNotes(const QString& text);
    // Sends edits still waiting for typing to pause (before a save or a case switch).
    void flushPending();

Q_SIGNALS:
    // Another case's prompts replaced all of them.
    void shown();
    // One field changed by an edit: "report", "aux" or "notes".
    void edited(const QString& field);
    // For the journal: "report", "aux", "aux_source" or "notes", with the value.
    void fieldEdited(const QString& field, const QString& value);

private:
    void queue(const QString& field);
    QString value(const QString& field) const;

    QString m_report;
    QString m_aux;
    QString m_notes;
    AuxSource m_source = AuxSource::None;
    QString m_reportSource;
    bool m_reportEdited = false;
    bool m_projectCase = false;
    QTimer m_settle;
    std::map<QString, bool> m_pending; // fields edited and not sent yet
};

} // namespace tgc
