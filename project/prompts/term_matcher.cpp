#include "term_matcher.h"

#include <algorithm>

namespace tgc {

namespace {

// Plural folding applied to report and term alike, so it only has to be
// consistent, not correct English ("pancreas" folds to "pancrea" on both sides).
QString fold(QString word) {
    word = word.toLower();
    if (word.size() > 3 && word.endsWith(QLatin1String("ies")))
        return word.chopped(3) + QLatin1Char('y');
    if (word.size() > 3 && word.endsWith(QLatin1Char('s')) && !word.endsWith(QLatin1String("ss")) &&
        !word.endsWith(QLatin1String("us")) && !word.endsWith(QLatin1String("is")))
        return word.chopped(1);
    return word;
}

bool isWord(const QString& token) {
    return token != QLatin1String(",") && token != QLatin1String(".");
}

bool isConjunction(const QString& token) {
    return token == QLatin1String("and") || token == QLatin1String("or");
}

} // namespace

std::vector<TermMatcher::Token> TermMatcher::tokenize(const QString& text) {
    std::vector<Token> tokens;
    int start = -1;
    auto closeWord = [&](int at) {
        if (start >= 0)
            tokens.push_back({fold(text.mid(start, at - start)), start, at});
        start = -1;
    };
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isLetterOrNumber()) {
            if (start < 0)
                start = i;
            continue;
        }
        closeWord(i);
        if (c.isSpace() || c == QLatin1Char('-') || c == QLatin1Char('_') ||
            c == QLatin1Char('\'') || c == QChar(0x2019) || c == QChar(0x2010) ||
            c == QChar(0x2011))
            continue; // joins words without ending a phrase
        if (c == QLatin1Char(',') || c == QLatin1Char('/'))
            tokens.push_back({QStringLiteral(","), i, i + 1});
        else if (c == QLatin1Char('&'))
            tokens.push_back({QStringLiteral("and"), i, i + 1});
        else
            tokens.push_back({QStringLiteral("."), i, i + 1});
    }
    closeWord(int(text.size()));
    return tokens;
}

QStringList TermMatcher::words(const QString& text) {
    QStringList out;
    for (const Token& t : tokenize(text))
        out << t.word;
    return out;
}

bool TermMatcher::addTerm(const QString& term, int owner, int* conflictOwner) {
    QStringList w = words(term);
    if (w.isEmpty() || std::any_of(w.begin(), w.end(), [](const QString& s) { return !isWord(s); }))
        return false;
    const QString key = w.join(QLatin1Char(' '));
    if (const auto it = m_byWords.constFind(key); it != m_byWords.constEnd()) {
        const int other = m_terms[std::size_t(*it)].owner;
        if (conflictOwner)
            *conflictOwner = other;
        return other == owner; // the same term twice for one owner is harmless
    }
    const int index = int(m_terms.size());
    m_terms.push_back(Term{w, term, owner});
    m_byWords.insert(key, index);
    std::vector<int>& list = m_byFirstWord[w.front()];
    list.push_back(index);
    std::stable_sort(list.begin(), list.end(), [this](int a, int b) {
        return m_terms[std::size_t(a)].words.size() > m_terms[std::size_t(b)].words.size();
    });
    return true;
}

const TermMatcher::Term* TermMatcher::exact(const QStringList& words) const {
    const auto it = m_byWords.constFind(words.join(QLatin1Char(' ')));
    return it == m_byWords.constEnd() ? nullptr : &m_terms[std::size_t(*it)];
}

const TermMatcher::Term* TermMatcher::longestAt(const std::vector<Token>& tokens, std::size_t i,
                                                int minWords) const {
    const auto it = m_byFirstWord.constFind(tokens[i].word);
    if (it == m_byFirstWord.constEnd())
        return nullptr;
    for (int index : *it) { // longest first
        const Term& term = m_terms[std::size_t(index)];
        const auto n = std::size_t(term.words.size());
        if (int(n) < minWords)
            break;
        if (i + n > tokens.size())
            continue;
        bool same = true;
        for (std::size_t k = 1; k < n && same; ++k)
            same = tokens[i + k].word == term.words[int(k)];
        if (same)
            return &term;
    }
    return nullptr;
}

bool TermMatcher::coordinated(const std::vector<Token>& tokens, std::size_t i,
                              std::vector<TermHit>& hits, std::size_t& next) const {
    constexpr int kMaxHeads = 6;
    std::vector<std::size_t> heads{i};
    std::size_t p = i + 1;
    while (int(heads.size()) < kMaxHeads) {
        // A separator is required between heads: "upper left lung" is one phrase.
        std::size_t q = p;
        bool separated = false;
        while (q < tokens.size() && tokens[q].word == QLatin1String(",")) {
            ++q;
            separated = true;
        }
        if (q < tokens.size() && isConjunction(tokens[q].word)) {
            ++q;
            separated = true;
        }
        if (!separated || q >= tokens.size() || !isWord(tokens[q].word))
            return false;
        if (const Term* last = longestAt(tokens, q, 2)) {
            const QStringList tail = last->words.mid(1);
            std::vector<TermHit> found;
            for (std::size_t h : heads) {
                const Term* t = exact(QStringList{tokens[h].word} + tail);
                if (!t)
                    break;
                found.push_back({t->owner, t->text, tokens[h].begin, tokens[h].end});
            }
            if (found.size() == heads.size()) {
                const std::size_t end = q + std::size_t(last->words.size());
                for (TermHit& hit : found)
                    hit.end = tokens[end - 1].end; // the shared tail ends the phrase
                found.push_back({last->owner, last->text, tokens[q].begin, tokens[end - 1].end});
                hits.insert(hits.end(), found.begin(), found.end());
                next = end;
                return true;
            }
        }
        heads.push_back(q);
        p = q + 1;
    }
    return false;
}

std::vector<TermHit> TermMatcher::find(const QString& text) const {
    const std::vector<Token> tokens = tokenize(text);
    std::vector<TermHit> hits;
    std::size_t i = 0;
    while (i < tokens.size()) {
        if (!isWord(tokens[i].word)) {
            ++i;
            continue;
        }
        std::size_t next = i;
        if (coordinated(tokens, i, hits, next)) {
            i = next;
            continue;
        }
        if (const Term* t = longestAt(tokens, i, 1)) {
            const std::size_t end = i + std::size_t(t->words.size());
            hits.push_back({t->owner, t->text, tokens[i].begin, tokens[end - 1].end});
            i = end;
            continue;
        }
        ++i;
    }
    return hits;
}

} // namespace tgc
