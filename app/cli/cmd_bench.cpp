#include "commands.h"

namespace tgc::cli {

// Placeholder: being built under issue 3.
int runBench(const QStringList& args) {
    return fail("bench", "not available in this version yet (planned: issue 3)", 3);
}

} // namespace tgc::cli
