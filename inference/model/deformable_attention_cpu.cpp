// The CPU inference kernel of multi-scale deformable attention: softmax,
// sampling locations, bilinear taps and the weighted sum in one pass over the
// queries, without the [L, N*Lq*H*P] index and weight tensors the autograd
// path (deformableSampleGather) builds. paper-b16's SSE samples 1.16M points
// per layer; on one core softmax, locations and the gather path took ~90 ms a
// layer, mostly in the element-wise ops that prepare the embedding_bag; this
// kernel takes ~38 ms.
#include "deformable_attention.h"
#include "flops.h"

#include <ATen/Parallel.h>
#include <algorithm>
#include <cmath>
#include <vector>

namespace tgc::model {

namespace {

struct Level {
    float width, height;
    int64_t w, h, start;
};

struct Problem {
    const float* values;    // [N, H, S, d]: one map per head, swept in query order
    const float* offsets;   // [N, Lq, H, L, P, 2]
    const float* logits;    // [N, Lq, H, L*P]
    const float* reference; // [N or 1, Lq, L, 2]
    float* out;             // [N, Lq, H*d], zeroed
    std::vector<Level> levels;
    int64_t tokens, heads, headDim, queries, points;
    bool sharedReference;
};

// Items [begin, end) of the flattened (n, h, q), q fastest: neighbouring
// queries tap neighbouring pixels of one head's map, which stays in cache.
// With the head width fixed at compile time (Width > 0) the sum builds in a
// local array and the row loop unrolls into whole vectors; 0: any width.
template <int Width>
inline __attribute__((always_inline)) void attendQueries(const Problem& pb, int64_t begin,
                                                         int64_t end) {
    const int64_t levels = int64_t(pb.levels.size()), samples = levels * pb.points;
    const int64_t d = Width > 0 ? Width : pb.headDim;
    std::vector<float> weight(size_t(samples), 0.0f);
    float local[Width > 0 ? Width : 1];
    for (int64_t item = begin; item < end; ++item) {
        const int64_t q = item % pb.queries, nh = item / pb.queries;
        const int64_t n = nh / pb.heads, h = nh % pb.heads;
        const float* reference =
            pb.reference + ((pb.sharedReference ? 0 : n) * pb.queries + q) * levels * 2;
        const float* map = pb.values + nh * pb.tokens * d;
        const int64_t row = (n * pb.queries + q) * pb.heads + h;
        // Softmax over the L*P samples of this head (max-shifted).
        const float* logits = pb.logits + row * samples;
        float top = logits[0];
        for (int64_t i = 1; i < samples; ++i)
            top = std::max(top, logits[i]);
        float sum = 0.0f;
        for (int64_t i = 0; i < samples; ++i)
            sum += weight[size_t(i)] = std::exp(logits[i] - top);
        const float inverseSum = 1.0f / sum;
        const float* offset = pb.offsets + row * samples * 2;
        float* __restrict acc = Width > 0 ? local : pb.out + row * d;
        if (Width > 0)
            std::fill(local, local + d, 0.0f);
        for (int64_t l = 0; l < levels; ++l) {
            const Level& lv = pb.levels[size_t(l)];
            for (int64_t p = 0; p < pb.points; ++p) {
                const int64_t i = l * pb.points + p;
                // Pixel coordinates with centres on integers: the autograd
                // path's (reference + offset / W) * W - 0.5, without the
                // round trip through [0, 1].
                const float x = reference[2 * l] * lv.width + offset[2 * i] - 0.5f;
                const float y = reference[2 * l + 1] * lv.height + offset[2 * i + 1] - 0.5f;
                if (!(x > -1.0f && x < lv.width && y > -1.0f && y < lv.height))
                    continue; // no neighbour inside the map (or not a number)
                const float attention = weight[size_t(i)] * inverseSum;
                const float x0f = std::floor(x), y0f = std::floor(y);
                const float fx = x - x0f, fy = y - y0f;
                const int64_t x0 = int64_t(x0f), y0 = int64_t(y0f);
                const float wx[2] = {1.0f - fx, fx}, wy[2] = {1.0f - fy, fy};
                for (int dy = 0; dy < 2; ++dy) {
                    const int64_t yi = y0 + dy;
                    if (yi < 0 || yi >= lv.h)
                        continue; // outside the map reads zero
                    for (int dx = 0; dx < 2; ++dx) {
                        const int64_t xi = x0 + dx;
                        if (xi < 0 || xi >= lv.w)
                            continue;
                        const int64_t token = lv.start + yi * lv.w + xi;
                        const float* __restrict tap = map + token * d;
                        const float w = attention * wy[dy] * wx[dx];
#pragma GCC unroll 8
                        for (int64_t c = 0; c < d; ++c)
                            acc[c] += w * tap[c];
                    }
                }
            }
        }
        if (Width > 0)
            std::copy(local, local + d, pb.out + row * d);
    }
}

// Cloned for AVX2/FMA: the row loops use them where the CPU has them while
// the binary stays baseline x86-64.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define TGC_CLONED_FOR_AVX2 __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define TGC_CLONED_FOR_AVX2
#endif
TGC_CLONED_FOR_AVX2 void attendQueries32(const Problem& pb, int64_t begin, int64_t end) {
    attendQueries<32>(pb, begin, end); // paper configs: 256 / 8 heads
}
TGC_CLONED_FOR_AVX2 void attendQueries16(const Problem& pb, int64_t begin, int64_t end) {
    attendQueries<16>(pb, begin, end); // tiny: 64 / 4 heads
}
TGC_CLONED_FOR_AVX2 void attendQueriesAnyWidth(const Problem& pb, int64_t begin, int64_t end) {
    attendQueries<0>(pb, begin, end);
}

} // namespace

torch::Tensor deformableAttendCpu(const torch::Tensor& value, const LevelShapes& shapes,
                                  const torch::Tensor& referencePoints,
                                  const torch::Tensor& offsets,
                                  const torch::Tensor& attentionLogits) {
    const int64_t batch = value.size(0), tokens = value.size(1), heads = value.size(2);
    const int64_t headDim = value.size(3), queries = offsets.size(1);
    const int64_t levels = int64_t(shapes.size()), points = offsets.size(4);
    TORCH_CHECK(value.device().is_cpu(), "deformableAttendCpu: value on ", value.device());
    TORCH_CHECK(offsets.dim() == 6 && offsets.size(0) == batch && offsets.size(2) == heads &&
                    offsets.size(3) == levels && offsets.size(5) == 2,
                "deformableAttendCpu: offsets ", offsets.sizes(), " do not match value ",
                value.sizes(), " over ", levels, " levels");
    TORCH_CHECK(attentionLogits.numel() == batch * queries * heads * levels * points,
                "deformableAttendCpu: attention logits ", attentionLogits.sizes(),
                " do not match offsets ", offsets.sizes());
    TORCH_CHECK(referencePoints.dim() == 4 && referencePoints.size(1) == queries &&
                    referencePoints.size(2) == levels &&
                    (referencePoints.size(0) == 1 || referencePoints.size(0) == batch),
                "deformableAttendCpu: reference points ", referencePoints.sizes());
    flops::gridSample("sse.deformable_sampling", batch * heads * queries * points * levels,
                      headDim + 1);

    Problem problem;
    int64_t start = 0;
    for (const auto& shape : shapes) {
        problem.levels.push_back({float(shape[1]), float(shape[0]), shape[1], shape[0], start});
        start += shape[0] * shape[1];
    }
    TORCH_CHECK(start == tokens, "deformableAttendCpu: levels hold ", start, " tokens, value has ",
                tokens);
    const auto v = value.to(torch::kFloat32).transpose(1, 2).contiguous(); // [N, H, S, d]
    const auto off = offsets.to(torch::kFloat32).contiguous();
    const auto logit = attentionLogits.to(torch::kFloat32).contiguous();
    const auto ref = referencePoints.to(torch::kFloat32).contiguous();
    auto out = torch::zeros({batch, queries, heads * headDim}, v.options());
    problem.values = v.data_ptr<float>();
    problem.offsets = off.data_ptr<float>();
    problem.logits = logit.data_ptr<float>();
    problem.reference = ref.data_ptr<float>();
    problem.out = out.data_ptr<float>();
    problem.tokens = tokens;
    problem.heads = heads;
    problem.headDim = headDim;
    problem.queries = queries;
    problem.points = points;
    problem.sharedReference = referencePoints.size(0) == 1;
    at::parallel_for(0, batch * heads * queries, 256, [&](int64_t begin, int64_t end) {
        if (headDim == 32)
            attendQueries32(problem, begin, end);
        else if (headDim == 16)
            attendQueries16(problem, begin, end);
        else
            attendQueriesAnyWidth(problem, begin, end);
    });
    return out.to(value.scalar_type());
}

} // namespace tgc::model
