#include "test_viewer.h"

#include <QtTest>

QTEST_MAIN(TestViewer)
