// tgc-cli as a user runs it, for the suites that test the command line: a
// real process, its exit code, standard output and standard error.
#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>

namespace tgc::test {

struct CliRun {
    int code = -1; // -1: crashed or timed out
    QByteArray out, err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

inline QString cliPath() {
    return QStringLiteral(TGC_BINARY_DIR "/bin/tgc-cli");
}

inline CliRun runCli(const QStringList& args, int timeoutMs = 300000,
                     const QString& workingDir = {}) {
    QProcess process;
    if (!workingDir.isEmpty())
        process.setWorkingDirectory(workingDir);
    process.start(cliPath(), args);
    CliRun run;
    if (!process.waitForFinished(timeoutMs))
        process.kill();
    run.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// A tiny checkpoint trained from scratch for a few steps: a clearly worse
// model than the demo one, for comparisons.
inline CliRun trainScratchCheckpoint(const QString& qataDir, const QString& out, int steps = 3) {
    return runCli({"train", "--data", qataDir, "--config", "tiny", "--steps",
                   QString::number(steps), "--batch", "1", "--threads", "1", "--out", out,
                   "--json"},
                  240000);
}

} // namespace tgc::test
