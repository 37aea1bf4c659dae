// test_project: readers, writers and label maps of project/ (several QTest classes).
#include "test_suites.h"

#include <QCoreApplication>
#include <QTest>
#include <functional>
#include <vector>

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    using namespace tgc::test;
    const std::vector<std::function<std::unique_ptr<QObject>()>> suites = {makeDicomSeriesTest};
    int failed = 0;
    for (const auto& make : suites) {
        const std::unique_ptr<QObject> suite = make();
        failed += QTest::qExec(suite.get(), argc, argv);
    }
    return failed == 0 ? 0 : 1;
}
