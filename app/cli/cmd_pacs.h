// What the tgc-cli pacs commands share: the server options and the password.
#pragma once

#include "pacs_server.h"

#include <QCommandLineParser>
#include <functional>
#include <optional>

namespace tgc::cli {

struct PacsCommand {
    pacs::PacsServer server;
    bool json = false;

    // Adds the common options (--server, --user, --rest, --calling-aet, --ca,
    // --timeout, --json) and the command's own, parses, and reads the
    // password from TGC_PACS_PASSWORD or the terminal. An exit code when the
    // command is done already (help, a bad argument).
    std::optional<int> setUp(QCommandLineParser& parser, const QStringList& args,
                             const QString& name, const QList<QCommandLineOption>& own);
    // Runs the command's body; an error it throws (PacsError, IoError...)
    // is reported as "tgc-cli <name>: <message>" with exit code 1.
    static int guarded(const QString& name, const std::function<int()>& body);
};

int runPacsPull(const QStringList& args);
int runPacsPush(const QStringList& args);
int runPacsReport(const QStringList& args);
// claim, release, take-over, status
int runPacsReview(const QStringList& args);
int runPacsAgreement(const QStringList& args);
int runPacsTeam(const QStringList& args, const QString& sub);

} // namespace tgc::cli
