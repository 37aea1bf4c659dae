// What a phantom generator returns: an image in memory, its label map and
// the prompts with the mask each one asks for. Writing is separate
// (phantom_dataset.h), so a trainer can generate cases on the fly.
#pragma once

#include "image_volume.h"
#include "label_map.h"

#include <QString>
#include <vector>

namespace tgc {

// One prompt and the mask it asks for.
struct PhantomTarget {
    QString key;    // structure: "lesions", "liver", "kidney_right"...; also the mask file suffix
    QString prompt; // the Description written to text.csv
    LabelMap mask;  // that structure only; voxels hold its label id, 0 elsewhere
    double designedMean = 0.0; // HU the generator painted it with (CT); added opacity (cxr)
};

struct PhantomCase {
    QString id; // safe file name, unique per (kind, seed, index)
    ImageVolume image;
    LabelMap labels; // every structure of the case, ids from the kind's label table
    std::vector<PhantomTarget> targets;
};

enum class PhantomKind { Cxr, Ct, Ct3d };

const char* phantomKindName(PhantomKind kind);

} // namespace tgc
