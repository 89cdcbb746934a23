#!/usr/bin/env python3
"""Run probe.tsv through the lexicon (read from disk) and print per-category P/R.

usage: run_probe.py [--file probe2.tsv] [--lexicon FILE] [--split dev|holdout|all] [--show] [--json OUT]

A third of the sentences (md5 of the text mod 3 == 0) is a holdout: written together with
the rest, but its failures were not looked at while the rules were edited.
Scoring per category C over the sentences of the chosen split:
  TP  C expected and fired;  FN  C expected, not fired;
  FP  C fired, not expected and not in the sentence's "allow" list.
"""
import argparse, hashlib, json, os, subprocess, sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WEAK = ["intimidation", "isolation", "micro_regulation", "use_of_children", "jealousy", "threat",
        "ctx_separation", "stalking", "suicide_threat", "restriction_of_liberty", "complaint_withdrawn"]

def split_of(text):
    return "holdout" if int(hashlib.md5(text.encode()).hexdigest(), 16) % 3 == 0 else "dev"

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lexicon", default=os.path.join(ROOT, "templates/lexicon.toml"))
    ap.add_argument("--fields", default=os.path.join(ROOT, "templates/fields.toml"))
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/lexprobe"))
    ap.add_argument("--split", default="dev", choices=["dev", "holdout", "all"])
    ap.add_argument("--file", default=os.path.join(HERE, "probe.tsv"), help="probe set (probe.tsv or probe2.tsv)")
    ap.add_argument("--show", action="store_true", help="print the failures")
    ap.add_argument("--json")
    a = ap.parse_args()
    rows = []
    for line in open(a.file, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        block, text, expect, allow = line.rstrip("\n").split("\t")
        lst = lambda s: [] if s == "-" else s.split(",")
        rows.append((block, text, set(lst(expect)), set(lst(allow))))
    rows = [r for r in rows if a.split == "all" or split_of(r[1]) == a.split]
    out = subprocess.run([a.bin, "sentences", a.lexicon, a.fields], input="\n".join(r[1] for r in rows) + "\n",
                         capture_output=True, text=True, check=True).stdout.splitlines()
    counts = defaultdict(lambda: [0, 0, 0])
    fails = []
    for (block, text, expect, allow), res in zip(rows, out):
        cats, _, words = res.partition("\t")
        got = set(c for c in cats.split(",") if c)
        for c in got:
            if c in expect:
                counts[c][0] += 1
            elif c not in allow:
                counts[c][1] += 1
                fails.append(("FP", c, text, words))
        for c in expect - got:
            counts[c][2] += 1
            fails.append(("FN", c, text, words))
    report = {}
    print(f"split={a.split} sentences={len(rows)}")
    for c in WEAK + sorted(k for k in counts if k not in WEAK):
        tp, fp, fn = counts[c]
        if tp + fp + fn == 0:
            continue
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        report[c] = {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3)}
        print(f"  {c:24} P {p:.3f}  R {r:.3f}   (tp {tp}, fp {fp}, fn {fn})")
    if a.show:
        for kind, c, text, words in sorted(fails, key=lambda f: (f[1], f[0])):
            print(f"{kind} {c:18} {text}   [{words}]")
    if a.json:
        json.dump(report, open(a.json, "w"), indent=1)

if __name__ == "__main__":
    main()
