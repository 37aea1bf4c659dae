#include "feature_density.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tgc::model {

namespace {

Json toArray(const torch::Tensor& t) {
    const auto flat = t.detach().to(torch::kCPU, torch::kFloat64).contiguous().view(-1);
    Json array = Json::array();
    const double* values = flat.data_ptr<double>();
    for (int64_t i = 0; i < flat.numel(); ++i)
        array.asArray().push_back(Json(double(float(values[i]))));
    return array;
}

torch::Tensor fromArray(const Json& json, const char* key) {
    const Json* found = json.find(key);
    if (!found || !found->isArray())
        throw std::runtime_error(std::string("feature density: '") + key + "' is not an array");
    std::vector<float> values;
    for (const Json& v : found->asArray())
        values.push_back(float(v.asDouble()));
    return torch::tensor(values, torch::kFloat32);
}

double numberAt(const Json& json, const char* key) {
    const Json* found = json.find(key);
    if (!found)
        throw std::runtime_error(std::string("feature density: '") + key + "' is missing");
    return found->asDouble();
}

} // namespace

FeatureDensity fitFeatureDensity(const torch::Tensor& features, int rank, double quantile,
                                 double margin) {
    if (features.dim() != 2 || features.size(0) < 2)
        throw std::invalid_argument("feature density: needs at least 2 feature rows [N, D]");
    torch::NoGradGuard noGrad;
    const auto x = features.detach().to(torch::kCPU, torch::kFloat64); // [N, D]
    const int64_t n = x.size(0), d = x.size(1);
    FeatureDensity density;
    density.samples = n;
    const auto mean = x.mean(0);                                             // [D]
    const auto centred = x - mean;                                           // [N, D]
    const auto covariance = centred.t().mm(centred) / double(n - 1);         // [D, D]
    const auto [eigenvalues, eigenvectors] = torch::linalg_eigh(covariance); // ascending
    const int64_t k = std::max<int64_t>(1, std::min<int64_t>({rank, n - 1, d}));
    const auto top = eigenvalues.flip(0).slice(0, 0, k).clamp_min(0); // [k]
    const auto directions = eigenvectors.flip(1).slice(1, 0, k).t();  // [k, D]
    const double total = covariance.trace().item<double>();
    const double floor = std::max(1e-12, 1e-6 * total / double(d));
    density.mean = mean.to(torch::kFloat32);
    density.components = directions.to(torch::kFloat32).contiguous();
    density.variances = (top + floor).to(torch::kFloat32);
    density.residualVariance =
        d > k ? std::max(floor, (total - top.sum().item<double>()) / double(d - k)) : floor;
    density.threshold = 0; // set from the scores below
    const auto scores = densityScores(density, features.to(torch::kFloat32)).to(torch::kCPU);
    const auto sorted = std::get<0>(scores.sort());
    const int64_t at = std::clamp<int64_t>(int64_t(std::ceil(quantile * double(n))) - 1, 0, n - 1);
    density.quantile = quantile;
    density.threshold = sorted[at].item<double>() * margin;
    return density;
}

torch::Tensor densityScores(const FeatureDensity& density, const torch::Tensor& features) {
    TORCH_CHECK(density.valid(), "feature density: not fitted");
    TORCH_CHECK(features.dim() == 2 && features.size(1) == density.dimension(),
                "feature density: features of width ", features.size(1), ", the density has ",
                density.dimension());
    const auto device = features.device();
    const auto x = features.to(torch::kFloat32) - density.mean.to(device);              // [N, D]
    const auto projected = x.mm(density.components.to(device).t());                     // [N, k]
    const auto residual = (x.square().sum(1) - projected.square().sum(1)).clamp_min(0); // [N]
    const auto d2 = (projected.square() / density.variances.to(device)).sum(1) +
                    residual / density.residualVariance; // [N]
    return (d2 / double(density.dimension())).sqrt();
}

Json densityToJson(const FeatureDensity& density) {
    Json json = Json::object();
    json.set("kind", "ppca-mahalanobis");
    json.set("dimension", density.dimension());
    json.set("rank", density.components.defined() ? density.components.size(0) : 0);
    json.set("samples", density.samples);
    json.set("quantile", density.quantile);
    json.set("threshold", density.threshold);
    json.set("residual_variance", density.residualVariance);
    json.set("mean", toArray(density.mean));
    json.set("variances", toArray(density.variances));
    json.set("components", toArray(density.components));
    return json;
}

FeatureDensity densityFromJson(const Json& json) {
    if (!json.isObject())
        throw std::runtime_error("feature density: not a JSON object");
    FeatureDensity density;
    const int64_t d = int64_t(numberAt(json, "dimension"));
    const int64_t k = int64_t(numberAt(json, "rank"));
    density.samples = int64_t(numberAt(json, "samples"));
    density.quantile = numberAt(json, "quantile");
    density.threshold = numberAt(json, "threshold");
    density.residualVariance = numberAt(json, "residual_variance");
    density.mean = fromArray(json, "mean");
    density.variances = fromArray(json, "variances");
    density.components = fromArray(json, "components");
    if (d <= 0 || k <= 0 || density.mean.numel() != d || density.variances.numel() != k ||
        density.components.numel() != k * d)
        throw std::runtime_error("feature density: sizes disagree (dimension " + std::to_string(d) +
                                 ", rank " + std::to_string(k) + ")");
    if (!(density.residualVariance > 0) || !(density.variances.min().item<float>() > 0))
        throw std::runtime_error("feature density: variances must be positive");
    density.components = density.components.view({k, d});
    return density;
}

} // namespace tgc::model
