"""Summarise a JSON Lines output of `vngov extract`: documents, failures and items per kind."""

from __future__ import annotations

import json
import sys
from collections import Counter

KINDS = ("legal_refs", "dates", "metrics", "agencies", "persons", "places", "tasks")


def main(path: str) -> None:
    items: Counter[str] = Counter()
    documents = failed = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            documents += 1
            failed += record.get("error") is not None
            for kind in KINDS:
                items[kind] += len(record.get(kind) or [])
    print(f"{path}: {documents} documents, {failed} failed")
    print("  ".join(f"{kind}={items[kind]}" for kind in KINDS))


if __name__ == "__main__":
    main(sys.argv[1])
