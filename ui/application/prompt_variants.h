// The prompts of compare mode's one-model runs: the ablation
// (report only, report + auxiliary prompt, an edited prompt: the seed
// paper's DATE ablation on the user's own case) and the robustness probe
// (paraphrased, a clause dropped, left and right swapped, the organ
// swapped). Rule-based rewrites of English report text, so the same report
// always gives the same probe. No widgets.
#pragma once

#include <QString>
#include <vector>

namespace tgc {

struct PromptVariant {
    QString label; // shown in the legend
    QString report;
    QString aux;
    // Names another side or organ than the original: a model that reads the
    // text must move its mask.
    bool shouldMove = false;
};

// Report only, report + aux (when there is an aux) and the edited prompt
// (when given and different), in that order.
std::vector<PromptVariant> ablationVariants(const QString& report, const QString& aux,
                                            const QString& edited);
// The original first, then each rewrite that changes the text.
std::vector<PromptVariant> probeVariants(const QString& report, const QString& aux);

// Left <-> right (and their forms: bilateral stays); unchanged when no side is named.
QString swapSides(const QString& text);
// The first organ named, replaced by another of a different place (liver <->
// spleen, kidney <-> lung, ...); unchanged when none is named.
QString swapOrgan(const QString& text);
// Words replaced by synonyms a radiologist would accept, else "Findings: " put before it.
QString paraphrase(const QString& text);
// The last clause (sentence or comma / semicolon part) left out; unchanged
// for a single clause.
QString dropClause(const QString& text);

} // namespace tgc
