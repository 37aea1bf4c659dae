// The PACS password in the system keychain: a real Secret Service
// (gnome-keyring in a private D-Bus session, started by
// tests/ui/with-keyring.sh) keeps it across a restart of the app and gives it
// up when the box is unticked; nothing of it reaches QSettings. Registered a
// second time without any keychain (TGC_NO_KEYCHAIN=1): the app says so and
// the password lasts the session.
#include "../support/orthanc_server.h"
#include "annotator.h"
#include "main_window.h"
#include "pacs_browser.h"
#include "pacs_credentials.h"
#include "pacs_dock.h"

#include <QCheckBox>
#include <QDirIterator>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace tgc;
using tgc::test::OrthancServer;

namespace {

bool keychainExpected() {
    return !qEnvironmentVariableIsSet("TGC_NO_KEYCHAIN");
}

// Every byte QSettings wrote, to look for the password in.
QByteArray settingsBytes(const QString& folder) {
    QSettings().sync();
    QByteArray all;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

} // namespace

class TestPacsKeychain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void credentialsOutliveTheirObject();
    void dockLogsInAgainAfterARestart();

private:
    void fillDock(MainWindow& window, const QString& password, bool remember);

    QTemporaryDir m_tmp;
    std::unique_ptr<OrthancServer> m_orthanc;
};

void TestPacsKeychain::initTestCase() {
    QVERIFY2(OrthancServer::missing().isEmpty(), qPrintable(OrthancServer::missing()));
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_tmp.filePath("settings"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    m_orthanc = std::make_unique<OrthancServer>();
    QVERIFY2(m_orthanc->start(), qPrintable(m_orthanc->error()));
}

void TestPacsKeychain::credentialsOutliveTheirObject() {
    const QString address = QStringLiteral("http://pacs.example:8042/dicom-web");
    {
        PacsCredentials keychain;
        QSignalSpy stored(&keychain, &PacsCredentials::stored);
        QSignalSpy unavailable(&keychain, &PacsCredentials::unavailable);
        keychain.store(address, "alice", "s3cret-Ü");
        QTRY_VERIFY_WITH_TIMEOUT(stored.count() + unavailable.count() > 0, 20000);
        if (!keychainExpected()) {
            QCOMPARE(stored.count(), 0);
            QVERIFY(!unavailable.first().first().toString().isEmpty());
            return;
        }
        QVERIFY2(unavailable.isEmpty(), qPrintable(unavailable.value(0).value(0).toString()));
    }
    PacsCredentials later;
    QSignalSpy loaded(&later, &PacsCredentials::loaded);
    QSignalSpy none(&later, &PacsCredentials::notStored);
    later.load(address, "bob"); // another user: nothing
    QTRY_COMPARE_WITH_TIMEOUT(none.count(), 1, 20000);
    later.load(address, "alice");
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
    QCOMPARE(loaded.first().at(2).toString(), QStringLiteral("s3cret-Ü"));
    QSignalSpy forgotten(&later, &PacsCredentials::forgotten);
    later.forget(address, "alice");
    QTRY_COMPARE_WITH_TIMEOUT(forgotten.count(), 1, 20000);
    later.load(address, "alice");
    QTRY_COMPARE_WITH_TIMEOUT(none.count(), 2, 20000);
}

void TestPacsKeychain::fillDock(MainWindow& window, const QString& password, bool remember) {
    window.showPacsDock();
    PacsDock* dock = window.pacsPanel();
    dock->findChild<QLineEdit*>("pacsAddress")->setText(m_orthanc->dicomWebUrl());
    dock->findChild<QLineEdit*>("pacsUser")->setText(m_orthanc->user());
    dock->findChild<QLineEdit*>("pacsPassword")->setText(password);
    dock->findChild<QCheckBox*>("pacsRemember")->setChecked(remember);
}

void TestPacsKeychain::dockLogsInAgainAfterARestart() {
    {
        MainWindow first;
        first.show();
        fillDock(first, m_orthanc->password(), true);
        QSignalSpy connected(first.app()->pacs(), &PacsBrowser::connected);
        QSignalSpy stored(first.app()->pacs()->credentials(), &PacsCredentials::stored);
        QSignalSpy unavailable(first.app()->pacs()->credentials(), &PacsCredentials::unavailable);
        QTest::mouseClick(first.pacsPanel()->findChild<QPushButton*>("pacsConnect"),
                          Qt::LeftButton);
        QVERIFY(connected.wait(20000));
        QTRY_VERIFY_WITH_TIMEOUT(stored.count() + unavailable.count() > 0, 20000);
        if (!keychainExpected()) {
            // Connected all the same; the dock says the password lasts the session.
            QTRY_VERIFY(first.pacsPanel()->statusText().contains("No system keychain"));
            QVERIFY(!settingsBytes(m_tmp.filePath("settings"))
                         .contains(m_orthanc->password().toUtf8()));
            return;
        }
        QCOMPARE(stored.count(), 1);
    }
    QVERIFY(!settingsBytes(m_tmp.filePath("settings")).contains(m_orthanc->password().toUtf8()));

    // A new start: address and user from the settings, the password from the keychain.
    MainWindow second;
    second.show();
    second.showPacsDock();
    PacsDock* dock = second.pacsPanel();
    auto* password = dock->findChild<QLineEdit*>("pacsPassword");
    QCOMPARE(dock->findChild<QLineEdit*>("pacsAddress")->text(), m_orthanc->dicomWebUrl());
    QVERIFY(dock->findChild<QCheckBox*>("pacsRemember")->isChecked());
    QTRY_COMPARE_WITH_TIMEOUT(password->text(), m_orthanc->password(), 20000);
    QCOMPARE(dock->statusText(), QStringLiteral("Password from the system keychain"));
    QSignalSpy connected(second.app()->pacs(), &PacsBrowser::connected);
    QTest::mouseClick(dock->findChild<QPushButton*>("pacsConnect"), Qt::LeftButton);
    QVERIFY2(connected.wait(20000), qPrintable(dock->statusText()));

    // Unticked: the keychain forgets it, and the next start asks again.
    QSignalSpy forgotten(second.app()->pacs()->credentials(), &PacsCredentials::forgotten);
    dock->findChild<QCheckBox*>("pacsRemember")->setChecked(false);
    QTRY_COMPARE_WITH_TIMEOUT(forgotten.count(), 1, 20000);
    PacsCredentials probe;
    QSignalSpy none(&probe, &PacsCredentials::notStored);
    probe.load(m_orthanc->dicomWebUrl(), m_orthanc->user());
    QTRY_COMPARE_WITH_TIMEOUT(none.count(), 1, 20000);
}

QTEST_MAIN(TestPacsKeychain)
#include "test_pacs_keychain.moc"
