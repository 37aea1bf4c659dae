// The editing tools the annotator can pick, one registration each: a new
// tool is one InteractionTool class and one entry in tool_registry.cpp.
// ToolBox holds one instance of every registered tool for an edit session
// and the choice of the current one; the tools dock and the slice views
// only observe it, so the choice is testable without a window.
#pragma once

#include "interaction_tool.h"

#include <QKeySequence>
#include <QObject>
#include <QString>
#include <functional>
#include <memory>
#include <vector>

namespace tgc {

class EditSession;

struct ToolDescriptor {
    QString id; // "brush": stable, names the action ("toolBrush") and scripts
    // Untranslated; the tools dock translates them in its own context.
    const char* title;
    const char* tip;
    QKeySequence key;
    // Null for Navigate: no tool, the views move the cross-hair.
    std::function<std::unique_ptr<InteractionTool>(EditSession*)> make;
};

// Every tool in button order; the first is Navigate.
const std::vector<ToolDescriptor>& registeredTools();

class ToolBox : public QObject {
    Q_OBJECT
public:
    explicit ToolBox(EditSession* session, QObject* parent = nullptr);
    ~ToolBox() override;

    static QString navigateId() { return QStringLiteral("navigate"); }
    // False for an id no registration has.
    bool select(const QString& id);
    QString currentId() const { return m_current; }
    // Null while navigating.
    InteractionTool* current() const { return tool(m_current); }
    InteractionTool* tool(const QString& id) const;

Q_SIGNALS:
    void toolChanged(tgc::InteractionTool* tool);

private:
    struct Slot {
        QString id;
        std::unique_ptr<InteractionTool> tool;
    };
    std::vector<Slot> m_tools;
    QString m_current = navigateId();
};

} // namespace tgc
