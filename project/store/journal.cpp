#include "journal.h"

#include "atomic_file.h"
#include "case_record.h"
#include "edit/label_change.h"
#include "io_error.h"
#include "label_map.h"

#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <chrono>
#include <zlib.h>

namespace tgc {

namespace {

const QByteArray kMagic("TGCJOURNAL1\n");
constexpr quint32 kMaxRecord = 512u << 20;

quint32 checksum(const QByteArray& bytes) {
    return quint32(
        crc32(0L, reinterpret_cast<const Bytef*>(bytes.constData()), uInt(bytes.size())));
}

void putU32(QByteArray& out, quint32 v) {
    for (int i = 0; i < 4; ++i)
        out.append(char((v >> (8 * i)) & 0xFF));
}

QByteArray framed(const JournalRecord& record) {
    const QByteArray payload = record.serialise();
    QByteArray out;
    out.reserve(payload.size() + 8);
    putU32(out, quint32(payload.size()));
    putU32(out, checksum(payload));
    out.append(payload);
    return out;
}

quint32 getU32(const char* p) {
    quint32 v = 0;
    for (int i = 0; i < 4; ++i)
        v |= quint32(std::uint8_t(p[i])) << (8 * i);
    return v;
}

} // namespace

QByteArray JournalRecord::serialise() const {
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << quint8(type) << caseId << time.toMSecsSinceEpoch();
    if (type == Type::MaskTiles) {
        out << qint32(dims[0]) << qint32(dims[1]) << qint32(dims[2]) << quint32(keys.size());
        for (std::int64_t k : keys)
            out << qint64(k);
        out << packedTiles;
    } else {
        out << field << value;
    }
    return bytes;
}

bool JournalRecord::deserialise(const QByteArray& bytes, JournalRecord& r) {
    QDataStream in(bytes);
    in.setVersion(QDataStream::Qt_6_4);
    quint8 type = 0;
    qint64 ms = 0;
    in >> type >> r.caseId >> ms;
    r.time = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    if (type == quint8(Type::MaskTiles)) {
        r.type = Type::MaskTiles;
        qint32 x = 0, y = 0, z = 0;
        quint32 count = 0;
        in >> x >> y >> z >> count;
        if (in.status() != QDataStream::Ok || count > kMaxRecord / 8)
            return false;
        r.dims = {x, y, z};
        r.keys.resize(count);
        for (auto& k : r.keys) {
            qint64 v = 0;
            in >> v;
            k = v;
        }
        in >> r.packedTiles;
    } else if (type == quint8(Type::CaseField)) {
        r.type = Type::CaseField;
        in >> r.field >> r.value;
    } else {
        return false;
    }
    return in.status() == QDataStream::Ok;
}

QString journalPath(const QString& projectRoot) {
    return projectRoot + QStringLiteral("/.autosave/journal.bin");
}

std::vector<JournalRecord> readJournal(const QString& projectRoot, QString* warning) {
    std::vector<JournalRecord> records;
    QFile file(journalPath(projectRoot));
    if (!file.exists())
        return records;
    if (!file.open(QIODevice::ReadOnly)) {
        if (warning)
            *warning = file.fileName() + QStringLiteral(": cannot read: ") + file.errorString();
        return records;
    }
    const QByteArray all = file.readAll();
    if (!all.startsWith(kMagic)) {
        if (warning)
            *warning = file.fileName() + QStringLiteral(": not a TGC Annotator journal");
        return records;
    }
    qsizetype pos = kMagic.size();
    while (pos < all.size()) {
        if (all.size() - pos < 8)
            break;
        const quint32 length = getU32(all.constData() + pos);
        const quint32 crc = getU32(all.constData() + pos + 4);
        if (length > kMaxRecord || all.size() - pos - 8 < qsizetype(length))
            break;
        const QByteArray payload = all.mid(pos + 8, length);
        JournalRecord record;
        if (checksum(payload) != crc || !JournalRecord::deserialise(payload, record))
            break;
        records.push_back(std::move(record));
        pos += 8 + qsizetype(length);
    }
    if (pos < all.size() && warning)
        *warning = file.fileName() +
                   QStringLiteral(": the last %1 bytes were cut off mid-write and are ignored")
                       .arg(all.size() - pos);
    return records;
}

bool applyCaseField(CaseRecord& c, const JournalRecord& e) {
    if (e.type != JournalRecord::Type::CaseField)
        return false;
    if (e.field == QLatin1String("report"))
        c.report = e.value;
    else if (e.field == QLatin1String("aux"))
        c.aux = e.value;
    else if (e.field == QLatin1String("notes"))
        c.notes = e.value;
    else if (e.field == QLatin1String("annotator"))
        c.annotator = e.value;
    else if (e.field == QLatin1String("reviewer"))
        c.reviewer = e.value;
    else if (e.field == QLatin1String("status")) {
        const auto status = caseStatusFromName(e.value);
        if (!status)
            return false;
        c.status = *status;
    } else if (e.field == QLatin1String("aux_source")) {
        const auto source = auxSourceFromName(e.value);
        if (!source)
            return false;
        c.auxSource = *source;
    } else if (e.field == QLatin1String("proposal")) {
        // A model's proposal record as compact JSON (its map is a file of its own).
        const QJsonDocument doc = QJsonDocument::fromJson(e.value.toUtf8());
        if (!doc.isObject())
            return false;
        try {
            c.setProposal(ProposalRecord::fromJson(doc.object(), c.id));
        } catch (const IoError&) {
            return false;
        }
    } else if (e.field == QLatin1String("proposal_removed")) {
        auto& list = c.proposals;
        const auto before = list.size();
        list.erase(std::remove_if(list.begin(), list.end(),
                                  [&e](const ProposalRecord& p) { return p.modelId == e.value; }),
                   list.end());
        if (list.size() == before)
            return false;
    } else {
        return false;
    }
    if (e.time.isValid())
        c.modified = e.time;
    return true;
}

void rewriteJournal(const QString& projectRoot, const std::vector<JournalRecord>& records) {
    const QString path = journalPath(projectRoot);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QByteArray bytes = kMagic;
    for (const JournalRecord& record : records)
        bytes += framed(record);
    if (const QString failure = writeFileAtomically(path, bytes); !failure.isEmpty())
        throw IoError(
            path,
            QStringLiteral("cannot rewrite the journal: %1 (the old one is kept)").arg(failure));
}

bool applyMaskTiles(LabelMap& labels, const JournalRecord& e) {
    if (e.type != JournalRecord::Type::MaskTiles || e.dims != labels.dims())
        return false;
    return writePackedTiles(labels, e.keys, e.packedTiles);
}

JournalWriter::JournalWriter(const QString& projectRoot)
    : m_path(journalPath(projectRoot)), m_thread([this] { run(); }) {}

JournalWriter::~JournalWriter() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void JournalWriter::append(JournalRecord record) {
    if (!record.time.isValid())
        record.time = QDateTime::currentDateTimeUtc();
    QByteArray bytes = framed(record);
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_queue.push_back(std::move(bytes));
    }
    m_wake.notify_all();
}

