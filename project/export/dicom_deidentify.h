// The DICOM Basic Application Level Confidentiality Profile (PS3.15 Annex E,
// table E.1-1) applied to the attributes a Segmentation carries over from
// its source: identifying patient, study and series attributes emptied or
// removed, the patient named by a pseudonym, and every instance UID
// (study, series, frame of reference, referenced images) replaced through
// the export's Deidentifier, so references between exported files agree.
#pragma once

#include <QString>

class DcmItem;

namespace tgc {

class Deidentifier;

// pseudonym: the case's name in the export (PatientName and PatientID).
void applyBasicProfile(DcmItem& dataset, const QString& pseudonym, Deidentifier& uids);

} // namespace tgc
