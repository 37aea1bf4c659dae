// CommandLine (app/cli/command_line.h): what every tgc-cli command's options
// share. The messages are the command-line contract's: scripts and the
// process-level suites match them.
#include "command_line.h"

#include <QTemporaryFile>
#include <QTest>
#include <cstdio>
#include <functional>
#include <unistd.h>
#include <utility>

using namespace tgc::cli;

namespace {

// What `body` writes to stderr (fd 2), where CommandLine reports.
QString stderrOf(const std::function<void()>& body) {
    QTemporaryFile file;
    if (!file.open())
        return QStringLiteral("(no temporary file)");
    std::fflush(stderr);
    const int saved = dup(STDERR_FILENO);
    dup2(file.handle(), STDERR_FILENO);
    body();
    std::fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    file.seek(0);
    return QString::fromUtf8(file.readAll());
}

QStringList argv(const QStringList& rest) {
    return QStringList{QStringLiteral("tgc-cli demo")} + rest;
}

} // namespace

class TestCommandLine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parseRefusesWhatItDoesNotKnow();
    void helpListsOptionsInDeclarationOrder();
    void requireNamesTheWholeGroup();
    void positiveReadsAndRefuses();
    void numberAndUnsignedReads();
    void modelRunSettings();
};

void TestCommandLine::parseRefusesWhatItDoesNotKnow() {
    {
        CommandLine cl(QStringLiteral("demo"), QStringLiteral("A demo."));
        cl.json();
        std::optional<int> done;
        const QString err = stderrOf([&] { done = cl.parse(argv({"--bogus"})); });
        QCOMPARE(done, std::optional<int>(kBadArguments));
        QCOMPARE(err, QStringLiteral("tgc-cli demo: Unknown option 'bogus'.\n"));
    }
    {
        CommandLine cl(QStringLiteral("demo"), QStringLiteral("A demo."));
        std::optional<int> done;
        const QString err = stderrOf([&] { done = cl.parse(argv({"extra"})); });
        QCOMPARE(done, std::optional<int>(kBadArguments));
        QCOMPARE(err, QStringLiteral("tgc-cli demo: unexpected argument 'extra'\n"));
    }
    {
        // A declared positional argument is what lets them through.
        CommandLine cl(QStringLiteral("demo"), QStringLiteral("A demo."));
        cl.positional(QStringLiteral("path"), QStringLiteral("a file"));
        const auto json = cl.json();
        QCOMPARE(cl.parse(argv({"a", "--json", "b"})), std::nullopt);
        QCOMPARE(cl.positionalArguments(), (QStringList{"a", "b"}));
        QVERIFY(cl.isSet(json));
    }
}

void TestCommandLine::helpListsOptionsInDeclarationOrder() {
    CommandLine cl(QStringLiteral("demo"), QStringLiteral("A demo command."));
    cl.model();
    cl.option(QStringLiteral("data"), QStringLiteral("qata-layout folder"), QStringLiteral("DIR"));
    cl.json();
    const ModelRunOptions run = cl.modelRun();
    const QString help = cl.parser().helpText();
    QVERIFY(help.contains(QStringLiteral("A demo command.")));
    QStringList order;
    for (const char* name : {"--help", "--model <W>", "--data <DIR>", "--json", "--clip <DIR>",
                             "--device <DEVICE>", "--threshold <X>", "--threads <N>"})
        order << QString::fromLatin1(name);
    qsizetype at = -1;
    for (const QString& name : order) {
        const qsizetype next = help.indexOf(name);
        QVERIFY2(next > at, qPrintable(name + QStringLiteral(" out of order in\n") + help));
        at = next;
    }
    QCOMPARE(cl.parse(argv({})), std::nullopt);
    QCOMPARE(cl.value(run.device), QStringLiteral("auto"));
    QCOMPARE(cl.value(run.threshold), QStringLiteral("0.5"));
}

void TestCommandLine::requireNamesTheWholeGroup() {
    CommandLine cl(QStringLiteral("demo"), QStringLiteral("A demo."));
    const auto model = cl.model();
    const auto image =
        cl.option(QStringLiteral("image"), QStringLiteral("image"), QStringLiteral("FILE"));
    const auto out = cl.option(QStringLiteral("out"), QStringLiteral("out"), QStringLiteral("DIR"));
    const auto project = cl.project();
    QCOMPARE(cl.parse(argv({"--model", "m", "--project", "p"})), std::nullopt);
    bool given = false;
    QCOMPARE(stderrOf([&] {
                 given = cl.require({model, image, out});
             }),
             QStringLiteral("tgc-cli demo: --model, --image and --out are required\n"));
    QVERIFY(!given);
    QCOMPARE(stderrOf([&] {
                 given = cl.require({image, project});
             }),
             QStringLiteral("tgc-cli demo: --image and --project are required\n"));
    QCOMPARE(stderrOf([&] { given = cl.require({out}, CommandLine::Spelling::WithValues); }),
             QStringLiteral("tgc-cli demo: --out DIR is required\n"));
    QCOMPARE(stderrOf([&] {
                 given = cl.require({model, project}, CommandLine::Spelling::WithValues);
             }),
             QString());
    QVERIFY(given);
}

