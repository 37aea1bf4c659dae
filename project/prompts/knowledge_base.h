// The bundled knowledge base for auxiliary prompts (DESIGN.md §4, DATE):
// anatomy and findings, each with the terms a report may use for it and a
// short clinical description. resources/knowledge/*.json, compiled into the
// library under :/knowledge. A report's auxiliary prompt is the descriptions
// of what it names, the target first, then extent and location, cut to fit
// CLIP's 77-token context.
//
// File format (tgc-knowledge/1):
//   {"format": "tgc-knowledge/1", "entries": [{"id", "name", "kind", "terms": [..],
//    "description", "datasets": [..]}]}
//   kind: "organ", "finding", "negative" (e.g. "no infection"), "extent", "location".
#pragma once

#include "term_matcher.h"

#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

namespace tgc {

struct KnowledgeEntry {
    enum class Kind { Negative, Organ, Finding, Extent, Location }; // composition order
    QString id;                                                     // stable, e.g. "kidney_left"
    QString name; // shown beside the prompt, e.g. "left kidney"
    Kind kind = Kind::Organ;
    QStringList terms;
    QString description;
    QStringList datasets;
    QString file; // where it was read
};

struct KnowledgeMatch {
    const KnowledgeEntry* entry = nullptr;
    TermHit hit;
};

struct KnowledgeSuggestion {
    QString text;                               // empty: the report names nothing known
    std::vector<const KnowledgeEntry*> entries; // what the text describes, in its order
    std::vector<const KnowledgeEntry*> leftOut; // named, but did not fit the budget
    QStringList names() const;                  // entry names, for the source label
};

class KnowledgeBase {
public:
    // Rough CLIP token budget for a composed prompt (words, digits and
    // punctuation each count one; BPE splits rare words further, which the
    // 77-token context still leaves room for).
    static constexpr int kPieceBudget = 64;

    // Reads every *.json in folder (sorted by name). Throws IoError naming
    // the file and the problem: unreadable, not JSON, unknown format or kind,
    // an entry without id, terms or description, a repeated id, or a term
    // that two entries claim.
    static KnowledgeBase loadFolder(const QString& folder);
    static KnowledgeBase loadFiles(const QStringList& files);
    // The bundled :/knowledge, read once; throws IoError like loadFolder.
    static std::shared_ptr<const KnowledgeBase> bundled();

    const std::vector<KnowledgeEntry>& entries() const { return m_entries; }
    const KnowledgeEntry* entry(const QString& id) const;

    std::vector<KnowledgeMatch> match(const QString& report) const;
    KnowledgeSuggestion suggest(const QString& report) const;
    // The entries whose descriptions a prompt holds word for word: tells
    // where a saved knowledge-base prompt came from.
    std::vector<const KnowledgeEntry*> entriesQuotedIn(const QString& prompt) const;

    static int pieceCount(const QString& text);

private:
    void addFile(const QString& path);

    std::vector<KnowledgeEntry> m_entries;
    TermMatcher m_matcher;
};

} // namespace tgc
