#include "commands.h"

namespace tgc::cli {

// Not built yet: tracked by issue 4. Says so instead of pretending.
int runEval(const QStringList& args) {
    return fail("eval", "not available in this version yet (planned: issue 4)", 3);
}

} // namespace tgc::cli
