"""Multi-scale deformable attention as Deformable DETR defines it, written
here from the definition (bilinear grid_sample per level, zero padding,
align_corners=False), on random inputs at the paper configuration's shapes,
forward and backward, for test_reference_deformable.cpp.

usage: deformable_reference.py OUT.safetensors

Paper configuration (paper-b16): a 768 x 768 CNN input, levels at strides 8,
16 and 32 (96, 48 and 24 square), 8 heads of 32 channels, 4 points, every
token a query.
"""
import sys

import torch
import torch.nn.functional as F
from safetensors.torch import save_file

SHAPES = [(96, 96), (48, 48), (24, 24)]
HEADS, HEAD_DIM, POINTS = 8, 32, 4


def deformable_attention(value, shapes, locations, weights):
    """value [N, S, H, D]; locations [N, Lq, H, L, P, 2] as (x, y) in [0, 1];
    weights [N, Lq, H, L, P] -> [N, Lq, H * D]."""
    n, _, heads, dim = value.shape
    _, queries, _, levels, points, _ = locations.shape
    per_level = value.split([h * w for h, w in shapes], dim=1)
    grids = 2 * locations - 1
    samples = []
    for level, (h, w) in enumerate(shapes):
        v = per_level[level].flatten(2).transpose(1, 2).reshape(n * heads, dim, h, w)
        g = grids[:, :, :, level].transpose(1, 2).flatten(0, 1)  # [N*H, Lq, P, 2]
        samples.append(F.grid_sample(v, g, mode="bilinear", padding_mode="zeros",
                                     align_corners=False))  # [N*H, D, Lq, P]
    stacked = torch.stack(samples, dim=-2).flatten(-2)  # [N*H, D, Lq, L*P]
    w = weights.transpose(1, 2).reshape(n * heads, 1, queries, levels * points)
    return (stacked * w).sum(-1).view(n, heads * dim, queries).transpose(1, 2)


def main():
    g = torch.Generator().manual_seed(3)
    levels = len(SHAPES)
    tokens = sum(h * w for h, w in SHAPES)
    value = torch.randn(1, tokens, HEADS, HEAD_DIM, generator=g)
    # Reference points at the pixel centres of each query's own level, the
    # same point on every level (as the encoder uses them).
    centres = []
    for h, w in SHAPES:
        y, x = torch.meshgrid((torch.arange(h) + 0.5) / h, (torch.arange(w) + 0.5) / w,
                              indexing="ij")
        centres.append(torch.stack([x.flatten(), y.flatten()], -1))
    reference = torch.cat(centres)[None, :, None, :].expand(1, tokens, levels, 2).contiguous()
    # Offsets in pixels of each level, some reaching past the border.
    offsets = 3 * torch.randn(1, tokens, HEADS, levels, POINTS, 2, generator=g)
    logits = torch.randn(1, tokens, HEADS, levels * POINTS, generator=g)
    normaliser = torch.tensor([[w, h] for h, w in SHAPES], dtype=torch.float32)
    locations = reference[:, :, None, :, None, :] + offsets / normaliser[None, None, None, :, None, :]
    weights = logits.softmax(-1).view(1, tokens, HEADS, levels, POINTS)

    value.requires_grad_(True)
    locations.requires_grad_(True)
    weights.requires_grad_(True)
    out = deformable_attention(value, SHAPES, locations, weights)
    upstream = torch.randn(out.shape, generator=g)
    grads = torch.autograd.grad((out * upstream).sum(), [value, locations, weights])
    save_file({
        "value": value.detach(), "reference": reference, "offsets": offsets, "logits": logits,
        "locations": locations.detach().contiguous(), "weights": weights.detach().contiguous(),
        "shapes": torch.tensor(SHAPES, dtype=torch.int64), "out": out.detach().contiguous(),
        "upstream": upstream, "grad_value": grads[0].contiguous(),
        "grad_locations": grads[1].contiguous(), "grad_weights": grads[2].contiguous(),
    }, sys.argv[1])


if __name__ == "__main__":
    main()
