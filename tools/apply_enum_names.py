#!/usr/bin/env python3
"""Write the curated value names (spec/curation/enum-names/*.json) into spec/*.json as
`x-bss-values` (stdlib only; idempotent: run it again after editing the curation).

Each curated parameter or schema property gets

    "x-bss-values": {"enum": "OrderStatus", "values": [{"value": 6, "name": "PendingPayment",
                     "doc": "Waiting for payment."}], "flag_true": "YES"}

on the parameter object or the property (for a list, the values are those of its items). The enum
name is the UpperCamelCase of the curation's shared `table`; where one table is used with two
wire types in a domain (an integer code here, the same code as a string there), the string form
is named `<Name>Text`. `flag_true` is present on two-valued switches only. Fields whose wire value
is a list joined by a separator are left as text (their values stay in the field's docs).

Usage: python3 tools/apply_enum_names.py [repo-root]
"""
import collections
import glob
import json
import os
import sys

DUP = "\u0000dup"


def load(path):
    """JSON with duplicate keys kept (renamed with a marker stripped again on save)."""

    def pairs(items):
        out, seen = {}, collections.Counter()
        for k, v in items:
            seen[k] += 1
            out[k if seen[k] == 1 else "%s%s%d" % (k, DUP, seen[k])] = v
        return out

    with open(path, encoding="utf-8") as f:
        return json.load(f, object_pairs_hook=pairs)


def save(path, doc):
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    for n in range(2, 10):
        text = text.replace('\\u0000dup%d"' % n, '"')
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def camel(table):
    return "".join(w[:1].upper() + w[1:] for w in table.replace("-", "_").split("_") if w)


def main(root):
    for cur_path in sorted(glob.glob(os.path.join(root, "spec", "curation", "enum-names", "*.json"))):
        domain = os.path.basename(cur_path)[:-5]
        spec_path = os.path.join(root, "spec", domain + ".json")
        spec = load(spec_path)
        with open(cur_path, encoding="utf-8") as f:
            curation = json.load(f)
        # Wire types per table, to name the string form of a table used both ways.
        wires = collections.defaultdict(collections.Counter)
        for fields in curation.values():
            for entry in fields.values():
                wires[entry["table"]][entry["wire_type"]] += 1

        def enum_name(entry):
            name = camel(entry["table"])
            if len(wires[entry["table"]]) > 1 and entry["wire_type"] == "string":
                name += "Text"
            return name

        ops = {}
        for path, item in spec["paths"].items():
            for method, op in item.items():
                if isinstance(op, dict) and "operationId" in op:
                    ops[op["operationId"]] = op
        schemas = spec["components"]["schemas"]
        # Drop what an earlier run wrote, so a removed curation entry disappears.
        for op in ops.values():
            for p in op.get("parameters", []):
                p.pop("x-bss-values", None)
        for s in schemas.values():
            for prop in s.get("properties", {}).values():
                prop.pop("x-bss-values", None)
        count = 0
        for owner, fields in curation.items():
            for key, entry in fields.items():
                if "separator" in entry:
                    continue
                ext = {
                    "enum": enum_name(entry),
                    "values": [{"value": v["value"], "name": v["name"], "doc": v["doc"]} for v in entry["values"]],
                }
                if entry["kind"] == "flag":
                    ext["flag_true"] = entry["bool_true"]
                if key.startswith("request."):
                    _, location, name = key.split(".", 2)
                    name = name.rstrip("[]")
                    op = ops[owner]
                    target = [p for p in op.get("parameters", []) if p["name"] == name and p["in"] == location]
                    if len(target) != 1:
                        raise SystemExit("%s: %s: no parameter %s in %s" % (domain, owner, name, location))
                    target[0]["x-bss-values"] = ext
                else:
                    schema, prop = key.split(" ", 1)[1].split(".", 1)
                    prop = prop.rstrip("[]")
                    props = schemas[schema]["properties"]
                    if prop not in props:
                        raise SystemExit("%s: %s has no property %s" % (domain, schema, prop))
                    props[prop]["x-bss-values"] = ext
                count += 1
        save(spec_path, spec)
        print("%s: %d fields and parameters" % (domain, count))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
