#include "qido.h"

#include "export/seg_provenance.h"
#include "pacs_uid.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QUrl>

namespace tgc::pacs {

namespace {

// The first value of an attribute ("0020000D": {"vr":"UI","Value":[...]})
// as text; person names give their alphabetic form. Empty when absent.
QString firstValue(const QJsonObject& entry, const char* tag) {
    const QJsonValue attribute = entry.value(QLatin1String(tag));
    if (!attribute.isObject())
        return {};
    const QJsonArray values = attribute.toObject().value(QLatin1String("Value")).toArray();
    if (values.isEmpty())
        return {};
    const QJsonValue v = values.first();
    if (v.isString())
        return v.toString().left(1024);
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 12);
    if (v.isObject())
        return v.toObject().value(QLatin1String("Alphabetic")).toString().left(1024);
    return {};
}

QStringList allValues(const QJsonObject& entry, const char* tag) {
    QStringList out;
    const QJsonArray values =
        entry.value(QLatin1String(tag)).toObject().value(QLatin1String("Value")).toArray();
    for (const QJsonValue& v : values)
        if (v.isString() && out.size() < 64)
            out << v.toString().left(64);
    return out;
}

std::optional<QJsonArray> entries(const QByteArray& json, QString* error) {
    if (json.size() > kMaxQidoBytes) {
        *error = QStringLiteral("the answer is larger than %1 MB").arg(kMaxQidoBytes >> 20);
        return std::nullopt;
    }
    if (json.trimmed().isEmpty()) // 204 No Content: nothing matched
        return QJsonArray();
    QJsonParseError parse{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parse);
    if (parse.error != QJsonParseError::NoError) {
        *error = QStringLiteral("the answer is not JSON (%1 at byte %2)")
                     .arg(parse.errorString())
                     .arg(parse.offset);
        return std::nullopt;
    }
    if (!document.isArray()) {
        *error = QStringLiteral("the answer is not a JSON array of DICOM objects");
        return std::nullopt;
    }
    const QJsonArray array = document.array();
    if (array.size() > kMaxQidoEntries) {
        *error = QStringLiteral("the answer holds %1 entries, more than the %2 one page may hold")
                     .arg(array.size())
                     .arg(kMaxQidoEntries);
        return std::nullopt;
    }
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array[i].isObject()) {
            *error = QStringLiteral("entry %1 of the answer is not a DICOM JSON object").arg(i + 1);
            return std::nullopt;
        }
    }
    return array;
}

bool requireUid(const QString& uid, const char* what, qsizetype index, QString* error) {
    if (isValidUid(uid))
        return true;
    *error = QStringLiteral("entry %1 has %2 '%3', which is not a valid UID")
                 .arg(index + 1)
                 .arg(QLatin1String(what), uid.left(80));
    return false;
}

