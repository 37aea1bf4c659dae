#include "case_record.h"

#include "io_error.h"
#include "safe_path.h"

#include <QJsonArray>
#include <algorithm>

namespace tgc {

namespace {

QString isoTime(const QDateTime& time) {
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime fromIso(const QString& text) {
    return text.isEmpty() ? QDateTime() : QDateTime::fromString(text, Qt::ISODateWithMs);
}

} // namespace

QString caseStatusName(CaseStatus status) {
    return QLatin1String(enumName(kCaseStatusNames, status));
}

std::optional<CaseStatus> caseStatusFromName(const QString& name) {
    return enumFromName(kCaseStatusNames, name);
}

QString auxSourceName(AuxSource source) {
    return QLatin1String(enumName(kAuxSourceNames, source));
}

std::optional<AuxSource> auxSourceFromName(const QString& name) {
    return enumFromName(kAuxSourceNames, name);
}

QJsonObject ProposalRecord::toJson() const {
    QJsonObject o{{"model", modelId}, {"threshold", threshold},      {"report", report},
                  {"aux", aux},       {"created", isoTime(created)}, {"accepted", accepted}};
    if (acceptedDice)
        o.insert("accepted_dice", *acceptedDice);
    if (!clicks.empty()) {
        QJsonArray list;
        for (const RecordedClick& c : clicks)
            list.append(QJsonArray{c.x, c.y, c.z, c.positive ? 1 : 0});
        o.insert("clicks", list);
    }
    if (acceptedClicks)
        o.insert("accepted_clicks", *acceptedClicks);
    return o;
}

ProposalRecord ProposalRecord::fromJson(const QJsonObject& p, const QString& where) {
    ProposalRecord r;
    r.modelId = p.value("model").toString();
    if (!isSafeFileName(r.modelId))
        throw IoError(where,
                      QStringLiteral("model id '%1' is not a safe file name").arg(r.modelId));
    r.threshold = p.value("threshold").toDouble(0.5);
    r.report = p.value("report").toString();
    r.aux = p.value("aux").toString();
    r.created = fromIso(p.value("created").toString());
    r.accepted = p.value("accepted").toBool();
    if (p.contains("accepted_dice"))
        r.acceptedDice = p.value("accepted_dice").toDouble();
    for (const auto& value : p.value("clicks").toArray()) { // [x, y, z, 1 positive | 0 negative]
        const QJsonArray c = value.toArray();
        if (c.size() != 4)
            throw IoError(where, QStringLiteral("a click of the proposal of '%1' is not "
                                                "[x, y, z, positive]")
                                     .arg(r.modelId));
        r.clicks.push_back({c[0].toInt(), c[1].toInt(), c[2].toInt(), c[3].toInt() != 0});
    }
    if (p.contains("accepted_clicks"))
        r.acceptedClicks = p.value("accepted_clicks").toInt();
    return r;
}

QJsonObject PacsSource::toJson() const {
    return QJsonObject{{"server", server},
                       {"study_uid", studyUid},
                       {"series_uid", seriesUid},
                       {"sop_instance_uids", QJsonArray::fromStringList(sopInstanceUids)},
                       {"pulled", isoTime(pulled)},
                       {"report_source", reportSource}};
}

PacsSource PacsSource::fromJson(const QJsonObject& o) {
    PacsSource s;
    s.server = o.value("server").toString();
    s.studyUid = o.value("study_uid").toString();
    s.seriesUid = o.value("series_uid").toString();
    for (const auto& uid : o.value("sop_instance_uids").toArray())
        s.sopInstanceUids << uid.toString();
    s.pulled = fromIso(o.value("pulled").toString());
    s.reportSource = o.value("report_source").toString();
    return s;
}

const ProposalRecord* CaseRecord::proposal(const QString& modelId) const {
    for (const ProposalRecord& p : proposals) {
        if (p.modelId == modelId)
            return &p;
    }
    return nullptr;
}

void CaseRecord::setProposal(const ProposalRecord& proposal) {
    for (ProposalRecord& p : proposals) {
        if (p.modelId == proposal.modelId) {
            p = proposal;
            return;
        }
    }
    proposals.push_back(proposal);
}

const ProposalRecord* CaseRecord::latestProposal() const {
    const ProposalRecord* latest = nullptr;
    for (const ProposalRecord& p : proposals) {
        if (!latest || p.created >= latest->created)
            latest = &p;
    }
    return latest;
}

QJsonObject CaseRecord::toJson() const {
    QJsonArray proposalArray;
    for (const ProposalRecord& p : proposals)
        proposalArray.append(p.toJson());
    QJsonObject o{{"id", id},
                  {"sources", QJsonArray::fromStringList(sources)},
                  {"source_kind", sourceKind},
                  {"dims", QJsonArray{dims[0], dims[1], dims[2]}},
                  {"modality", modality},
                  {"patient_id", patientId},
                  {"content_hash", contentHash},
                  {"report", report},
                  {"aux", aux},
                  {"aux_source", auxSourceName(auxSource)},
                  {"status", caseStatusName(status)},
                  {"annotator", annotator},
                  {"reviewer", reviewer},
                  {"created", isoTime(created)},
                  {"modified", isoTime(modified)},
                  {"notes", notes},
                  {"volume", volume},
                  {"proposals", proposalArray}};
    if (pacs.isSet())
        o.insert("pacs", pacs.toJson());
    return o;
}

CaseRecord CaseRecord::fromJson(const QJsonObject& o, const QString& manifestPath) {
    CaseRecord c;
    c.id = o.value("id").toString();
    if (!isSafeFileName(c.id))
        throw IoError(manifestPath, QStringLiteral("case id '%1' is not a safe file name "
                                                   "(letters, digits, '.', '_', '-'; no paths)")
                                        .arg(c.id));
    for (const auto& s : o.value("sources").toArray())
        c.sources << s.toString();
    c.sourceKind = o.value("source_kind").toString();
    const QJsonArray dims = o.value("dims").toArray();
    if (dims.size() == 3) {
        for (int i = 0; i < 3; ++i)
            c.dims[std::size_t(i)] = std::max(0, dims[i].toInt());
    }
    c.modality = o.value("modality").toString();
    c.patientId = o.value("patient_id").toString();
    c.contentHash = o.value("content_hash").toString();
    c.report = o.value("report").toString();
    c.aux = o.value("aux").toString();
    const auto aux = auxSourceFromName(o.value("aux_source").toString(QStringLiteral("none")));
    if (!aux)
        throw IoError(manifestPath, QStringLiteral("case '%1': unknown aux_source '%2'")
                                        .arg(c.id, o.value("aux_source").toString()));
    c.auxSource = *aux;
    const auto status = caseStatusFromName(o.value("status").toString(QStringLiteral("new")));
    if (!status)
        throw IoError(manifestPath, QStringLiteral("case '%1': unknown status '%2'")
                                        .arg(c.id, o.value("status").toString()));
    c.status = *status;
    c.annotator = o.value("annotator").toString();
    c.reviewer = o.value("reviewer").toString();
    c.created = fromIso(o.value("created").toString());
    c.modified = fromIso(o.value("modified").toString());
    c.notes = o.value("notes").toString();
    c.volume = o.value("volume").toBool();
    if (o.contains("pacs"))
        c.pacs = PacsSource::fromJson(o.value("pacs").toObject());
    for (const auto& value : o.value("proposals").toArray()) {
        try {
            c.proposals.push_back(ProposalRecord::fromJson(value.toObject(), manifestPath));
        } catch (const IoError& e) {
            throw IoError(manifestPath, QStringLiteral("case '%1': %2").arg(c.id, e.reason()));
        }
    }
    return c;
}

} // namespace tgc
