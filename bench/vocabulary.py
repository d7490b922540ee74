#!/usr/bin/env python3
"""A copy of a generated sotay corpus with a realistic vocabulary, to measure how the search
index scales with it.

`gen.py` builds its sentences from small word lists: its 10,000-page corpus has 1,099
distinct words and 19,447 distinct word pairs, where the handbook's own 41 pages already have
2,259 words and 23,088 pairs, and a real book of 10,000 pages would have a hundred times more
pairs. The build of the pages barely notices; the search index, which keeps every word pair,
does. This script copies the sotay project of a generated corpus and replaces a share of the
words of every page body (not front matter, headings, tables' separator rows, code, link
targets or ids) with words drawn, Zipf-distributed, from 40,000 synthetic Vietnamese words of
one or two syllable-shaped parts (onset, rhyme, tone mark, NFC). Seeded: the same input gives
the same copy.

    python3 bench/vocabulary.py /tmp/sotay-bench/corpus-10000/sotay /tmp/sotay-bench/v10000/sotay 0.25
    sotay --root /tmp/sotay-bench/v10000/sotay build --output /tmp/out
"""

import bisect
import os
import random
import re
import shutil
import sys
import unicodedata

ONSETS = "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split() + [""]
OPEN = "a ai ao au ay e eo i ia iu o oa oe oi u ua ui ư ưa ưi ưu ơ ơi ô ôi âu ây uy iêu ươi".split()
NASAL = ("an ang anh am ăn ăng ăm ân âng âm en em ên ênh êm in inh im iên iêng iêm on ong om ôn ông "
         "ôm ơn ơm un ung um uân uôn uông ưng ươn ương ươm oan oang oanh").split()
STOP = ("at ac ach ap ăt ăc ăp ât âc âp et ep êt êch ip it ich iêt iêp ot oc op ôt ôc ôp ơt ơp ut uc up "
        "uât uôt uôc ưt ưc ươt ươc oat oac").split()
# Level (none), grave, acute, hook above, tilde, dot below; rhymes ending in a stop take only
# acute or dot below.
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
VOWELS = "aăâeêioôơuưy"


def with_tone(rhyme, tone):
    """The tone mark on the vowel that carries it (new-style placement, simplified)."""
    if not tone:
        return rhyme
    at = [i for i, c in enumerate(rhyme) if c in VOWELS]
    marked = [i for i in at if rhyme[i] in "ăâêôơư"]
    if marked:
        i = marked[-1]
    elif len(at) >= 2 and at[-1] < len(rhyme) - 1:
        i = at[-1]  # two vowels before a final consonant: the second (oán)
    elif len(at) >= 2:
        i = at[-2]  # two vowels at the end: the first (ái, áo)
    else:
        i = at[0]
    return unicodedata.normalize("NFC", rhyme[: i + 1] + tone + rhyme[i + 1 :])


def vocabulary(rng, syllables=6000, words=40000):
    sylls = set()
    while len(sylls) < syllables:
        kind = rng.random()
        if kind < 0.4:
            rhyme, tone = rng.choice(OPEN), rng.choice(TONES)
        elif kind < 0.75:
            rhyme, tone = rng.choice(NASAL), rng.choice(TONES)
        else:
            rhyme, tone = rng.choice(STOP), rng.choice(["\u0301", "\u0323"])
        sylls.add(rng.choice(ONSETS) + with_tone(rhyme, tone))
    sylls = sorted(sylls)
    vocab = set()
    while len(vocab) < words:
        n = 1 if rng.random() < 0.35 else 2
        vocab.add(" ".join(rng.choice(sylls) for _ in range(n)))
    vocab = sorted(vocab)
    rng.shuffle(vocab)
    return vocab


# A word of letters, not part of a path, id, number or code token.
WORD = re.compile(r"(?<![\w/.#-])[^\W\d_]+(?![\w/(-])")
# Kept whole: link targets, inline code, footnote references, attribute blocks.
KEEP = re.compile(r"(\]\([^)]*\)|`[^`]*`|\[\^[^\]]*\]|\{#[^}]*\})")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    copy(sys.argv[1], sys.argv[2], float(sys.argv[3]))


def copy(src, dst, rate):
    """Copies the sotay project `src` to `dst` (replacing a sotay project there, nothing else),
    with a share `rate` of its body words replaced."""
    rng = random.Random(7)
    vocab = vocabulary(rng)
    cumulative, total = [], 0.0
    for rank in range(len(vocab)):
        total += 1 / (rank + 1)
        cumulative.append(total)

    def word():
        return vocab[bisect.bisect(cumulative, rng.random() * total)]

    def rewrite(line):
        parts = KEEP.split(line)
        for i in range(0, len(parts), 2):
            parts[i] = WORD.sub(lambda m: word() if rng.random() < rate else m.group(0), parts[i])
        return "".join(parts)

    if os.path.exists(dst):
        if not os.path.exists(os.path.join(dst, "sotay.toml")):
            raise SystemExit(f"{dst} exists and is not a sotay project: not touching it")
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("public"))
    for root, dirs, files in os.walk(os.path.join(dst, "content")):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            out, fences, code = [], 0, False
            for line in lines:
                if line.strip() == "+++":
                    fences += 1
                elif fences >= 2:
                    if line.startswith("```"):
                        code = not code
                    elif not (code or line.startswith("#") or line.startswith("|-")):
                        line = rewrite(line)
                out.append(line)
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(out))


if __name__ == "__main__":
    main()
