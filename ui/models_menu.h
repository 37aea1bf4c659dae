// The models' face in the main window: the Models menu (the list to pick
// from, Add checkpoint…, Model card…, Run on the CPU only), the status-bar
// field naming the active model and its device, and the model card dialog.
// What they act on is the ModelManager (ui/application/model_manager.h).
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QWidget;

namespace tgc {

class ModelManager;

class ModelsMenu : public QObject {
    Q_OBJECT
public:
    ModelsMenu(ModelManager* models, QWidget* window);

    QMenu* createMenu(QWidget* parent);
    QLabel* statusLabel() const { return m_status; }
    void showModelCard();
    void chooseCheckpoint();

private:
    void update();

    ModelManager* m_models;
    QPointer<QWidget> m_window;
    QLabel* m_status = nullptr;
    QPointer<QMenu> m_menu;
    QList<QAction*> m_modelActions;
    QActionGroup* m_group = nullptr;
};

} // namespace tgc
