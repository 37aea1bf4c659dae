// Test data written by the tests themselves: volumes with known values and
// DICOM objects built with DCMTK directly (for what writeDicomSeries does not make).
#pragma once

#include "image_volume.h"

#include <QString>
#include <QStringList>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace tgc::test {

// Known HU at (x, y, z): -1000..999, different for every neighbour.
std::int16_t ctValue(int x, int y, int z);
ImageVolume makeCtVolume(int columns, int rows, int slices,
                         std::array<double, 3> spacing = {0.8, 0.7, 2.5});

// A minimal DICOM image written with DCMTK; fields left unset are not written.
struct DicomImageSpec {
    QString sopClassUid = QStringLiteral("1.2.840.10008.5.1.4.1.1.7"); // Secondary Capture
    QString modality = QStringLiteral("OT");
    QString seriesUid = QStringLiteral("1.2.3.4.5");
    QString photometric = QStringLiteral("MONOCHROME2");
    int rows = 8, columns = 8, frames = 1;
    int samplesPerPixel = 1;
    int bitsAllocated = 16, bitsStored = 16;
    bool pixelSigned = false;
    int planarConfiguration = 0;
    std::optional<int> instanceNumber;
    std::optional<std::array<double, 3>> position;
    std::optional<std::array<double, 6>> orientation;
    std::optional<std::array<double, 2>> pixelSpacing;
    std::optional<double> slope, intercept;
    std::optional<std::array<double, 2>> window; // centre, width
    std::vector<std::uint8_t> pixels; // stored bytes in little-endian order; empty = no pixel data
};

// Writes the spec with the transfer syntax (empty: explicit little endian).
void writeDicomImage(const DicomImageSpec& spec, const QString& path,
                     const QString& transferSyntax = {});

// Little-endian bytes of 16-bit samples.
std::vector<std::uint8_t> bytesOf(const std::vector<std::uint16_t>& samples);

// A non-image DICOM object (SR, RT Plan...) with the SOP class given.
void writeNonImageDicom(const QString& sopClassUid, const QString& path);

// Copies the first `keep` bytes of a file.
void truncateCopy(const QString& from, const QString& to, qint64 keep);
void writeBytes(const QString& path, const QByteArray& bytes);

} // namespace tgc::test

namespace tgc::test {
// A DICOM file whose pixel data is encapsulated as JPEG 2000 (the fragment holds only the
// start of a codestream).
void writeJpeg2000Dicom(const QString& path);
} // namespace tgc::test
