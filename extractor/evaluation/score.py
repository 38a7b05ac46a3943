"""Score extraction output against gold annotations, with the matching rules of the spec.

- legal_refs: set F1 of canonicals (case, diacritics and spaces folded, a leading "số" dropped);
  on matched canonicals, accuracy of doc_type and issue_date.
- dates: multiset F1 of values.
- metrics: multiset F1 of (value, unit); on matched pairs, accuracy of indicator and subject (one
  contains the other once folded) and year.
- agencies: set F1 of canonicals; a trailing place ("… tỉnh", "… tỉnh Nghệ An") may be on one side only.
- persons: set F1 of names.
- tasks: a prediction matches a gold task when the spans overlap by half the shorter; on matched
  tasks, F1 of lead agencies and accuracy of deadline.
Where several predictions fit one gold item, the one nearest its position is taken.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CATEGORIES = ("legal_refs", "dates", "metrics", "agencies", "persons", "tasks")
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
_PLACE_QUALIFIERS = (("tinh",), ("thanh", "pho"), ("huyen",), ("thi", "xa"), ("tp",))


def fold(value: Any) -> str:
    if not value:
        return ""
    s = unicodedata.normalize("NFD", str(value).translate(_DASHES)).casefold()
    s = "".join(c for c in s if not unicodedata.combining(c)).replace("đ", "d")
    return " ".join(s.split())


def legal_key(canonical: str | None) -> str:
    key = fold(canonical).replace(" ", "")
    return key[2:] if key.startswith("so") and key[2:3].isdigit() else key


def agency_forms(name: str | None) -> set[str]:
    """The folded name, and the name without a trailing place qualifier."""
    words = fold(name).replace(",", " ").replace(".", " ").split()
    forms = {" ".join(words)}
    for i in range(len(words) - 1, 0, -1):
        if any(tuple(words[i : i + len(q)]) == q for q in _PLACE_QUALIFIERS):
            forms.add(" ".join(words[:i]))
            break
    return forms


def same_agency(a: str | None, b: str | None) -> bool:
    return bool(agency_forms(a) & agency_forms(b))


def contains_either(a: Any, b: Any) -> bool:
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return not fa and not fb
    return fa in fb or fb in fa


def same_number(a: Any, b: Any) -> bool:
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


@dataclass
class Counts:
    tp: int = 0
    gold: int = 0
    pred: int = 0

    def add(self, tp: int, gold: int, pred: int) -> None:
        self.tp += tp
        self.gold += gold
        self.pred += pred

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else float(not self.gold)
        r = self.tp / self.gold if self.gold else float(not self.pred)
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Ratio:
    ok: int = 0
    n: int = 0

    def add(self, ok: bool) -> None:
        self.ok += bool(ok)
        self.n += 1

    def value(self) -> float | None:
        return self.ok / self.n if self.n else None


@dataclass
class Report:
    documents: int = 0
    missing: list[str] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)
    accuracy: dict[str, Ratio] = field(default_factory=dict)
    grounded: Ratio = field(default_factory=Ratio)

    def count(self, key: str) -> Counts:
        return self.counts.setdefault(key, Counts())

    def ratio(self, key: str) -> Ratio:
        return self.accuracy.setdefault(key, Ratio())

    def as_dict(self) -> dict:
        categories = {}
        for key in (*CATEGORIES, "tasks.lead"):
            c = self.count(key)
            p, r, f = c.prf()
            categories[key] = {"gold": c.gold, "pred": c.pred, "tp": c.tp, "precision": round(p, 4),
                               "recall": round(r, 4), "f1": round(f, 4)}
        return {
            "documents": self.documents,
            "missing_outputs": self.missing,
            "categories": categories,
            "attributes": {k: {"n": v.n, "accuracy": None if v.value() is None else round(v.value(), 4)}
                           for k, v in sorted(self.accuracy.items())},
            "grounded": None if self.grounded.value() is None else round(self.grounded.value(), 4),
        }

    def table(self) -> str:
        d = self.as_dict()
        lines = [f"{'category':<12} {'gold':>5} {'pred':>5} {'tp':>5} {'P':>6} {'R':>6} {'F1':>6}"]
        for key, c in d["categories"].items():
            lines.append(f"{key:<12} {c['gold']:>5} {c['pred']:>5} {c['tp']:>5} {c['precision']:>6.3f} "
                         f"{c['recall']:>6.3f} {c['f1']:>6.3f}")
        for key, a in d["attributes"].items():
            acc = "-" if a["accuracy"] is None else f"{a['accuracy']:.3f}"
            lines.append(f"{key:<24} n={a['n']:<4} accuracy={acc}")
        lines.append(f"grounded spans: {d['grounded']}")
        if self.missing:
            lines.append(f"documents with no output: {len(self.missing)}")
        return "\n".join(lines)


def _span(item: dict) -> tuple[int, int] | None:
    sp = item.get("span")
    if isinstance(sp, list | tuple) and len(sp) == 2:
        return int(sp[0]), int(sp[1])
    return None


def _locate(text: str, items: list[dict]) -> list[tuple[int, int] | None]:
    """Gold items carry text only: find each in order of listing."""
    out, cursor = [], 0
    for item in items:
        needle = item.get("text") or ""
        at = text.find(needle, cursor) if needle else -1
        if needle and at < 0:
            at = text.find(needle)
        if at < 0:
            out.append(None)
            continue
        out.append((at, at + len(needle)))
        cursor = at + 1
    return out


def _gap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> float:
    if a is None or b is None:
        return float("inf")
    if a[0] < b[1] and b[0] < a[1]:
        return max(a[0], b[0]) - min(a[1], b[1])
    return min(abs(a[0] - b[1]), abs(b[0] - a[1]))


def _pair(gold: list[dict], pred: list[dict], same: Callable[[dict, dict], bool],
          gold_spans: list[tuple[int, int] | None]) -> list[tuple[dict, dict]]:
    taken: set[int] = set()
    pairs = []
    for g, gspan in zip(gold, gold_spans, strict=True):
        options = [(i, p) for i, p in enumerate(pred) if i not in taken and same(g, p)]
        if options:
            i, p = min(options, key=lambda o: _gap(gspan, _span(o[1])))
            taken.add(i)
            pairs.append((g, p))
    return pairs


def score_document(text: str, gold: dict, out: dict, report: Report) -> None:
    for key in CATEGORIES:
        for item in out.get(key) or []:
            sp = _span(item)
            report.grounded.add(sp is not None and text[sp[0] : sp[1]] == item.get("text"))

    g_refs = {legal_key(x["canonical"]): x for x in gold.get("legal_refs", [])}
    p_refs: dict[str, dict] = {}
    for x in out.get("legal_refs") or []:
        p_refs.setdefault(legal_key(x.get("canonical") or x.get("text")), x)
    both = g_refs.keys() & p_refs.keys()
    report.count("legal_refs").add(len(both), len(g_refs), len(p_refs))
    for k in both:
        report.ratio("legal_refs.doc_type").add(fold(g_refs[k].get("doc_type")) == fold(p_refs[k].get("doc_type")))
        report.ratio("legal_refs.issue_date").add(
            (g_refs[k].get("issue_date") or None) == (p_refs[k].get("issue_date") or None))

    g_dates, p_dates = gold.get("dates", []), out.get("dates") or []
    pairs = _pair(g_dates, p_dates, lambda a, b: str(a.get("value")).strip() == str(b.get("value")).strip(),
                  _locate(text, g_dates))
    report.count("dates").add(len(pairs), len(g_dates), len(p_dates))

    g_metrics, p_metrics = gold.get("metrics", []), out.get("metrics") or []
    pairs = _pair(g_metrics, p_metrics,
                  lambda a, b: a.get("unit") == b.get("unit") and same_number(a.get("value"), b.get("value")),
                  _locate(text, g_metrics))
    report.count("metrics").add(len(pairs), len(g_metrics), len(p_metrics))
    for a, b in pairs:
        report.ratio("metrics.indicator").add(contains_either(a.get("indicator"), b.get("indicator")))
        report.ratio("metrics.subject").add(contains_either(a.get("subject"), b.get("subject")))
        report.ratio("metrics.year").add((a.get("year") or None) == (b.get("year") or None))

    g_agencies = list({fold(x["canonical"]): x["canonical"] for x in gold.get("agencies", [])}.values())
    p_agencies = list({fold(x.get("canonical") or x.get("text")): x.get("canonical") or x.get("text")
                       for x in out.get("agencies") or []}.values())
    taken: set[int] = set()
    for a in g_agencies:
        hit = next((j for j, b in enumerate(p_agencies) if j not in taken and same_agency(a, b)), None)
        if hit is not None:
            taken.add(hit)
    report.count("agencies").add(len(taken), len(g_agencies), len(p_agencies))

    g_names = {fold(x["name"]) for x in gold.get("persons", [])}
    p_names = {fold(x.get("name") or x.get("text")) for x in out.get("persons") or []}
    report.count("persons").add(len(g_names & p_names), len(g_names), len(p_names))

    _score_tasks(text, gold.get("tasks", []), out.get("tasks") or [], report)


def _score_tasks(text: str, gold: list[dict], pred: list[dict], report: Report) -> None:
    taken: set[int] = set()
    matched = 0
    for g, gspan in zip(gold, _locate(text, gold), strict=True):
        if gspan is None:
            continue
        best, best_overlap = None, 0
        for i, p in enumerate(pred):
            pspan = _span(p)
            if i in taken or pspan is None:
                continue
            overlap = min(gspan[1], pspan[1]) - max(gspan[0], pspan[0])
            shorter = min(gspan[1] - gspan[0], pspan[1] - pspan[0])
            if overlap > 0 and overlap >= 0.5 * shorter and overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is None:
            continue
        taken.add(best)
        matched += 1
        g_lead, p_lead = g.get("lead") or [], pred[best].get("lead") or []
        hits = sum(1 for a in g_lead if any(same_agency(a, b) for b in p_lead))
        report.count("tasks.lead").add(hits, len(g_lead), len(p_lead))
        report.ratio("tasks.deadline").add((g.get("deadline") or None) == (pred[best].get("deadline") or None))
    report.count("tasks").add(matched, len(gold), len(pred))


def document_name(source: str | None) -> str:
    name = Path(str(source or "")).name
    for suffix in (".txt", ".html", ".htm", ".md"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def score(gold_dir: Path, outputs: Iterable[dict]) -> Report:
    by_name = {document_name(o.get("source") or o.get("id")): o for o in outputs}
    report = Report()
    for gold_path in sorted(gold_dir.glob("*.gold.json")):
        name = gold_path.name[: -len(".gold.json")]
        text = gold_path.with_name(f"{name}.txt").read_text(encoding="utf-8")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        out = by_name.get(name)
        if out is None:
            report.missing.append(name)
            out = {}
        report.documents += 1
        score_document(text, gold, out, report)
    return report
