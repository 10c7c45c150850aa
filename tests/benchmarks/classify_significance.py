"""Is a classifier run's test figure really different from the TF-IDF baseline's?

On a test split of a few hundred documents the two models often differ by a handful of
mistakes, and a run trained with another seed moves by as many. This script puts each
classifier run of a project beside the baseline on the same test documents: macro-F1 of
both, the documents only one of them gets right, and the exact McNemar test on those
(a two-sided binomial test of the discordant pairs; p is the chance of a split at least
this uneven if both models were equally good).

    .venv/bin/python tests/benchmarks/classify_significance.py PROJECT --runs 4 5 [--schema label]

The baseline is refitted exactly as ``classify train --baseline`` fits it (same split, same C
chosen on validation, deterministic), because its per-document predictions are not stored.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from scipy.stats import binomtest
from sklearn.metrics import f1_score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    parser.add_argument("--runs", type=int, nargs="+", required=True, help="classifier run ids")
    parser.add_argument("--schema", default="label")
    args = parser.parse_args()

    from llmstudio.core.classify.baseline import Baseline
    from llmstudio.core.classify.config import ClassifierRunConfig
    from llmstudio.core.classify.data import labelled_splits, resolve_schema
    from llmstudio.core.classify.inference import load_classifier
    from llmstudio.core.project import Project
    from llmstudio.core.runs import run_config

    with Project.open(args.project) as project:
        schema = resolve_schema(project, args.schema)
        docs = labelled_splits(project, schema)
        labels = [lab.name for lab in schema.labels]
        test = docs["test"]
        truth = np.asarray([labels.index(names[0]) for names in test.labels])
        rows = []
        for run_id in args.runs:
            c = ClassifierRunConfig.from_dict(run_config(project, run_id)).classify
            baseline = Baseline(labels, False, c.baseline_stem, c.baseline_stop_words, c.class_weights)
            base = baseline.fit(docs["train"], docs["validation"]).predict(test.texts)[0]
            classifier = load_classifier(project, run_id, "cpu")
            ours = np.asarray([labels.index(chosen[0]) for chosen, _ in classifier.predict(test.texts)])
            only_ours = int(((ours == truth) & (base != truth)).sum())
            only_base = int(((ours != truth) & (base == truth)).sum())
            p = binomtest(only_ours, only_ours + only_base).pvalue if only_ours + only_base else 1.0
            rows.append({"run_id": run_id, "class_weights": c.class_weights, "n": len(truth),
                         "transformer_macro_f1": round(float(f1_score(truth, ours, average="macro")), 4),
                         "baseline_macro_f1": round(float(f1_score(truth, base, average="macro")), 4),
                         "transformer_mistakes": int((ours != truth).sum()), "baseline_mistakes": int((base != truth).sum()),
                         "only_transformer_right": only_ours, "only_baseline_right": only_base,
                         "mcnemar_p": round(float(p), 3)})
            print(json.dumps(rows[-1]))


if __name__ == "__main__":
    main()
