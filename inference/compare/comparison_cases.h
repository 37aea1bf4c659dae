// The cases a model comparison runs on: the done and reviewed cases of a
// project, or the rows of a qata dataset folder. Cases are read one at a
// time, so a project of large volumes is never in memory at once.
#pragma once

#include "image_volume.h"

#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

namespace tgc {

class Project;

struct ComparisonCase {
    QString id;
    ImageVolume image;
    // 0 / 1 on the image grid: any non-zero label of the case's mask. Empty
    // vector: the case has no reference (the model is scored only against
    // the other models).
    std::vector<std::uint8_t> reference;
    QString report; // primary prompt
    QString aux;    // auxiliary prompt, may be empty
};

class ComparisonCaseSource {
public:
    virtual ~ComparisonCaseSource() = default;
    virtual std::size_t size() const = 0;
    virtual QString caseId(std::size_t index) const = 0;
    // Reads one case. Throws IoError naming the file and the problem.
    virtual ComparisonCase load(std::size_t index) const = 0;
    // For the report: where the cases came from.
    virtual QString description() const = 0;
};

// The project's cases with status done or reviewed, in project order. A
// case without mask file counts as annotated empty (the annotator marked it
// done with nothing drawn). Throws IoError when there is no such case or a
// case has no report to prompt the model with.
std::unique_ptr<ComparisonCaseSource> projectCaseSource(const Project& project);

// Every row of a qata folder (text.csv) is a case: its image, its mask and
// its prompts. The case id is the mask's file name without extension (each
// row of a multi-prompt image has its own mask), made unique with the row's
// line when two rows share a mask. Throws IoError naming text.csv.
std::unique_ptr<ComparisonCaseSource> qataCaseSource(const QString& folder);

} // namespace tgc
