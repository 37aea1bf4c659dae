// A compact description of the images a model was trained on, in the
// network's own feature space (pooled visual features, TgcNet::Output), and
// how far a new image lies from them. The density is a Gaussian with a
// low-rank-plus-isotropic covariance (probabilistic PCA): the mean, the
// leading principal directions with their variances, and one variance for
// everything else, so that it fits in the checkpoint's JSON metadata. The
// score is the Mahalanobis distance divided by sqrt(D) (about 1 for a
// typical training image); the threshold is a high quantile of the training
// images' own scores.
#pragma once

#include "json.h"

#include <torch/torch.h>

namespace tgc::model {

struct FeatureDensity {
    torch::Tensor mean;          // [D]
    torch::Tensor components;    // [k, D], orthonormal rows
    torch::Tensor variances;     // [k]
    double residualVariance = 1; // per dimension, off the k directions
    double threshold = 0;        // scores above it are "unlike the training data"
    double quantile = 0;         // the training-score quantile the threshold is
    int64_t samples = 0;         // training images it was fitted on

    bool valid() const { return mean.defined() && samples > 0; }
    int64_t dimension() const { return mean.defined() ? mean.size(0) : 0; }
};

// features [N, D] (N >= 2): fits the mean, the top min(rank, N - 1, D)
// directions, and threshold = the quantile of the N training scores times
// margin. Throws std::invalid_argument on too few samples.
FeatureDensity fitFeatureDensity(const torch::Tensor& features, int rank = 16,
                                 double quantile = 0.99, double margin = 1.1);

// features [N, D] -> scores [N] (float, on the features' device).
torch::Tensor densityScores(const FeatureDensity& density, const torch::Tensor& features);

Json densityToJson(const FeatureDensity& density);
// Throws std::runtime_error naming the bad key.
FeatureDensity densityFromJson(const Json& json);

} // namespace tgc::model
