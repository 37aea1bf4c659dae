// What the tgc-cli pacs commands share: the server options and the password.
#pragma once

#include "command_line.h"
#include "pacs_server.h"

#include <functional>
#include <optional>

namespace tgc::cli {

class PacsCommand {
public:
    // Declares the common options (--server, --user, --rest, --calling-aet,
    // --move-port, --ca, --timeout, --json); the command declares its own on
    // line() after them.
    PacsCommand(const QString& name, const QString& description);

    CommandLine& line() { return m_line; }
    const QCommandLineParser& parser() const { return m_line.parser(); }
    // Parses, reads the server and the password (TGC_PACS_PASSWORD or the
    // terminal), then checks the command's required options ("--series UID and
    // --project P are required"). An exit code when the command is done
    // already (help, a bad argument).
    std::optional<int> setUp(const QStringList& args,
                             std::initializer_list<QCommandLineOption> required = {});
    // Runs the command's body; an error it throws (PacsError, IoError...)
    // is reported as "tgc-cli <name>: <message>" with exit code 1.
    int guarded(const std::function<int()>& body) const;

    pacs::PacsServer server;
    bool json = false;

private:
    CommandLine m_line;
    QCommandLineOption m_server, m_user, m_rest, m_callingAet, m_movePort, m_ca, m_timeout, m_json;
};

int runPacsPull(const QStringList& args);
int runPacsPush(const QStringList& args);
int runPacsReport(const QStringList& args);
int runPacsReview(const QStringList& args);
int runPacsAgreement(const QStringList& args);
// claim, release, take-over, status
int runPacsTeam(const QStringList& args, const QString& sub);

} // namespace tgc::cli
