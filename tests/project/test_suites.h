// The test classes of test_project; test_main.cpp runs them in turn.
#pragma once

#include <QObject>
#include <memory>

namespace tgc::test {

std::unique_ptr<QObject> makeDicomSeriesTest();
std::unique_ptr<QObject> makeDicomEncodingTest();
std::unique_ptr<QObject> makeRasterVolumeTest();
std::unique_ptr<QObject> makeBadInputTest();
std::unique_ptr<QObject> makeWriterTest();
std::unique_ptr<QObject> makeJpeg2000Test();

} // namespace tgc::test