// Each DICOM object of a QIDO answer read by `read(object, index, entry,
// error)`, which refuses one (false, with the reason) to refuse the answer.
template <class Entry, class Read>
std::optional<std::vector<Entry>> parseEach(const QByteArray& json, QString* error, Read read) {
    const auto array = entries(json, error);
    if (!array)
        return std::nullopt;
    std::vector<Entry> out;
    out.reserve(std::size_t(array->size()));
    for (qsizetype i = 0; i < array->size(); ++i) {
        Entry e;
        if (!read((*array)[i].toObject(), i, e, error))
            return std::nullopt;
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace

QString descriptionPattern(const QString& text) {
    QString pattern = text.trimmed();
    // A space matches as any one character: one that every server can take
    // in a URL, whether or not it decodes %20.
    pattern.replace(QLatin1Char(' '), QLatin1Char('?'));
    return QStringLiteral("*%1*").arg(pattern);
}

SeriesQuery SeriesQuery::reports() const {
    SeriesQuery q = *this;
    q.modality = QStringLiteral("SR");
    q.seriesUid.clear();
    q.description.clear();
    q.limit = q.offset = 0;
    return q;
}

QString SeriesQuery::toQueryString() const {
    QStringList q;
    // QIDO wildcards stay as they are; Orthanc 1.10.1 takes query values
    // without percent-decoding them, so nothing else that is legal in a
    // query is encoded either.
    auto add = [&q](const char* key, const QString& value) {
        if (!value.isEmpty())
            q << QLatin1String(key) + QLatin1Char('=') +
                     QString::fromLatin1(QUrl::toPercentEncoding(value, "*?-_.~:@,;()!$'"));
    };
    add("PatientID", patientId);
    add("Modality", modality);
    add("StudyInstanceUID", studyUid);
    add("SeriesInstanceUID", seriesUid);
    add("AccessionNumber", accession);
    if (!description.isEmpty())
        add("SeriesDescription", descriptionPattern(description));
    if (from.isValid() || to.isValid())
        add("StudyDate", (from.isValid() ? from.toString(QStringLiteral("yyyyMMdd")) : QString()) +
                             QLatin1Char('-') +
                             (to.isValid() ? to.toString(QStringLiteral("yyyyMMdd")) : QString()));
    if (limit > 0)
        q << QStringLiteral("limit=%1").arg(limit);
    if (offset > 0)
        q << QStringLiteral("offset=%1").arg(offset);
    // Fields some servers leave out of a series answer unless asked.
    q << QStringLiteral("includefield=00100020") << QStringLiteral("includefield=00201209")
      << QStringLiteral("includefield=0008103E");
    return q.join(QLatin1Char('&'));
}

QJsonObject SeriesEntry::toJson() const {
    return QJsonObject{{"study_uid", studyUid},   {"series_uid", seriesUid},
                       {"modality", modality},    {"description", description},
                       {"patient_id", patientId}, {"instances", instances},
                       {"report", report}};
}

std::optional<std::vector<SeriesEntry>> parseSeries(const QByteArray& json, QString* error) {
    return parseEach<SeriesEntry>(
        json, error, [](const QJsonObject& o, qsizetype i, SeriesEntry& e, QString* error) {
            e.studyUid = firstValue(o, "0020000D");
            e.seriesUid = firstValue(o, "0020000E");
            if (!requireUid(e.studyUid, "Study Instance UID", i, error) ||
                !requireUid(e.seriesUid, "Series Instance UID", i, error))
                return false;
            e.modality = firstValue(o, "00080060").left(16);
            e.description = firstValue(o, "0008103E");
            e.patientId = firstValue(o, "00100020");
            e.patientName = firstValue(o, "00100010");
            e.studyDate = firstValue(o, "00080020").left(8);
            bool ok = false;
            const int n = firstValue(o, "00201209").toInt(&ok);
            e.instances = ok && n >= 0 ? n : -1;
            return true;
        });
}

std::optional<std::vector<StudyEntry>> parseStudies(const QByteArray& json, QString* error) {
    return parseEach<StudyEntry>(
        json, error, [](const QJsonObject& o, qsizetype i, StudyEntry& e, QString* error) {
            e.studyUid = firstValue(o, "0020000D");
            if (!requireUid(e.studyUid, "Study Instance UID", i, error))
                return false;
            e.patientId = firstValue(o, "00100020");
            e.patientName = firstValue(o, "00100010");
            e.studyDate = firstValue(o, "00080020").left(8);
            e.description = firstValue(o, "00081030");
            e.accession = firstValue(o, "00080050");
            e.modalities = allValues(o, "00080061");
            return true;
        });
}

std::optional<std::vector<InstanceEntry>> parseInstances(const QByteArray& json, QString* error) {
    return parseEach<InstanceEntry>(
        json, error, [](const QJsonObject& o, qsizetype i, InstanceEntry& e, QString* error) {
            e.sopInstanceUid = firstValue(o, "00080018");
            e.sopClassUid = firstValue(o, "00080016");
            if (!requireUid(e.sopInstanceUid, "SOP Instance UID", i, error))
                return false;
            e.number = firstValue(o, "00200013").toInt();
            return true;
        });
}

std::optional<SegEntry> parseSegMetadata(const QByteArray& json, QString* error) {
    const auto list = entries(json, error);
    if (!list)
        return std::nullopt;
    if (list->isEmpty()) {
        *error = QStringLiteral("the SEG series has no instance");
        return std::nullopt;
    }
    const QJsonObject instance = list->first().toObject();
    SegEntry e;
    e.studyUid = firstValue(instance, "0020000D");
    e.seriesUid = firstValue(instance, "0020000E");
    if (!isValidUid(e.seriesUid)) {
        *error = QStringLiteral("a SEG instance without a valid Series Instance UID");
        return std::nullopt;
    }
    const QJsonArray referenced = instance.value(QLatin1String("00081115"))
                                      .toObject()
                                      .value(QLatin1String("Value"))
                                      .toArray();
    if (!referenced.isEmpty()) {
        const QString source = firstValue(referenced.first().toObject(), "0020000E");
        if (isValidUid(source))
            e.sourceSeriesUid = source;
    }
    e.annotator = firstValue(instance, "00700084");
    e.description = firstValue(instance, "0008103E").left(64);
    const QString date = firstValue(instance, "00080021");
    e.created = date.isEmpty() ? firstValue(instance, "00080023") + firstValue(instance, "00080033")
                               : date + firstValue(instance, "00080031");
    const QJsonArray segments = instance.value(QLatin1String("00620002"))
                                    .toObject()
                                    .value(QLatin1String("Value"))
                                    .toArray();
    for (const QJsonValue& segment : segments) {
        if (e.labels.size() >= 255)
            break;
        const QJsonObject item = segment.toObject();
        e.labels << firstValue(item, "00620005").left(64);
        if (e.algorithm.isEmpty())
            e.algorithm = firstValue(item, "00620009").left(64);
        const QString description = firstValue(item, "00620006");
        const qsizetype at = description.indexOf(QLatin1String(kProposalDiceText));
        if (!e.proposalDice && at >= 0) {
            bool ok = false;
            const double d =
                description.mid(at + qsizetype(qstrlen(kProposalDiceText))).trimmed().toDouble(&ok);
            if (ok && d >= 0 && d <= 1)
                e.proposalDice = d;
        }
    }
    return e;
}

} // namespace tgc::pacs
