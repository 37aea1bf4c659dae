#include "ct_organs.h"

namespace tgc {

const std::vector<CtOrgan>& ctOrgans() {
    static const std::vector<CtOrgan> organs = {
        {1,
         QStringLiteral("liver"),
         QStringLiteral("liver"),
         {220, 120, 60},
         {QStringLiteral("liver"), QStringLiteral("Segment the liver."),
          QStringLiteral("the hepatic parenchyma"), QStringLiteral("hepatic parenchyma"),
          QStringLiteral("Outline the liver."), QStringLiteral("the whole liver")}},
        {2,
         QStringLiteral("spleen"),
         QStringLiteral("spleen"),
         {160, 60, 200},
         {QStringLiteral("spleen"), QStringLiteral("Segment the spleen."),
          QStringLiteral("the splenic parenchyma"), QStringLiteral("splenic tissue"),
          QStringLiteral("Outline the spleen.")}},
        {3,
         QStringLiteral("kidney_right"),
         QStringLiteral("right kidney"),
         {60, 180, 220},
         {QStringLiteral("right kidney"), QStringLiteral("Segment the right kidney."),
          QStringLiteral("the right renal parenchyma"), QStringLiteral("kidney on the right side"),
          QStringLiteral("right renal cortex and medulla")}},
        {4,
         QStringLiteral("kidney_left"),
         QStringLiteral("left kidney"),
         {60, 220, 140},
         {QStringLiteral("left kidney"), QStringLiteral("Segment the left kidney."),
          QStringLiteral("the left renal parenchyma"), QStringLiteral("kidney on the left side"),
          QStringLiteral("left renal cortex and medulla")}},
        {5,
         QStringLiteral("stomach"),
         QStringLiteral("stomach"),
         {230, 200, 80},
         {QStringLiteral("stomach"), QStringLiteral("Segment the stomach."),
          QStringLiteral("the gastric lumen and wall"), QStringLiteral("gastric wall and contents"),
          QStringLiteral("Outline the stomach.")}},
        {6,
         QStringLiteral("aorta"),
         QStringLiteral("aorta"),
         {230, 50, 50},
         {QStringLiteral("aorta"), QStringLiteral("abdominal aorta"),
          QStringLiteral("Segment the aorta."), QStringLiteral("the aortic lumen"),
          QStringLiteral("the descending abdominal aorta")}},
        {7,
         QStringLiteral("vertebra"),
         QStringLiteral("vertebra"),
         {240, 240, 200},
         {QStringLiteral("vertebra"), QStringLiteral("vertebral body and arch"),
          QStringLiteral("Segment the spine."), QStringLiteral("the lumbar vertebra"),
          QStringLiteral("spinal bone")}},
    };
    return organs;
}

std::vector<Label> ctLabelTable() {
    std::vector<Label> table;
    for (const CtOrgan& organ : ctOrgans())
        table.push_back(Label{organ.id, organ.name, organ.colour, true});
    return table;
}

} // namespace tgc
