"""Which English words the topic model knows, and which topic each pulls towards (for writing
articles/extraction/data/topics_i18n.json entries):

    .venv/bin/python scripts/topic_words.py word [word ...]

Prints, for each word, whether it is in the model's vocabulary (after the model's own normalisation) and
the three topics its weight favours most. Reads only the model file.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from articles.extraction.topics import IPTC_TOP_LEVEL, _model, features


def main() -> None:
    model = _model()
    index = model.index
    for word in sys.argv[1:]:
        terms = [t for t in features("", word) if " " not in t]
        if not terms or terms[0] not in index:
            print(f"{word}: not in the vocabulary")
            continue
        column = model.weights[:, index[terms[0]]].astype(float)
        best = sorted(range(len(column)), key=lambda i: -column[i])[:3]
        names = ", ".join(f"{IPTC_TOP_LEVEL[model.codes[i]]} {column[i]:+.2f}" for i in best)
        print(f"{word} ({terms[0]}): {names}")


if __name__ == "__main__":
    main()
