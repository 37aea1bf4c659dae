// libFuzzer harness: any bytes as a QIDO-RS answer. The parsers must refuse
// or accept without crashing, and whatever they accept holds valid UIDs.
#include "pacs_uid.h"
#include "qido.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray json =
        QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    QString error;
    if (const auto series = tgc::pacs::parseSeries(json, &error))
        for (const auto& s : *series)
            if (!tgc::pacs::isValidUid(s.seriesUid) || !tgc::pacs::isValidUid(s.studyUid))
                std::abort();
    if (const auto instances = tgc::pacs::parseInstances(json, &error))
        for (const auto& i : *instances)
            if (!tgc::pacs::isValidUid(i.sopInstanceUid))
                std::abort();
    tgc::pacs::parseStudies(json, &error);
    return 0;
}
