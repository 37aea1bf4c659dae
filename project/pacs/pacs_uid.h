// DICOM UIDs as the client meets them: text from a server that must be
// checked before it names a file, and UIDs the client makes itself.
#pragma once

#include <QByteArray>
#include <QString>

namespace tgc::pacs {

// A DICOM UID: 1-64 characters of digits and dots, no empty component, no
// leading zero in a component (PS3.5 §9.1). Anything else ("../x", "1..2")
// is refused before it can reach a path.
bool isValidUid(const QString& uid);

// A UID under the 2.25 root (an integer from a UUID, PS3.5 §B.2) computed
// from the seed's bytes, so the same seed always gives the same UID.
QString uidFromSeed(const QByteArray& seed);

} // namespace tgc::pacs
