// Subcommands of tgc-cli (DESIGN.md §5). Each lives in its own file and
// returns the process exit code. Contract: with --json exactly one JSON object
// goes to stdout; errors go to stderr naming the file and the reason. A
// command declares and reads its options through a CommandLine.
#pragma once

#include "command_line.h"

#include <QJsonObject>
#include <QStringList>

namespace tgc::cli {

// args: the subcommand's own arguments, argv[0]-style name first
// ("tgc-cli info"), ready for CommandLine::parse.
int runInfo(const QStringList& args);
int runPhantom(const QStringList& args);
int runTokenize(const QStringList& args);
int runImport(const QStringList& args);
int runInfer(const QStringList& args);
int runTrain(const QStringList& args);
int runEval(const QStringList& args);
int runExport(const QStringList& args);
int runCompare(const QStringList& args);
int runBench(const QStringList& args);
int runPacs(const QStringList& args);

// Writes a JSON object as one compact line to stdout.
void printJson(const QJsonObject& object);

} // namespace tgc::cli
