// tgc-cli pacs report: a study's report as a DICOM SR file, read or written.
//   pacs report --sr FILE                       -> {"text","source","date","author","kind",...}
//   pacs report --write FILE --study-of DICOM --text T [--author PN] [--date YYYYMMDD]
// Writing makes a Basic Text SR in the study of the DICOM file given (for the
// demo and tests: a report as a PACS holds it).
#include "cmd_pacs.h"
#include "commands.h"
#include "pacs_error.h"
#include "part_writer.h"
#include "sr_report.h"

#include <QDate>
#include <QTextStream>

namespace tgc::cli {

int runPacsReport(const QStringList& args) {
    CommandLine cl("pacs report", "Reads the report of a DICOM SR file (Basic Text, Enhanced, "
                                  "Comprehensive), or writes one into the study of a DICOM file.");
    const auto sr = cl.option("sr", "the SR file to read", "FILE");
    const auto write = cl.option("write", "the SR file to write", "FILE");
    const auto studyOf =
        cl.option("study-of", "a DICOM file of the study (patient, study UID)", "DICOM");
    const auto text = cl.option("text", "the report", "T");
    const auto author =
        cl.option("author", "verifying radiologist, a DICOM person name", "PN", "DOE^JANE^^Dr");
    const auto date = cl.option("date", "content date YYYYMMDD", "D");
    const auto json = cl.json();
    if (const auto done = cl.parse(args))
        return *done;
    try {
        if (cl.isSet(sr)) {
            const pacs::SrReport report = pacs::readSrReport(cl.value(sr));
            if (cl.isSet(json))
                printJson(report.toJson());
            else
                QTextStream(stdout) << report.text << "\n(" << report.source() << ")\n";
            return 0;
        }
        if (!cl.isSet(write) || !cl.isSet(studyOf) || !cl.isSet(text))
            return cl.fail(QStringLiteral("give --sr FILE, or --write FILE --study-of DICOM "
                                          "--text T"));
        QString error;
        const pacs::DicomIds ids = pacs::readDicomIds(cl.value(studyOf), &error);
        if (!error.isEmpty())
            return cl.fail(cl.value(studyOf) + QStringLiteral(": ") + error);
        // Patient ID and name come from the study's own file.
        const QString day = cl.isSet(date)
                                ? cl.value(date)
                                : QDate::currentDate().toString(QStringLiteral("yyyyMMdd"));
        pacs::writeTextSr(cl.value(write), ids.studyUid, ids.patientId, ids.patientName,
                          cl.value(text), cl.value(author), day);
        if (cl.isSet(json))
            printJson(pacs::readSrReport(cl.value(write)).toJson());
        return 0;
    } catch (const pacs::PacsError& e) {
        return cl.fail(e.message(), 1);
    }
}

} // namespace tgc::cli
