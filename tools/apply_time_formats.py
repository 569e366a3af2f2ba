#!/usr/bin/env python3
"""Mark the times of spec/*.json with `x-bss-time` (stdlib only; idempotent).

A string parameter or schema property whose description states one documented format (a field
that holds a day or a month depending on another field names two, and stays text) gets `"x-bss-time": "timestamp"` (yyyy-MM-ddTHH:mm:ssZ, UTC, whole seconds), `"date"`
(yyyy-MM-dd) or `"year_month"` (yyyy-MM). Fields whose description names no format are left as
text: their form is not documented. Run it after editing a description, then `cargo xtask regen`.

Usage: python3 tools/apply_time_formats.py [repo-root]
"""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from apply_enum_names import load, save  # noqa: E402  (same JSON handling)

FORMATS = [
    (re.compile(r"yyyy-MM-dd'?T'?HH:mm:ss'?Z'?", re.I), "timestamp"),
    (re.compile(r"YYYY-MM-DDThh:mm:ssZ", re.I), "timestamp"),
    (re.compile(r"yyyy-MM-dd(?![-T ])", re.I), "date"),
    (re.compile(r"yyyy-MM(?![-T ])", re.I), "year_month"),
]


def kind_of(node):
    if node.get("type", (node.get("schema") or {}).get("type")) != "string":
        return None
    text = node.get("description") or ""
    kinds = {kind for pattern, kind in FORMATS if pattern.search(text)}
    # "a day (yyyy-MM-dd) or a month (yyyy-MM)": the form depends on another field; text.
    return kinds.pop() if len(kinds) == 1 else None


VALID = {
    "timestamp": (re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"), "2026-11-01T00:00:00Z"),
    "date": (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "2026-11-01"),
    "year_month": (re.compile(r"^\d{4}-\d{2}$"), "2026-11"),
}


def fix_samples(name, op, body_times):
    """Samples we wrote carry placeholders where a time goes: give them a valid time. A sample
    copied from the docs is never changed; one that breaks the documented form is reported."""
    params = {p["name"]: p.get("x-bss-time") for p in op.get("parameters", []) if p.get("x-bss-time")}
    for sample in op.get("x-bss-samples", []):
        req = sample["request"]
        ours = sample.get("request_written_by_us")
        for pair in req.get("query", []):
            kind = params.get(pair[0])
            if kind and not VALID[kind][0].match(pair[1]):
                if ours:
                    pair[1] = VALID[kind][1]
                else:
                    print("%s: %s: doc sample's %s=%r is not a %s" % (name, op["operationId"], pair[0], pair[1], kind))
        body = req.get("body")
        if isinstance(body, dict):
            for key, kind in body_times.items():
                value = body.get(key)
                if isinstance(value, str) and not VALID[kind][0].match(value):
                    if ours:
                        body[key] = VALID[kind][1]
                    else:
                        print("%s: %s: doc sample's body.%s=%r is not a %s" % (name, op["operationId"], key, value, kind))


def body_times_of(spec, op):
    ref = (((op.get("requestBody") or {}).get("content") or {}).get("application/json") or {}).get("schema", {}).get("$ref")
    if not ref:
        return {}
    schema = spec["components"]["schemas"].get(ref.split("/")[-1], {})
    return {k: v["x-bss-time"] for k, v in schema.get("properties", {}).items() if v.get("x-bss-time")}


def main(root):
    for path in sorted(glob.glob(os.path.join(root, "spec", "*.json"))):
        name = os.path.basename(path)
        if name in ("common.json", "ir.snapshot.json"):
            continue
        spec = load(path)
        count = 0
        for item in spec["paths"].values():
            for op in item.values():
                if not isinstance(op, dict):
                    continue
                for p in op.get("parameters", []):
                    p.pop("x-bss-time", None)
                    kind = kind_of(p)
                    if kind:
                        p["x-bss-time"] = kind
                        count += 1
        for s in spec["components"]["schemas"].values():
            for prop in s.get("properties", {}).values():
                prop.pop("x-bss-time", None)
                kind = kind_of(prop)
                if kind:
                    prop["x-bss-time"] = kind
                    count += 1
        for item in spec["paths"].values():
            for op in item.values():
                if isinstance(op, dict) and "operationId" in op:
                    fix_samples(name, op, body_times_of(spec, op))
        save(path, spec)
        print("%s: %d times" % (name, count))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
