#include "dicom_deidentify.h"

#include "deidentifier.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcsequen.h>

namespace tgc {

namespace {

// Attributes of table E.1-1 that the Segmentation modules can hold. Z: kept
// with an empty value (type 2 attributes must stay present); X: removed.
const DcmTagKey kEmpty[] = {
    DCM_PatientBirthDate, DCM_PatientSex, DCM_AccessionNumber,        DCM_StudyID,
    DCM_StudyDate,        DCM_StudyTime,  DCM_ReferringPhysicianName, DCM_ContentCreatorName};
const DcmTagKey kRemoved[] = {DCM_PatientBirthTime,
                              DCM_OtherPatientIDsSequence,
                              DCM_OtherPatientNames,
                              DCM_PatientBirthName,
                              DCM_PatientAge,
                              DCM_PatientSize,
                              DCM_PatientWeight,
                              DCM_PatientAddress,
                              DCM_PatientMotherBirthName,
                              DCM_PatientTelephoneNumbers,
                              DCM_EthnicGroup,
                              DCM_Occupation,
                              DCM_AdditionalPatientHistory,
                              DCM_PatientComments,
                              DCM_IssuerOfPatientID,
                              DCM_RETIRED_MedicalRecordLocator,
                              DCM_ResponsiblePerson,
                              DCM_MilitaryRank,
                              DCM_StudyDescription,
                              DCM_PhysiciansOfRecord,
                              DCM_NameOfPhysiciansReadingStudy,
                              DCM_RequestingPhysician,
                              DCM_AdmittingDiagnosesDescription,
                              DCM_IssuerOfAccessionNumberSequence,
                              DCM_ReferencedStudySequence,
                              DCM_ReferencedPatientSequence,
                              DCM_ProcedureCodeSequence,
                              DCM_SeriesDate,
                              DCM_SeriesTime,
                              DCM_PerformingPhysicianName,
                              DCM_OperatorsName,
                              DCM_ProtocolName,
                              DCM_InstitutionName,
                              DCM_InstitutionAddress,
                              DCM_InstitutionalDepartmentName,
                              DCM_StationName,
                              DCM_InstanceCreatorUID,
                              DCM_RETIRED_OtherPatientIDs};

// Every UID below the DICOM root (1.2.840.10008) names a class, a transfer
// syntax or a coding scheme; every other UID names an instance and is mapped.
void mapInstanceUids(DcmItem& item, Deidentifier& uids) {
    for (unsigned long i = 0; i < item.card(); ++i) {
        DcmElement* element = item.getElement(i);
        if (element->ident() == EVR_SQ) {
            auto* sequence = static_cast<DcmSequenceOfItems*>(element);
            for (unsigned long n = 0; n < sequence->card(); ++n)
                mapInstanceUids(*sequence->getItem(n), uids);
        } else if (element->ident() == EVR_UI) {
            OFString value;
            if (element->getOFString(value, 0).bad() || value.empty() ||
                value.compare(0, 14, "1.2.840.10008.") == 0)
                continue;
            element->putString(uids.uid(QString::fromLatin1(value.c_str())).toLatin1().constData());
        }
    }
}

} // namespace

void applyBasicProfile(DcmItem& dataset, const QString& pseudonym, Deidentifier& uids) {
    const QByteArray name = pseudonym.toLatin1();
    dataset.putAndInsertString(DCM_PatientName, name.constData());
    dataset.putAndInsertString(DCM_PatientID, name.constData());
    for (const DcmTagKey& tag : kEmpty)
        if (dataset.tagExists(tag))
            dataset.putAndInsertString(tag, "");
    for (const DcmTagKey& tag : kRemoved)
        dataset.findAndDeleteElement(tag, OFTrue /*every occurrence*/, OFTrue /*in sequences*/);
    mapInstanceUids(dataset, uids);
    dataset.putAndInsertString(DCM_PatientIdentityRemoved, "YES");
    dataset.putAndInsertString(DCM_DeidentificationMethod,
                               "Basic Application Level Confidentiality Profile; TGC Annotator");
    DcmItem* code = nullptr;
    if (dataset.findOrCreateSequenceItem(DCM_DeidentificationMethodCodeSequence, code, -2).good() &&
        code) {
        code->putAndInsertString(DCM_CodeValue, "113100");
        code->putAndInsertString(DCM_CodingSchemeDesignator, "DCM");
        code->putAndInsertString(DCM_CodeMeaning, "Basic Application Confidentiality Profile");
    }
}

} // namespace tgc
