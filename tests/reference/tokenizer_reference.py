"""1,000 generated sentences and their ids from transformers' CLIPTokenizer,
built offline from CLIP's BPE file, and from open_clip's copy of OpenAI's
simple tokenizer, for test_tokenizer.cpp.

usage: tokenizer_reference.py BPE_GZ OUT_JSON

vocab.json and merges.txt are derived from bpe_simple_vocab_16e6.txt.gz the
way CLIP's simple tokenizer reads it: the 256 byte symbols, the same with
</w>, one token per merge (the first 48,894 lines after the header), then
<|startoftext|> and <|endoftext|>.

transformers cleans text with NFC and a character-wise lower case, OpenAI's
tokenizer (which our model's weights were trained with) with ftfy, HTML
unescaping and Python's str.lower(), which writes a capital sigma at the end
of a word as the final sigma. Each sentence records both references' ids,
whether they agree, and whether ftfy changes the text.
"""
import gzip
import html
import json
import os
import random
import sys
import tempfile
import unicodedata

import ftfy
from open_clip.tokenizer import SimpleTokenizer
from transformers import CLIPTokenizer


def bytes_to_unicode():
    # CLIP's byte-to-symbol table, in its order (the vocabulary's first 256
    # ids): printable Latin-1 bytes as themselves first, then the other bytes
    # as code points from 256 on.
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + \
        list(range(ord("®"), ord("ÿ") + 1))
    table = {b: chr(b) for b in keep}
    for extra, b in enumerate(b for b in range(256) if b not in keep):
        table[b] = chr(256 + extra)
    return table


def tokenizer_from_bpe(path):
    lines = gzip.open(path).read().decode("utf-8").split("\n")
    merges = lines[1:49152 - 256 - 2 + 1]
    symbols = list(bytes_to_unicode().values())
    vocab = symbols + [s + "</w>" for s in symbols]
    vocab += ["".join(m.split()) for m in merges] + ["<|startoftext|>", "<|endoftext|>"]
    folder = tempfile.mkdtemp(prefix="tgc-hf-clip-")
    with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump({token: i for i, token in enumerate(vocab)}, f, ensure_ascii=False)
    with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "\n".join(merges) + "\n")
    return CLIPTokenizer.from_pretrained(folder)


WORDS = ("the left lower lobe shows patchy ground-glass opacity and consolidation with air "
         "bronchograms no pleural effusion spleen liver kidney enlarged lesion nodule of in "
         "right upper middle bilateral mass hypodense segment IV contrast enhancing").split()
ACCENTED = ["café", "naïve", "Größe", "résumé", "señor", "Ångström", "øre", "Çay", "Łódź",
            "crème brûlée", "São Paulo", "Zürich", "İstanbul", "façade", "ŒUVRE"]
SCRIPTS = ["лёгкое", "ПНЕВМОНИЯ", "πνεύμονας", "ΟΔΥΣΣΕΥΣ", "肺炎", "磨玻璃影", "すりガラス影",
           "폐렴 소견", "رئة", "ריאה", "फेफड़ा", "ปอดอักเสบ", "ঘন", "ქართული", "Հայերեն"]
EMOJI = ["😀", "🫁", "👍🏽", "❤️", "🇩🇪", "👨‍⚕️", "🩻", "✅", "🔥🔥", "🙂"]
PUNCT = [".", ",", ";", ":", "!", "?", "-", "(", ")", "[", "]", "/", "%", "+", "=", "'", '"',
         "*", "#", "@", "...", "--", "?!", "'s", "'ll", "n't", "_", "~", "^", "|", "\\"]
SPACES = [" ", "  ", "\t", "\n", " \n\n ", "\u00a0", "   \t  ", "\u2003"]


def number(rnd):
    return rnd.choice([str(rnd.randint(0, 9)), str(rnd.randint(10, 99999)),
                       f"{rnd.uniform(0, 100):.{rnd.randint(1, 3)}f}",
                       f"{rnd.randint(1, 31)}.{rnd.randint(1, 12)}.{rnd.randint(1990, 2030)}",
                       f"{rnd.randint(1, 50)}mm", f"{rnd.randint(1, 9)}x{rnd.randint(1, 9)}cm"])


def word(rnd):
    kind = rnd.random()
    if kind < 0.45:
        w = rnd.choice(WORDS)
        return rnd.choice([w, w.upper(), w.capitalize(), "".join(
            c.upper() if rnd.random() < 0.5 else c for c in w)])
    if kind < 0.55:
        return number(rnd)
    if kind < 0.67:
        return rnd.choice(ACCENTED)
    if kind < 0.79:
        return rnd.choice(SCRIPTS)
    if kind < 0.87:
        return rnd.choice(EMOJI)
    return rnd.choice(PUNCT)


def sentence(rnd):
    length = rnd.choice([rnd.randint(1, 12), rnd.randint(10, 30), rnd.randint(40, 90)])
    parts = []
    for _ in range(length):
        parts.append(word(rnd))
        parts.append(rnd.choice(SPACES) if rnd.random() < 0.2 else
                     ("" if rnd.random() < 0.15 else " "))
    return "".join(parts)


def ftfy_changes(text):
    nfc = unicodedata.normalize("NFC", text)
    return html.unescape(html.unescape(ftfy.fix_text(text))) != nfc


def main():
    tokenizer = tokenizer_from_bpe(sys.argv[1])
    openai = SimpleTokenizer(bpe_path=sys.argv[1])
    end = openai.eot_token_id
    rnd = random.Random(20261206)
    cases = []
    for _ in range(1000):
        text = sentence(rnd)
        full = tokenizer(text)["input_ids"]
        ids = tokenizer(text, truncation=True, max_length=77)["input_ids"]
        padded = openai([text], context_length=77)[0].tolist()
        openai_ids = padded[:padded.index(end) + 1]
        cases.append({"text": text, "ids": ids, "openai_ids": openai_ids,
                      "truncated": len(full) > 77, "ftfy_changes": ftfy_changes(text)})
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump({"cases": cases}, f, ensure_ascii=False)
    print(f"{len(cases)} sentences, {sum(c['truncated'] for c in cases)} over 77 tokens, "
          f"{sum(c['ids'] != c['openai_ids'] for c in cases)} where the references differ")

if __name__ == "__main__":
    main()
