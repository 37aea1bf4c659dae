#include "commands.h"

namespace tgc::cli {

// Not built yet: tracked by issue 6. Says so instead of pretending.
int runImport(const QStringList& args) {
    return fail("import", "not available in this version yet (planned: issue 6)", 3);
}

} // namespace tgc::cli
