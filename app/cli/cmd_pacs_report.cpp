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
    const QString name = QStringLiteral("pacs report");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Reads the report of a DICOM SR file (Basic Text, Enhanced, "
                       "Comprehensive), or writes one into the study of a DICOM file."));
    parser.addHelpOption();
    const QCommandLineOption sr(QStringLiteral("sr"), QStringLiteral("the SR file to read"),
                                QStringLiteral("FILE"));
    const QCommandLineOption write(QStringLiteral("write"), QStringLiteral("the SR file to write"),
                                   QStringLiteral("FILE"));
    const QCommandLineOption studyOf(
        QStringLiteral("study-of"),
        QStringLiteral("a DICOM file of the study (patient, study UID)"), QStringLiteral("DICOM"));
    const QCommandLineOption text(QStringLiteral("text"), QStringLiteral("the report"),
                                  QStringLiteral("T"));
    const QCommandLineOption author(QStringLiteral("author"),
                                    QStringLiteral("verifying radiologist, a DICOM person name"),
                                    QStringLiteral("PN"), QStringLiteral("DOE^JANE^^Dr"));
    const QCommandLineOption date(QStringLiteral("date"), QStringLiteral("content date YYYYMMDD"),
                                  QStringLiteral("D"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("print one JSON object"));
    parser.addOptions({sr, write, studyOf, text, author, date, json});
    if (const auto done = parseArguments(parser, args, name))
        return *done;
    try {
        if (parser.isSet(sr)) {
            const pacs::SrReport report = pacs::readSrReport(parser.value(sr));
            if (parser.isSet(json))
                printJson(report.toJson());
            else
                QTextStream(stdout) << report.text << "\n(" << report.source() << ")\n";
            return 0;
        }
        if (!parser.isSet(write) || !parser.isSet(studyOf) || !parser.isSet(text))
            return fail(name, QStringLiteral("give --sr FILE, or --write FILE --study-of DICOM "
                                             "--text T"));
        QString error;
        const pacs::DicomIds ids = pacs::readDicomIds(parser.value(studyOf), &error);
        if (!error.isEmpty())
            return fail(name, parser.value(studyOf) + QStringLiteral(": ") + error);
        // Patient ID and name come from the study's own file.
        const QString day = parser.isSet(date)
                                ? parser.value(date)
                                : QDate::currentDate().toString(QStringLiteral("yyyyMMdd"));
        pacs::writeTextSr(parser.value(write), ids.studyUid, ids.patientId, ids.patientName,
                          parser.value(text), parser.value(author), day);
        if (parser.isSet(json))
            printJson(pacs::readSrReport(parser.value(write)).toJson());
        return 0;
    } catch (const pacs::PacsError& e) {
        return fail(name, e.message(), 1);
    }
}

} // namespace tgc::cli
