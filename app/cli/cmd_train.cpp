#include "commands.h"

namespace tgc::cli {

// Not built yet: tracked by issue 4. Says so instead of pretending.
int runTrain(const QStringList& args) {
    return fail("train", "not available in this version yet (planned: issue 4)", 3);
}

} // namespace tgc::cli
