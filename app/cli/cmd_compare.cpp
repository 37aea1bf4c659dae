#include "commands.h"

namespace tgc::cli {

// Not built yet: tracked by issue 9. Says so instead of pretending.
int runCompare(const QStringList& args) {
    return fail("compare", "not available in this version yet (planned: issue 9)", 3);
}

} // namespace tgc::cli
