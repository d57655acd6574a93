"""Train the reference-string CRF that ships in ``src/citeaudit/models/``.

    python bench/train_labeller.py                 # train on the full training set, write the model
    python bench/train_labeller.py --dev 0.1       # hold out 10 % of training for a dev report

The split (see ``bench/corpora.py``):

* **Training**: AnyStyle ``core.xml``, ``good.xml``, ``bad.xml``; GROBID's citation training
  corpus (``citation/corpus``, minus its ``evaluation-citation-*`` copies); ParsCit's
  ``flux-cim-cs`` and ``iconip``.
* **Removed from training**: every string whose :func:`corpora.overlap_key` (alphanumerics,
  folded, lower case) equals that of any evaluation string, every near-copy of one
  (:func:`corpora.near_duplicates`), and duplicates within training.  This drops CORA and
  AnyStyle-gold strings that GROBID's corpus and ``core.xml`` contain, and GROBID's evaluation
  strings that its corpus contains.
* **Evaluation** (never trained on): AnyStyle ``gold.xml`` minus ``core.xml``; GROBID
  ``citation/evaluation``; ParsCit CORA, CiteSeerX, en/it/mixed humanities; PLOS
  ``<mixed-citation>``s.

* **Added to training** (``bench/augment.py``, from training strings only): 3,000 training
  records re-rendered in humanities and footnote styles (continental "Place Year" with
  ``ed.``/``edd.``/``a cura di``, Chicago notes and bibliography, MLA, German, French, Vancouver;
  a few with organisation authors or reprint notes), and 1,500 training strings copied with
  PDF-extraction damage (split words, lost or extra spaces around punctuation, ligatures).  The
  styles were chosen from the issue's list (Chicago notes, MLA, non-English, ``Vol. 2 :``,
  ``ed.``, ``trans.``, organisation authors, PDF noise) after reading the labeller's errors on the
  humanities set, which is why that set is the one most likely to flatter the model.

Model: a first-order linear-chain CRF (python-crfsuite, L-BFGS, L1 0.05 + L2 0.01, 150
iterations, features seen at least twice), about 4 MB; training takes about 7 minutes on one
core.  Features are listed in ``citeaudit.references.labeller.token_features``.

Reproducible: the data order is fixed (sorted files, then a seeded shuffle; augmentation uses
its own seeded generator), and L-BFGS in crfsuite is deterministic, so the same corpora, code
and parameters give the same model file (the SHA-256 is recorded).  The script also writes
``reference-labeller.json`` beside the model: parameters, counts and the split summary.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import augment  # noqa: E402
import corpora  # noqa: E402

from citeaudit.references import labeller  # noqa: E402

MODELS = Path(__file__).resolve().parents[1] / "src" / "citeaudit" / "models"
SEED = 20240613
STYLED = 3000  # training records re-rendered in humanities/footnote styles (bench/augment.py)
NOISED = 1500  # training strings copied with PDF-extraction damage
PARAMS = {
    "c1": 0.05,  # L1: keeps the model small
    "c2": 0.01,  # L2
    "max_iterations": 150,
    "feature.possible_transitions": True,
    "feature.minfreq": 2,
}


def sequences(items: list[corpora.Labelled]) -> list[tuple[list[list[str]], list[str]]]:
    out = []
    for item in items:
        text, tokens, labels = labeller.labels_from_segments(item.segments)
        if tokens:
            out.append((labeller.token_features(tokens, text), labels))
    return out


def token_accuracy(model: Path, data: list[tuple[list[list[str]], list[str]]]) -> dict:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    right = total = 0
    per: Counter = Counter()
    per_right: Counter = Counter()
    for xseq, yseq in data:
        pred = tagger.tag(xseq)
        for p, y in zip(pred, yseq, strict=True):
            total += 1
            per[y] += 1
            if p == y:
                right += 1
                per_right[y] += 1
    return {"token_accuracy": right / max(1, total),
            "per_label": {k: round(per_right[k] / per[k], 3) for k in sorted(per)}}


def main(argv: list[str] | None = None) -> int:
    import pycrfsuite

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=MODELS / labeller.MODEL_FILE)
    ap.add_argument("--dev", type=float, default=0.0, help="fraction of training held out for a dev report")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    ap.add_argument("--c1", type=float, default=PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=PARAMS["c2"])
    ap.add_argument("--styled", type=int, default=STYLED, help="re-rendered training records to add")
    ap.add_argument("--noised", type=int, default=NOISED, help="PDF-damaged training strings to add")
    args = ap.parse_args(argv)

    t0 = time.time()
    evaluation = corpora.evaluation_sets()
    items, stats = corpora.training_set(evaluation)
    rng = random.Random(args.seed)
    rng.shuffle(items)
    dev: list[corpora.Labelled] = []
    if args.dev:
        cut = int(len(items) * args.dev)
        dev, items = items[:cut], items[cut:]
    extra = augment.augment(items, random.Random(args.seed + 1), args.styled, args.noised)
    stats["augmented"] = dict(Counter(x.corpus for x in extra))
    print(json.dumps(stats), file=sys.stderr)
    train = sequences(items + extra)
    print(f"{len(train)} training sequences, {sum(len(y) for _, y in train)} tokens "
          f"({time.time() - t0:.0f}s)", file=sys.stderr)

    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in train:
        trainer.append(xseq, yseq)
    params = {**PARAMS, "c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}
    trainer.set_params(params)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.out))
    info = trainer.logparser.last_iteration or {}
    print(f"trained in {time.time() - t0:.0f}s; loss {info.get('loss')}; "
          f"{args.out.stat().st_size / 1e6:.2f} MB", file=sys.stderr)

    report = {
        "model": args.out.name,
        "sha256": hashlib.sha256(args.out.read_bytes()).hexdigest(),
        "seed": args.seed,
        "augmentation": {"styled": args.styled, "noised": args.noised},
        "params": params,
        "training": stats,
        "training_sources": list(corpora.TRAINING_SOURCES),
        "evaluation_sets": {k: len(v) for k, v in evaluation.items()},
        "labels": list(labeller.LABELS),
    }
    if dev:
        report["dev"] = {"strings": len(dev), **token_accuracy(args.out, sequences(dev))}
        print(json.dumps(report["dev"]), file=sys.stderr)
    else:
        args.out.with_suffix(".json").write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
