// De-identification of what an export writes (--deidentify): report text is
// scanned for the patient's name and ID from the DICOM header, and DICOM
// UIDs are replaced by new ones, the same original always giving the same
// new UID within one export (so a SEG's study and frame of reference stay
// shared between cases of one study). The mapping is not written anywhere.
#pragma once

#include <QString>
#include <map>

namespace tgc {

class Deidentifier {
public:
    // The words that replace what is masked.
    static constexpr const char* kNameMask = "[name]";
    static constexpr const char* kIdMask = "[id]";

    // patientName in DICOM PN form ("FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX").
    // Each name part of two or more letters is masked where it stands as a
    // word (any case); the ID wherever it occurs.
    static QString maskText(const QString& text, const QString& patientName,
                            const QString& patientId);

    // A new UID ("2.25." + a random 128-bit number) for an original one,
    // consistent for the life of this object. Empty stays empty.
    QString uid(const QString& original);

private:
    std::map<QString, QString> m_uids;
};

} // namespace tgc
