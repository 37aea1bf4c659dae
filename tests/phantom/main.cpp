// One executable for the phantom area; each suite reports on its own.
#include "phantom_test_support.h"

#include <QCoreApplication>

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    int failures = 0;
    failures += tgc::test::runCxrPhantomTests(argc, argv);
    failures += tgc::test::runCtPhantomTests(argc, argv);
    failures += tgc::test::runQataDatasetTests(argc, argv);
    failures += tgc::test::runPhantomFilesTests(argc, argv);
    return failures == 0 ? 0 : 1;
}
