#include "dicom_encoding.h"

#include "atomic_file.h"
#include "dicom_codecs.h"
#include "io_error.h"

#include <QFile>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <dcmtk/dcmjpeg/djrploss.h>
#include <dcmtk/dcmjpls/djrparam.h>
#include <memory>

namespace tgc {

QString newDicomUid(const char* root) {
    char buffer[100];
    dcmGenerateUniqueIdentifier(buffer, root);
    return QString::fromLatin1(buffer);
}

void saveDicomFile(DcmFileFormat& file, const QString& path, const QString& transferSyntaxUid) {
    E_TransferSyntax xfer = EXS_LittleEndianExplicit;
    if (!transferSyntaxUid.isEmpty()) {
        const QByteArray uid = transferSyntaxUid.toLatin1();
        xfer = DcmXfer(uid.constData()).getXfer();
        if (xfer == EXS_Unknown)
            throw IoError(path,
                          QStringLiteral("unknown transfer syntax %1").arg(transferSyntaxUid));
    }
    DcmDataset* data = file.getDataset();
    const DcmXfer target(xfer);
    if (target.isEncapsulated()) {
        ensureDicomEncoders();
        std::unique_ptr<DcmRepresentationParameter> parameters;
        switch (xfer) {
        case EXS_JPEGProcess14:
        case EXS_JPEGProcess14SV1:
            parameters = std::make_unique<DJ_RPLossless>(1, 0);
            break;
        case EXS_JPEGProcess1:
        case EXS_JPEGProcess2_4:
            parameters = std::make_unique<DJ_RPLossy>(90);
            break;
        case EXS_JPEGLSLossless:
            parameters = std::make_unique<DJLSRepresentationParameter>(0, OFTrue);
            break;
        case EXS_JPEGLSLossy:
            parameters = std::make_unique<DJLSRepresentationParameter>(2, OFFalse);
            break;
        default:
            break;
        }
        const OFCondition status = data->chooseRepresentation(xfer, parameters.get());
        if (status.bad() || !data->canWriteXfer(xfer))
            throw IoError(path, QStringLiteral("cannot encode the pixel data as %1 (DCMTK: %2)")
                                    .arg(QString::fromLatin1(target.getXferName()),
                                         QString::fromLatin1(status.text())));
    }
    ensureParentFolder(path);
    AtomicFile atomic(path, QStringLiteral(".dcm"));
    const QByteArray native = QFile::encodeName(atomic.temporaryPath());
    const OFCondition status = file.saveFile(OFFilename(native.constData()), xfer);
    if (status.bad())
        throw IoError(path, QStringLiteral("cannot write the DICOM file (DCMTK: %1)")
                                .arg(QString::fromLatin1(status.text())));
    atomic.commit();
}

} // namespace tgc
