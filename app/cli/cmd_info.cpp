#include "commands.h"

namespace tgc::cli {

// Placeholder: being built under issue 2.
int runInfo(const QStringList& args) {
    return fail("info", "not available in this version yet (planned: issue 2)", 3);
}

} // namespace tgc::cli
