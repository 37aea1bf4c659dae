#include "sr_report.h"

#include "pacs_error.h"

#include <QDir>
#include <QFile>
#include <QStringList>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmsr/dsrdoc.h>

namespace tgc::pacs {

namespace {

QString qs(const OFString& s) {
    return QString::fromUtf8(s.c_str()).trimmed();
}

// "DOE^JANE^^Dr" -> "Dr Jane Doe"; a name without a prefix gets none.
QString readableName(const QString& personName) {
    const QStringList parts = personName.section(QLatin1Char('='), 0, 0).split(QLatin1Char('^'));
    auto word = [](QString w) {
        w = w.trimmed();
        if (w == w.toUpper() && w.size() > 1)
            w = w.left(1) + w.mid(1).toLower();
        return w;
    };
    QStringList out;
    for (int i : {3, 1, 2, 0, 4})
        if (i < parts.size() && !parts[i].trimmed().isEmpty())
            out << word(parts[i]);
    return out.join(QLatin1Char(' '));
}

QString isoDate(const QString& dicomDate) {
    const QDate d = QDate::fromString(dicomDate.left(8), QStringLiteral("yyyyMMdd"));
    return d.isValid() ? d.toString(Qt::ISODate) : QString();
}

QString itemText(DSRContentItem& item) {
    switch (item.getValueType()) {
    case DSRTypes::VT_Text:
    case DSRTypes::VT_Date:
    case DSRTypes::VT_Time:
    case DSRTypes::VT_DateTime:
    case DSRTypes::VT_PName:
        return qs(item.getStringValue());
    case DSRTypes::VT_Code:
        return qs(item.getCodeValue().getCodeMeaning());
    case DSRTypes::VT_Num: {
        const DSRNumericMeasurementValue& n = item.getNumericValue();
        QString v = qs(n.getNumericValue());
        const QString unit = qs(n.getMeasurementUnit().getCodeValue());
        if (!unit.isEmpty() && unit != QLatin1String("1"))
            v += QLatin1Char(' ') + unit;
        return v;
    }
    default:
        return {};
    }
}

} // namespace

QString SrReport::source() const {
    QString s = agreed ? QStringLiteral("agreed on the PACS") : QStringLiteral("from SR");
    if (!date.isEmpty())
        s += QLatin1Char(' ') + date;
    if (!author.isEmpty())
        s += (date.isEmpty() ? QStringLiteral(" by ") : QStringLiteral(", ")) + author;
    return s;
}

QJsonObject SrReport::toJson() const {
    return QJsonObject{{"text", text},
                       {"source", source()},
                       {"date", date},
                       {"author", author},
                       {"kind", kind},
                       {"study_uid", studyUid},
                       {"sop_instance_uid", sopInstanceUid}};
}

bool isTextSr(const QString& path) {
    DcmFileFormat file;
    if (file.loadFile(QFile::encodeName(path).constData(), EXS_Unknown, EGL_noChange, 4096).bad())
        return false;
    OFString sopClass;
    file.getDataset()->findAndGetOFString(DCM_SOPClassUID, sopClass);
    return sopClass == UID_BasicTextSRStorage || sopClass == UID_EnhancedSRStorage ||
           sopClass == UID_ComprehensiveSRStorage || sopClass == UID_Comprehensive3DSRStorage;
}

SrReport readSrReport(const QString& path) {
    DcmFileFormat file;
    const OFCondition loaded = file.loadFile(QFile::encodeName(path).constData());
    if (loaded.bad())
        throw PacsError(path + QStringLiteral(": not a readable DICOM file (%1)")
                                   .arg(QString::fromLatin1(loaded.text())));
    DSRDocument document;
    const OFCondition read = document.read(*file.getDataset());
    if (read.bad())
        throw PacsError(path + QStringLiteral(": not a structured report dcmsr reads (%1)")
                                   .arg(QString::fromLatin1(read.text())));
    SrReport report;
    report.kind =
        QString::fromLatin1(DSRTypes::documentTypeToReadableName(document.getDocumentType()));
    OFString value;
    document.getStudyInstanceUID(value);
    report.studyUid = qs(value);
    document.getSOPInstanceUID(value);
    report.sopInstanceUid = qs(value);
    document.getContentDate(value);
    report.date = isoDate(qs(value));
    if (document.getNumberOfVerifyingObservers() > 0) {
        OFString when, name, organisation;
        document.getVerifyingObserver(1, when, name, organisation);
        report.author = readableName(qs(name));
    }
    if (report.author.isEmpty()) {
        document.getReferringPhysicianName(value);
        report.author = readableName(qs(value));
    }

    QStringList lines;
    DSRDocumentTree& tree = document.getTree();
    if (tree.gotoRoot() > 0) {
        do {
            DSRContentItem& item = tree.getCurrentContentItem();
            const int depth = int(tree.getLevel()) - 1;
            const QString concept = qs(item.getConceptName().getCodeMeaning());
            if (depth == 0) // the document title, shown by the panel's source line
                continue;
            const QString indent(2 * (depth - 1), QLatin1Char(' '));
            if (item.getValueType() == DSRTypes::VT_Container) {
                if (!concept.isEmpty())
                lines << indent + concept + QLatin1Char(':');
                continue;
            }
            const QString v = itemText(item);
            if (v.isEmpty())
                continue;
            // A finding's text speaks for itself; other items keep their name.
            const bool plain = concept.isEmpty() || concept == QLatin1String("Finding") ||
                               item.getValueType() == DSRTypes::VT_Text;
            lines << indent + (plain ? v : concept + QStringLiteral(": ") + v);
        } while (tree.iterate());
    }
    report.text = lines.join(QLatin1Char('\n'));
    if (report.text.isEmpty())
        throw PacsError(path + QStringLiteral(": the structured report holds no text"));
    return report;
}

void writeTextSr(const QString& path, const QString& studyUid, const QString& patientId,
                 const QString& patientName, const QString& text, const QString& author,
                 const QString& date) {
    DSRDocument document(DSRTypes::DT_BasicTextSR);
    auto check = [&path](const OFCondition& c, const char* what) {
        if (c.bad())
            throw PacsError(path + QStringLiteral(": %1 (%2)")
                                       .arg(QLatin1String(what), QString::fromLatin1(c.text())));
    };
    check(document.createNewSeriesInStudy(studyUid.toLatin1().constData()), "study UID");
    document.setPatientID(patientId.toUtf8().constData(), OFFalse);
    document.setPatientName(patientName.toUtf8().constData(), OFFalse);
    document.setSeriesDescription("Radiology report", OFFalse);
    check(document.setContentDate(date.toLatin1().constData()), "content date");
    DSRDocumentTree& tree = document.getTree();
    tree.addContentItem(DSRTypes::RT_isRoot, DSRTypes::VT_Container);
    tree.getCurrentContentItem().setConceptName(
        DSRCodedEntryValue("18782-3", "LN", "Radiology Study observation"));
    tree.addContentItem(DSRTypes::RT_contains, DSRTypes::VT_Text, DSRTypes::AM_belowCurrent);
    tree.getCurrentContentItem().setConceptName(DSRCodedEntryValue("121071", "DCM", "Finding"));
    check(tree.getCurrentContentItem().setStringValue(text.toUtf8().constData()), "report text");
    // Only a complete document can be verified.
    check(document.completeDocument(), "completing the SR");
    check(document.verifyDocument(author.toUtf8().constData(), "TGC Annotator",
                                  (date + QStringLiteral("120000")).toLatin1().constData()),
          "verifying observer");
    // UTF-8, declared last: DCMTK's value checks do not know that character
    // set and would warn on every value set after it.
    document.setSpecificCharacterSet("ISO_IR 192", OFFalse);
    DcmFileFormat file;
    check(document.write(*file.getDataset()), "building the SR");
    check(file.saveFile(QFile::encodeName(path).constData(), EXS_LittleEndianExplicit), "writing");
}

std::optional<SrReport> newestTextSr(const QString& folder, const QStringList& sopInstanceUids) {
    std::optional<SrReport> newest;
    for (const QString& uid : sopInstanceUids) {
        const QString path = QDir(folder).filePath(uid + QStringLiteral(".dcm"));
        if (!isTextSr(path))
            continue;
        SrReport r = readSrReport(path);
        if (!newest || r.date > newest->date)
            newest = std::move(r);
    }
    return newest;
}

} // namespace tgc::pacs
