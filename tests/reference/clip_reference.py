"""Small randomly initialised CLIP models made by the reference
implementations, saved in their own formats, and their outputs on fixed
inputs, for test_reference_clip.cpp.

usage: clip_reference.py OUT_DIR

Writes OUT_DIR/hf/model.safetensors (transformers' CLIPModel, Hugging Face
naming), OUT_DIR/openai.safetensors (open_clip's CLIP, OpenAI naming) and
OUT_DIR/io.safetensors (inputs and reference outputs). The sizes must equal
smallVision()/smallText() in test_reference_clip.cpp.
"""
import os
import sys

import torch
from safetensors.torch import save_file

VISION = dict(width=64, layers=2, heads=2, patch=16, image=64)
TEXT = dict(width=48, layers=2, heads=3, context=16, vocab=100)
EMBED = 32
START, END = 98, 99  # the two largest ids, as in CLIP's vocabulary
OTHER_SIZE = (96, 80)  # a 6 x 5 grid: the position embedding is resized


def inputs():
    g = torch.Generator().manual_seed(7)
    images = torch.randn(2, 3, VISION["image"], VISION["image"], generator=g)
    other = torch.randn(2, 3, *OTHER_SIZE, generator=g)
    ids = torch.zeros(3, TEXT["context"], dtype=torch.long)
    for row, length in enumerate([3, 9, TEXT["context"] - 2]):
        ids[row, 0] = START
        ids[row, 1:1 + length] = torch.randint(1, START, (length,), generator=g)
        ids[row, 1 + length] = END
    return images, other, ids


def hugging_face(out, images, other, ids, io):
    from transformers import CLIPConfig, CLIPModel
    config = CLIPConfig(
        text_config=dict(vocab_size=TEXT["vocab"], hidden_size=TEXT["width"],
                         intermediate_size=4 * TEXT["width"], num_hidden_layers=TEXT["layers"],
                         num_attention_heads=TEXT["heads"], max_position_embeddings=TEXT["context"],
                         hidden_act="quick_gelu", projection_dim=EMBED, bos_token_id=START,
                         eos_token_id=END, pad_token_id=0),
        vision_config=dict(hidden_size=VISION["width"], intermediate_size=4 * VISION["width"],
                           num_hidden_layers=VISION["layers"], num_attention_heads=VISION["heads"],
                           image_size=VISION["image"], patch_size=VISION["patch"],
                           hidden_act="quick_gelu", projection_dim=EMBED),
        projection_dim=EMBED)
    torch.manual_seed(1)
    model = CLIPModel(config).eval()
    # Non-trivial norms and biases: a loader that skipped them would pass
    # with the default ones and zeros.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "norm" in name or "bias" in name:
                p.add_(0.1 * torch.randn_like(p))
    model.save_pretrained(os.path.join(out, "hf"), safe_serialization=True)

    with torch.no_grad():
        text = model.text_model(input_ids=ids)
        io["hf.text.tokens"] = text.last_hidden_state
        io["hf.text.pooled"] = model.text_projection(text.pooler_output)
        for key, pixels in (("hf.image", images), ("hf.other", other)):
            vision = model.vision_model(pixel_values=pixels, output_hidden_states=True,
                                        interpolate_pos_encoding=key == "hf.other")
            io[key + ".pooled"] = model.visual_projection(vision.pooler_output)
            tokens = model.vision_model.post_layernorm(vision.last_hidden_state[:, 1:])
            io[key + ".dense"] = model.visual_projection(tokens)
            for layer in range(1, VISION["layers"] + 1):
                io[f"{key}.tap{layer}"] = vision.hidden_states[layer][:, 1:]


def open_clip_model(out, images, other, ids, io):
    import open_clip
    torch.manual_seed(2)
    model = open_clip.model.CLIP(
        embed_dim=EMBED,
        vision_cfg=dict(layers=VISION["layers"], width=VISION["width"],
                        head_width=VISION["width"] // VISION["heads"],
                        patch_size=VISION["patch"], image_size=VISION["image"]),
        text_cfg=dict(context_length=TEXT["context"], vocab_size=TEXT["vocab"],
                      width=TEXT["width"], heads=TEXT["heads"], layers=TEXT["layers"]),
        quick_gelu=True).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "ln_" in name or "bias" in name:
                p.add_(0.1 * torch.randn_like(p))
    state = {k: v.contiguous() for k, v in model.state_dict().items()}
    save_file(state, os.path.join(out, "openai.safetensors"))
    with torch.no_grad():
        io["openai.image.pooled"] = model.encode_image(images)
        io["openai.text.pooled"] = model.encode_text(ids)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    images, other, ids = inputs()
    io = {"images": images, "other": other, "ids": ids}
    hugging_face(out, images, other, ids, io)
    open_clip_model(out, images, other, ids, io)
    save_file({k: v.contiguous().float() if v.is_floating_point() else v.contiguous()
               for k, v in io.items()}, os.path.join(out, "io.safetensors"))


if __name__ == "__main__":
    main()
