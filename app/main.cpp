// tgc-annotator: the GUI. Argument parsing only; the window lives in ui/.
#include <QApplication>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    return 0;
}
