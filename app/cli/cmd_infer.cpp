#include "commands.h"

namespace tgc::cli {

// Not built yet: tracked by issue 7. Says so instead of pretending.
int runInfer(const QStringList& args) {
    return fail("infer", "not available in this version yet (planned: issue 7)", 3);
}

} // namespace tgc::cli
