// Where a case's final mask came from: the models that proposed masks for
// it and, for an accepted proposal whose file is still in the project, how
// much the annotator changed it (Dice between the thresholded proposal and
// the final mask; 1 = taken as proposed).
#pragma once

#include <QJsonArray>

namespace tgc {

class LabelMap;
class Project;
struct CaseRecord;

// [{"model","threshold","created","accepted","clicks" (that refined it),
//   "accepted_clicks" (when accepted with clicks recorded),"proposal_file":"present"|"missing",
//   "dice_vs_final" (accepted and present only)}]. Prompts are left out: they
// may name the patient. A proposal file that cannot be read counts as missing.
QJsonArray maskProvenance(const Project& project, const CaseRecord& record,
                          const LabelMap& finalMask);

} // namespace tgc