bool JournalWriter::flush() {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_wake.notify_all();
    m_idle.wait(lock, [this] {
        return (m_queue.empty() && !m_busy && !m_restart) || (!m_error.isEmpty() && !m_busy);
    });
    return m_error.isEmpty();
}

void JournalWriter::restart(const std::vector<JournalRecord>& keep) {
    std::deque<QByteArray> first;
    for (const JournalRecord& record : keep)
        first.push_back(framed(record));
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_queue.swap(first);
        m_restart = true;
    }
    m_wake.notify_all();
}

QString JournalWriter::lastError() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_error;
}

std::uint64_t JournalWriter::bytesWritten() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_bytes;
}

void JournalWriter::run() {
    QFile file(m_path);
    auto openFresh = [&](bool truncate) -> QString {
        file.close();
        if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
            return m_path + QStringLiteral(": cannot create the autosave folder");
        const bool exists = file.exists() && !truncate && file.size() >= kMagic.size();
        if (!file.open(exists ? (QIODevice::WriteOnly | QIODevice::Append)
                              : (QIODevice::WriteOnly | QIODevice::Truncate)))
            return m_path + QStringLiteral(": ") + file.errorString();
        if (!exists && file.write(kMagic) != kMagic.size())
            return m_path + QStringLiteral(": ") + file.errorString();
        file.flush();
        return {};
    };
    bool opened = false;
    std::unique_lock<std::mutex> lock(m_mutex);
    while (true) {
        // After a failed write, wait a while before retrying instead of spinning.
        const bool failing = !m_error.isEmpty();
        m_wake.wait_for(lock, std::chrono::milliseconds(failing ? 1000 : 500), [this, failing] {
            return m_stop || m_restart || (!failing && !m_queue.empty());
        });
        const bool restart = m_restart;
        std::deque<QByteArray> batch;
        batch.swap(m_queue);
        m_busy = true;
        m_restart = false;
        const bool stop = m_stop;
        lock.unlock();

        QString error;
        if (restart || (!opened && !batch.empty())) {
            error = openFresh(restart);
            opened = error.isEmpty();
        }
        // Write what can be written; on failure (disk full) cut the file back
        // to its last whole record and keep the rest queued for a retry.
        std::uint64_t written = 0;
        std::size_t done = 0;
        if (opened && !batch.empty()) {
            const qint64 good = file.size();
            for (; done < batch.size(); ++done) {
                if (file.write(batch[done]) != batch[done].size())
                    break;
                written += std::uint64_t(batch[done].size());
            }
            if (done < batch.size() || !file.flush()) {
                error = m_path + QStringLiteral(": ") + file.errorString();
                file.resize(good + qint64(written));
            }
        }
        if (!opened)
            done = 0;

        lock.lock();
        if (done < batch.size() && !m_restart && !stop) {
            for (std::size_t i = batch.size(); i-- > done;)
                m_queue.push_front(std::move(batch[i]));
        }
        m_bytes += written;
        if (!error.isEmpty())
            m_error = error;
        else if (!batch.empty())
            m_error.clear();
        m_busy = false;
        m_idle.notify_all();
        if (stop && m_queue.empty())
            break;
    }
}

} // namespace tgc
