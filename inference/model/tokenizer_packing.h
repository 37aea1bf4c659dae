// Shared by the tokenizers: start + body + end, cut to the context with the
// end token kept last (OpenAI's truncate=True), padded with 0. Internal.
#pragma once

#include "tokenizer.h"

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace tgc::model {

inline TokenizedText packTokens(const std::vector<int64_t>& body, int64_t start, int64_t end,
                                int contextLength) {
    if (contextLength < 2)
        throw std::invalid_argument("tokenizer: context length " + std::to_string(contextLength) +
                                    " cannot hold the start and end tokens");
    TokenizedText result;
    result.ids.assign(std::size_t(contextLength), 0);
    const std::size_t room = std::size_t(contextLength) - 2;
    const std::size_t kept = std::min(body.size(), room);
    result.truncated = body.size() > room;
    result.ids[0] = start;
    std::copy(body.begin(), body.begin() + std::ptrdiff_t(kept), result.ids.begin() + 1);
    result.ids[kept + 1] = end;
    result.tokenCount = int(kept + 2);
    return result;
}

} // namespace tgc::model
