// Which tokenizer counts the report's tokens: approximate counts at once,
// CLIP's configured vocabulary until a model is loaded, then the active
// model's own (ui/application/prompt_tokens.h). A vocabulary takes a second
// or two to load, so each is built off the UI thread and the counts before
// stay until it is there; only the last one asked for is announced (a model
// may load before CLIP's vocabulary). No widgets.
#pragma once

#include <QObject>
#include <QString>
#include <memory>

namespace tgc {

class PromptTokens;

class TokenCounting : public QObject {
    Q_OBJECT
public:
    explicit TokenCounting(QObject* parent = nullptr);

    // Approximate counts now (counterReady() before this returns), then the
    // configured CLIP vocabulary where there is one.
    void start();
    // The tokenizer of the model just loaded: kind "byte" or "clip-bpe" (ModelInfo::tokenizer).
    void useModel(const QString& kind, const QString& clipFolder);

Q_SIGNALS:
    void counterReady(std::shared_ptr<const PromptTokens> tokens);

private:
    template <typename Make> void build(Make make);

    int m_serial = 0; // counts the counters asked for
};

} // namespace tgc