void TestCommandLine::positiveReadsAndRefuses() {
    CommandLine cl(QStringLiteral("demo"), QStringLiteral("A demo."));
    const auto threads = cl.threads();
    const auto batch = cl.option(QStringLiteral("batch"), QStringLiteral("slices"),
                                 QStringLiteral("N"), QStringLiteral("4"));
    const auto steps =
        cl.option(QStringLiteral("steps"), QStringLiteral("steps"), QStringLiteral("N"));
    QCOMPARE(cl.parse(argv({"--threads", "0", "--steps", "2000"})), std::nullopt);
    int value = 7;
    bool ok = true;
    QCOMPARE(stderrOf([&] { ok = cl.positive(threads, value); }),
             QStringLiteral("tgc-cli demo: --threads needs a positive whole number\n"));
    QVERIFY(!ok);
    QCOMPARE(value, 7);
    QVERIFY(cl.positive(batch, value)); // not given: its default
    QCOMPARE(value, 4);
    QVERIFY(cl.positive(steps, value));
    QCOMPARE(value, 2000);
    QCOMPARE(stderrOf([&] { ok = cl.positive(steps, value, 1024); }),
             QStringLiteral("tgc-cli demo: --steps needs a positive whole number\n"));
    QVERIFY(!ok);

    CommandLine none(QStringLiteral("demo"), QStringLiteral("A demo."));
    const auto unset = none.threads();
    QCOMPARE(none.parse(argv({})), std::nullopt);
    value = 0; // not given and no default: left as it is
    QVERIFY(none.positive(unset, value));
    QCOMPARE(value, 0);
}

void TestCommandLine::numberAndUnsignedReads() {
    CommandLine cl(QStringLiteral("demo"), QStringLiteral("A demo."));
    const auto share = cl.option(QStringLiteral("val-fraction"), QStringLiteral("share"),
                                 QStringLiteral("X"), QStringLiteral("0.1"));
    const auto warmup = cl.option(QStringLiteral("warmup"), QStringLiteral("steps"),
                                  QStringLiteral("N"), QStringLiteral("50"));
    const auto seed = cl.seed(QStringLiteral("seed"));
    QCOMPARE(cl.parse(argv({"--val-fraction", "0.95", "--warmup", "-1", "--seed", "-1"})),
             std::nullopt);
    double x = 0;
    bool ok = true;
    QCOMPARE(stderrOf([&] { ok = cl.number(share, 0, 0.9, x); }),
             QStringLiteral("tgc-cli demo: --val-fraction must be a number in [0, 0.9]\n"));
    QVERIFY(!ok);
    QVERIFY(cl.number(share, 0, 1, x));
    QCOMPARE(x, 0.95);
    int n = 0;
    QCOMPARE(stderrOf([&] { ok = cl.wholeFromZero(warmup, n); }),
             QStringLiteral("tgc-cli demo: --warmup needs a whole number >= 0\n"));
    QVERIFY(!ok);
    std::uint64_t s = 3;
    QCOMPARE(
        stderrOf([&] { ok = cl.unsignedNumber(seed, s); }),
        QStringLiteral("tgc-cli demo: --seed must be a non-negative whole number (got '-1')\n"));
    QVERIFY(!ok);
    QCOMPARE(s, std::uint64_t(3));

    CommandLine big(QStringLiteral("demo"), QStringLiteral("A demo."));
    const auto bigSeed = big.seed(QStringLiteral("seed"));
    QCOMPARE(big.parse(argv({"--seed", "18446744073709551615"})), std::nullopt);
    QVERIFY(big.unsignedNumber(bigSeed, s));
    QCOMPARE(s, std::uint64_t(18446744073709551615ull));
}

void TestCommandLine::modelRunSettings() {
    {
        CommandLine cl(QStringLiteral("demo"), QStringLiteral("A demo."));
        const ModelRunOptions run = cl.modelRun();
        QCOMPARE(cl.parse(argv({"--clip", "c", "--threads", "3", "--threshold", "0.25"})),
                 std::nullopt);
        ModelRunSettings settings;
        QVERIFY(cl.modelRun(run, settings));
        QCOMPARE(settings.clip, QStringLiteral("c"));
        QCOMPARE(settings.device, QStringLiteral("auto"));
        QCOMPARE(settings.threads, 3);
        QCOMPARE(settings.threshold, 0.25);
    }
    // Their own limits: a threshold inside (0, 1), at most 1024 threads.
    const std::pair<QStringList, QString> wrong[] = {
        {{"--threshold", "1"}, "tgc-cli demo: --threshold must be a number in (0, 1)\n"},
        {{"--threads", "2000"}, "tgc-cli demo: --threads needs a positive whole number\n"}};
    for (const auto& [args, message] : wrong) {
        CommandLine cl(QStringLiteral("demo"), QStringLiteral("A demo."));
        const ModelRunOptions run = cl.modelRun();
        QCOMPARE(cl.parse(argv(args)), std::nullopt);
        ModelRunSettings settings;
        bool ok = true;
        QCOMPARE(stderrOf([&] { ok = cl.modelRun(run, settings); }), message);
        QVERIFY(!ok);
    }
}

QTEST_APPLESS_MAIN(TestCommandLine)
#include "test_command_line.moc"
