#include "commands.h"

namespace tgc::cli {

// Placeholder: being built under issue 3.
int runTokenize(const QStringList& args) {
    return fail("tokenize", "not available in this version yet (planned: issue 3)", 3);
}

} // namespace tgc::cli
