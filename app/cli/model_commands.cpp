// The entry point of tgc-cli-model.so: the commands that need libtorch,
// loaded by tgc-cli only when one of them runs (main.cpp).
#include "commands.h"

#include <cstring>

extern "C" __attribute__((visibility("default"))) int
tgc_cli_model_command(const char* name, const QStringList& args) {
    using namespace tgc::cli;
    if (std::strcmp(name, "train") == 0)
        return runTrain(args);
    if (std::strcmp(name, "eval") == 0)
        return runEval(args);
    if (std::strcmp(name, "infer") == 0)
        return runInfer(args);
    if (std::strcmp(name, "compare") == 0)
        return runCompare(args);
    if (std::strcmp(name, "bench") == 0)
        return runBench(args);
    return fail(QString::fromLatin1(name), QStringLiteral("not a model command"), 2);
}
