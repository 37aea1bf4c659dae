// tgc-cli import --project P [--status S] [--annotator NAME] [--json] SOURCE...
// Creates P when it is missing or empty, imports the sources (files, folders,
// qata folders, CSV lists) and saves. Exit code 0: everything imported or
// already there; 1: some sources were skipped (listed with their reasons);
// 2: nothing could be done (bad arguments, unreadable project).
#include "commands.h"
#include "io_error.h"
#include "store/importer.h"
#include "store/project.h"

#include <QDir>
#include <QFileInfo>
#include <QTextStream>
#include <csignal>

namespace tgc::cli {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

// Ctrl-C stops after the case being read; what was imported is saved.
void onInterrupt(int) {
    g_interrupted = 1;
}

} // namespace

int runImport(const QStringList& args) {
    CommandLine cl("import",
                   "Imports images into a project folder (created when missing): image files, "
                   "folders (DICOM series, NIfTI, PNG...), qata folders (images/, text.csv, masks/ "
                   "as the starting annotation) and CSV lists (columns path, report, aux, mask, "
                   "id).");
    cl.positional("sources", "files or folders", "SOURCE...");
    const auto project = cl.project();
    const auto status = cl.option("status",
                                  "status of the new cases: new (default), in_progress, done or "
                                  "reviewed",
                                  "S", "new");
    const auto annotator = cl.option("annotator", "name stamped on the new cases", "NAME");
    const auto json = cl.json();
    if (const auto done = cl.parse(args))
        return *done;
    if (!cl.require({project}, CommandLine::Spelling::WithValues))
        return kBadArguments;
    const QStringList sources = cl.positionalArguments();
    if (sources.isEmpty())
        return cl.fail(QStringLiteral("name at least one SOURCE file or folder"));
    ImportOptions options;
    const auto parsedStatus = caseStatusFromName(cl.value(status));
    if (!parsedStatus)
        return cl.fail(QStringLiteral("--status %1: expected new, in_progress, done or reviewed")
                           .arg(cl.value(status)));
    options.status = *parsedStatus;
    options.annotator = cl.value(annotator);
    options.progress = [](int, int, const QString&) { return g_interrupted == 0; };
    std::signal(SIGINT, onInterrupt);

    bool created = false;
    try {
        Project p = Project::openOrCreate(cl.value(project), &created);
        const ImportResult result = importSources(p, sources, options);
        p.save();
        if (cl.isSet(json)) {
            QJsonObject out = result.toJson();
            out.insert(QStringLiteral("project"), p.root());
            out.insert(QStringLiteral("created"), created);
            out.insert(QStringLiteral("cases"), int(p.cases().size()));
            printJson(out);
        } else {
            QTextStream text(stdout);
            text << (created ? "Created " : "Updated ") << p.root() << ": " << result.added.size()
                 << " case(s) imported, " << p.cases().size() << " in the project"
                 << (result.cancelled ? " (interrupted; the rest was not imported)" : "") << "\n";
            for (const ImportDuplicate& d : result.duplicates)
                text << "  duplicate: " << d.path << " (same bytes as case " << d.existingId
                     << ")\n";
            for (const ImportIssue& s : result.skipped)
                text << "  skipped:   " << s.path << ": " << s.reason << "\n";
        }
        return result.skipped.empty() && !result.cancelled ? 0 : 1;
    } catch (const IoError& e) {
        return cl.fail(e.message());
    } catch (const std::exception& e) {
        return cl.fail(QString::fromLocal8Bit(e.what()));
    }
}

} // namespace tgc::cli
