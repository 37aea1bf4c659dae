#include "commands.h"

namespace tgc::cli {

// Not built yet: tracked by issue 8. Says so instead of pretending.
int runExport(const QStringList& args) {
    return fail("export", "not available in this version yet (planned: issue 8)", 3);
}

} // namespace tgc::cli
