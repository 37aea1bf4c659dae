// Finds the knowledge base's terms in a report: whole words, case-insensitive,
// the longest term first, so "left kidney" wins over "kidney" and "no
// infection" over "infection". Words are compared after a light plural
// folding (kidneys ~ kidney, opacities ~ opacity) applied to both sides, and
// hyphens, underscores and apostrophes separate words ("ground-glass",
// "kidney_L"). A coordinated list shares its tail: "upper, middle and lower
// left lung" finds all three zones and "left and right kidneys" both kidneys,
// but only when every head with that tail is itself a term.
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <vector>

namespace tgc {

struct TermHit {
    int entry = -1; // the owner given to addTerm
    QString term;   // the term as added
    int begin = 0;  // character range in the text of the term's first word...
    int end = 0;    // ...and its last
};

class TermMatcher {
public:
    // Returns false (and leaves the matcher as it was) when the term has no
    // words or already belongs to another owner: a term must mean one thing.
    // conflictOwner then holds that other owner.
    bool addTerm(const QString& term, int owner, int* conflictOwner = nullptr);

    // Hits in text order; a word belongs to at most one hit.
    std::vector<TermHit> find(const QString& text) const;

    // The words of a text as the matcher compares them ("," for a list
    // separator, "." for any other punctuation).
    static QStringList words(const QString& text);

private:
    struct Token {
        QString word;
        int begin = 0;
        int end = 0;
    };
    struct Term {
        QStringList words;
        QString text;
        int owner = -1;
    };
    static std::vector<Token> tokenize(const QString& text);
    // The longest term starting at token i (nullptr: none), of at least minWords words.
    const Term* longestAt(const std::vector<Token>& tokens, std::size_t i, int minWords) const;
    const Term* exact(const QStringList& words) const;
    bool coordinated(const std::vector<Token>& tokens, std::size_t i, std::vector<TermHit>& hits,
                     std::size_t& next) const;

    std::vector<Term> m_terms;
    QHash<QString, std::vector<int>> m_byFirstWord; // indices into m_terms, longest first
    QHash<QString, int> m_byWords;                  // the words joined by ' ' -> index
};

} // namespace tgc
