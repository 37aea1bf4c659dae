#include "commands.h"

namespace tgc::cli {

// Not built yet: tracked by issue 4. Says so instead of pretending.
int runPhantom(const QStringList& args) {
    return fail("phantom", "not available in this version yet (planned: issue 4)", 3);
}

} // namespace tgc::cli
