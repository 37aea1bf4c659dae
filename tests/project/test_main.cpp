// test_project: readers, writers and label maps of project/ (several QTest classes).
#include "test_suites.h"

#include <QCoreApplication>
#include <QTest>
#include <cstdio>
#include <exception>
#include <functional>
#include <vector>

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    using namespace tgc::test;
    const std::vector<std::function<std::unique_ptr<QObject>()>> suites = {
        makeDicomSeriesTest, makeDicomEncodingTest, makeRasterVolumeTest, makeBadInputTest,
        makeWriterTest, makeJpeg2000Test};
    // Qt's crash handler can loop on a crash inside a test; a plain crash is clearer.
    std::vector<char*> args(argv, argv + argc);
    char noCrashHandler[] = "-nocrashhandler";
    args.push_back(noCrashHandler);
    const int count = int(args.size());
    int failed = 0;
    for (const auto& make : suites) {
        const std::unique_ptr<QObject> suite = make();
        try {
            failed += QTest::qExec(suite.get(), count, args.data());
        } catch (const std::exception& e) {
            // QTest reports the failing function, then rethrows: count it, keep going.
            std::fprintf(stderr, "exception escaped a test: %s\n", e.what());
            ++failed;
        }
    }
    return failed == 0 ? 0 : 1;
}
