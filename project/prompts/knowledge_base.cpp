#include "knowledge_base.h"

#include "io_error.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>
#include <mutex>
#include <optional>

namespace tgc {

namespace {

const char* const kFormat = "tgc-knowledge/1";

std::optional<KnowledgeEntry::Kind> kindFromName(const QString& name) {
    if (name == QLatin1String("organ"))
        return KnowledgeEntry::Kind::Organ;
    if (name == QLatin1String("finding"))
        return KnowledgeEntry::Kind::Finding;
    if (name == QLatin1String("negative"))
        return KnowledgeEntry::Kind::Negative;
    if (name == QLatin1String("extent"))
        return KnowledgeEntry::Kind::Extent;
    if (name == QLatin1String("location"))
        return KnowledgeEntry::Kind::Location;
    return std::nullopt;
}

QStringList stringList(const QJsonValue& value) {
    QStringList out;
    for (const QJsonValue& v : value.toArray())
        if (v.isString() && !v.toString().trimmed().isEmpty())
            out << v.toString().trimmed();
    return out;
}

} // namespace

QStringList KnowledgeSuggestion::names() const {
    QStringList out;
    for (const KnowledgeEntry* e : entries)
        out << e->name;
    return out;
}

KnowledgeBase KnowledgeBase::loadFolder(const QString& folder) {
    const QDir dir(folder);
    if (!dir.exists())
        throw IoError(folder, QStringLiteral("no such knowledge-base folder"));
    QStringList files;
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        files << dir.filePath(name);
    if (files.isEmpty())
        throw IoError(folder, QStringLiteral("no *.json knowledge-base file in the folder"));
    return loadFiles(files);
}

KnowledgeBase KnowledgeBase::loadFiles(const QStringList& files) {
    KnowledgeBase kb;
    for (const QString& path : files)
        kb.addFile(path);
    return kb;
}

std::shared_ptr<const KnowledgeBase> KnowledgeBase::bundled() {
    // Read on first use: a few kilobytes from the resource, no disk access.
    static std::mutex mutex;
    static std::shared_ptr<const KnowledgeBase> kb;
    std::lock_guard<std::mutex> lock(mutex);
    if (!kb)
        kb = std::make_shared<const KnowledgeBase>(loadFolder(QStringLiteral(":/knowledge")));
    return kb;
}

void KnowledgeBase::addFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw IoError(path, QStringLiteral("cannot read: %1").arg(file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        throw IoError(
            path,
            QStringLiteral("not JSON: %1 at byte %2").arg(error.errorString()).arg(error.offset));
    const QJsonObject root = doc.object();
    if (root.value("format").toString() != QLatin1String(kFormat))
        throw IoError(path, QStringLiteral("format is '%1', expected '%2'")
                                .arg(root.value("format").toString(), QLatin1String(kFormat)));
    const QJsonArray entries = root.value("entries").toArray();
    if (entries.isEmpty())
        throw IoError(path, QStringLiteral("no entries"));
    m_entries.reserve(m_entries.size() + std::size_t(entries.size()));
    for (int i = 0; i < entries.size(); ++i) {
        const QJsonObject o = entries.at(i).toObject();
        KnowledgeEntry e;
        e.id = o.value("id").toString().trimmed();
        e.name = o.value("name").toString(e.id).trimmed();
        e.terms = stringList(o.value("terms"));
        e.description = o.value("description").toString().simplified();
        e.datasets = stringList(o.value("datasets"));
        e.file = path;
        const auto where = QStringLiteral("entry %1 ('%2')").arg(i).arg(e.id);
        const auto kind = kindFromName(o.value("kind").toString());
        if (e.id.isEmpty() || e.terms.isEmpty() || e.description.isEmpty())
            throw IoError(path, where + QStringLiteral(": needs an id, terms and a description"));
        if (!kind)
            throw IoError(
                path,
                where + QStringLiteral(": unknown kind '%1'").arg(o.value("kind").toString()));
        if (entry(e.id))
            throw IoError(
                path,
                where + QStringLiteral(": the id is already used by %1").arg(entry(e.id)->file));
        e.kind = *kind;
        const int owner = int(m_entries.size());
        for (const QString& term : e.terms) {
            int other = -1;
            if (!m_matcher.addTerm(term, owner, &other))
                throw IoError(path,
                              other >= 0
                                  ? where + QStringLiteral(": term '%1' also names '%2'")
                                                .arg(term, m_entries[std::size_t(other)].id)
                                  : where + QStringLiteral(": term '%1' has no words").arg(term));
        }
        m_entries.push_back(std::move(e));
    }
}

const KnowledgeEntry* KnowledgeBase::entry(const QString& id) const {
    for (const KnowledgeEntry& e : m_entries)
        if (e.id == id)
            return &e;
    return nullptr;
}

std::vector<KnowledgeMatch> KnowledgeBase::match(const QString& report) const {
    std::vector<KnowledgeMatch> out;
    for (const TermHit& hit : m_matcher.find(report))
        out.push_back({&m_entries[std::size_t(hit.entry)], hit});
    return out;
}

int KnowledgeBase::pieceCount(const QString& text) {
    // CLIP's pre-tokenisation: each piece is at least one BPE token.
    static const QRegularExpression piece(
        QStringLiteral("'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^\\s\\p{L}\\p{N}]+"),
        QRegularExpression::CaseInsensitiveOption);
    int n = 0;
    for (auto it = piece.globalMatch(text); it.hasNext(); it.next())
        ++n;
    return n;
}

KnowledgeSuggestion KnowledgeBase::suggest(const QString& report) const {
    std::vector<const KnowledgeEntry*> named;
    for (const KnowledgeMatch& m : match(report))
        if (std::find(named.begin(), named.end(), m.entry) == named.end())
            named.push_back(m.entry);
    // What to segment first, then how far it spreads, then where.
    std::stable_sort(
        named.begin(), named.end(),
        [](const KnowledgeEntry* a, const KnowledgeEntry* b) { return a->kind < b->kind; });
    KnowledgeSuggestion out;
    int pieces = 0;
    for (const KnowledgeEntry* e : named) {
        const int n = pieceCount(e->description);
        if (!out.entries.empty() && pieces + n > kPieceBudget) {
            out.leftOut.push_back(e);
            continue;
        }
        pieces += n;
        out.entries.push_back(e);
        out.text += (out.text.isEmpty() ? QString() : QStringLiteral(" ")) + e->description;
    }
    return out;
}

std::vector<const KnowledgeEntry*> KnowledgeBase::entriesQuotedIn(const QString& prompt) const {
    std::vector<std::pair<int, const KnowledgeEntry*>> found;
    const QString simple = prompt.simplified();
    for (const KnowledgeEntry& e : m_entries)
        if (const int at = int(simple.indexOf(e.description)); at >= 0)
            found.emplace_back(at, &e);
    std::sort(found.begin(), found.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<const KnowledgeEntry*> out;
    for (const auto& f : found)
        out.push_back(f.second);
    return out;
}

} // namespace tgc
