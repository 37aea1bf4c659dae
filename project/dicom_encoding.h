// Saving a DCMTK dataset in a chosen transfer syntax, compressed through the
// registered encoders, atomically. Used by writeDicomSeries and by tests
// that need DICOM objects the series writer does not make.
#pragma once

#include <QString>

class DcmFileFormat;

namespace tgc {

// transferSyntaxUid empty = Explicit VR Little Endian. Throws IoError naming
// the file when the syntax is unknown or cannot be encoded.
void saveDicomFile(DcmFileFormat& file, const QString& path, const QString& transferSyntaxUid);

// A new globally unique DICOM UID.
QString newDicomUid(const char* root);

} // namespace tgc
