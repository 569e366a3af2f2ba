#!/usr/bin/env python3
"""Check spec/curation/enum-names/*.json against spec/*.json (stdlib only).

Checks:
  1. every entry names an existing field: an operation's parameter
     (`request.<in>.<name>`, `[]` suffix for array items) or a schema property
     (`schema <Schema>.<field>`, `[]` suffix for array items), in the same domain;
  2. `wire_type` matches the field's (item) type in the spec;
  3. every documented `enum` value in the spec is named, with the same JSON type;
  4. names are UpperCamelCase, unique within a field, never `Unknown`/`Other`;
     every value has a non-empty doc; values are unique within a field;
  5. `kind` is enum|flag; a flag has exactly two values and `bool_true` is one of them;
     `confidence` is docs|inferred; `source` is set; `separator`, when present, is a
     non-empty string on a string field; `complete` only appears as false; `origin` says
     truthfully whether the spec field has an `enum`;
  6. the same shared `table` id gives the same name and doc for the same value everywhere;
  7. coverage: every field of the spec that has an `enum` has an entry.

Exit status 1 on any error; prints counts on success.
Usage: python3 tools/check_enum_names.py [repo-root]
"""
import glob
import json
import os
import re
import sys

NAME_RE = re.compile(r"^[A-Z][A-Za-z0-9]*$")
RESERVED = {"Unknown", "Other"}
PATH_PARAM_RE = re.compile(r"^request\.(query|path|header|cookie)\.([^\[\]]+?)(\[\])?$")
PATH_SCHEMA_RE = re.compile(r"^schema ([A-Za-z0-9_]+)\.([^\[\]]+?)(\[\])?$")


def spec_fields(spec):
    """Yield (owner, path, type, enum) for every parameter and schema property."""
    for _p, methods in spec.get("paths", {}).items():
        for _m, op in methods.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            for prm in op.get("parameters", []):
                s = prm.get("schema", {})
                owner = op["operationId"]
                base = "request.%s.%s" % (prm["in"], prm["name"])
                yield owner, base, s.get("type"), s.get("enum")
                if s.get("type") == "array":
                    it = s.get("items", {})
                    yield owner, base + "[]", it.get("type"), it.get("enum")
    for sn, sc in spec.get("components", {}).get("schemas", {}).items():
        for fn, fs in sc.get("properties", {}).items():
            base = "schema %s.%s" % (sn, fn)
            yield sn, base, fs.get("type"), fs.get("enum")
            if fs.get("type") == "array":
                it = fs.get("items", {})
                yield sn, base + "[]", it.get("type"), it.get("enum")


def same_json_type(v, wire_type):
    if wire_type == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if wire_type == "string":
        return isinstance(v, str)
    return False


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    errors = []
    fields = {}  # domain -> {(owner, path): (type, enum)}
    for f in sorted(glob.glob(os.path.join(root, "spec", "*.json"))):
        dom = os.path.basename(f)[:-5]
        with open(f) as fh:
            spec = json.load(fh)
        fields[dom] = {(o, p): (t, e) for o, p, t, e in spec_fields(spec)}

    covered = set()
    tables = {}  # table -> {value: (name, doc, where)}
    n_fields = n_values = n_docs = n_inferred = n_flags = n_partial = 0
    files = sorted(glob.glob(os.path.join(root, "spec", "curation", "enum-names", "*.json")))
    if not files:
        errors.append("no files under spec/curation/enum-names/")
    for f in files:
        dom = os.path.basename(f)[:-5]
        with open(f) as fh:
            data = json.load(fh)
        if dom not in fields:
            errors.append("%s: no spec/%s.json" % (f, dom))
            continue
        for owner, entries in data.items():
            for path, e in entries.items():
                where = "%s: %s %s" % (dom, owner, path)
                m = PATH_PARAM_RE.match(path) or PATH_SCHEMA_RE.match(path)
                if not m:
                    errors.append("%s: path not in the request.<in>.<name> / schema <S>.<f> form" % where)
                    continue
                if path.startswith("schema ") and m.group(1) != owner:
                    errors.append("%s: schema path under a different owner" % where)
                key = (owner, path)
                if key not in fields[dom]:
                    errors.append("%s: no such field in spec/%s.json" % (where, dom))
                    continue
                covered.add((dom,) + key)
                n_fields += 1
                ftype, fenum = fields[dom][key]
                wt = e.get("wire_type")
                if wt not in ("integer", "string"):
                    errors.append("%s: wire_type %r" % (where, wt))
                elif wt != ftype:
                    errors.append("%s: wire_type %s but the spec says %s" % (where, wt, ftype))
                kind = e.get("kind")
                if kind not in ("enum", "flag"):
                    errors.append("%s: kind %r" % (where, kind))
                conf = e.get("confidence")
                if conf not in ("docs", "inferred"):
                    errors.append("%s: confidence %r" % (where, conf))
                if "complete" in e and e["complete"] is not False:
                    errors.append("%s: complete is only written when false" % where)
                if e.get("origin") not in ("enum", "description"):
                    errors.append("%s: origin %r" % (where, e.get("origin")))
                if (e.get("origin") == "enum") != (fenum is not None):
                    errors.append("%s: origin %r but the spec field %s an enum"
                                  % (where, e.get("origin"), "has" if fenum is not None else "has no"))
                if kind != "flag" and "bool_true" in e:
                    errors.append("%s: bool_true on a non-flag" % where)
                sep = e.get("separator")
                if sep is not None and (not isinstance(sep, str) or not sep or wt != "string"):
                    errors.append("%s: separator %r (a non-empty string, on a string field)" % (where, sep))
                if not e.get("source"):
                    errors.append("%s: no source" % where)
                vals = e.get("values") or []
                if not vals:
                    errors.append("%s: no values" % where)
                names, wire = set(), set()
                for v in vals:
                    val, name, doc = v.get("value"), v.get("name"), v.get("doc")
                    if not same_json_type(val, wt):
                        errors.append("%s: value %r is not a %s" % (where, val, wt))
                    if not isinstance(name, str) or not NAME_RE.match(name):
                        errors.append("%s: name %r is not UpperCamelCase" % (where, name))
                    elif name in RESERVED:
                        errors.append("%s: name %s is reserved" % (where, name))
                    if name in names:
                        errors.append("%s: name %s used twice" % (where, name))
                    if json.dumps(val) in wire:
                        errors.append("%s: value %r listed twice" % (where, val))
                    names.add(name)
                    wire.add(json.dumps(val))
                    if not isinstance(doc, str) or not doc.strip():
                        errors.append("%s: value %r has no doc" % (where, val))
                    tid = e.get("table")
                    if tid:
                        k = str(val)
                        prev = tables.setdefault(tid, {}).get(k)
                        if prev is None:
                            tables[tid][k] = (name, doc, where)
                        elif prev[:2] != (name, doc):
                            errors.append("%s: table %s value %s is %s/%r here but %s/%r at %s"
                                          % (where, tid, k, name, doc, prev[0], prev[1], prev[2]))
                n_values += len(vals)
                if kind == "flag":
                    n_flags += 1
                    if len(vals) != 2:
                        errors.append("%s: a flag needs exactly two values" % where)
                    if json.dumps(e.get("bool_true")) not in wire:
                        errors.append("%s: bool_true %r is not one of the values" % (where, e.get("bool_true")))
                if fenum is not None:
                    for ev in fenum:
                        if json.dumps(ev) not in wire:
                            errors.append("%s: documented enum value %r has no name" % (where, ev))
                if e.get("complete") is False:
                    n_partial += 1
                if conf == "docs":
                    n_docs += 1
                else:
                    n_inferred += 1

    n_enum = 0
    for dom, fs in fields.items():
        for (owner, path), (_t, en) in fs.items():
            if en is not None:
                n_enum += 1
                if (dom, owner, path) not in covered:
                    errors.append("%s: %s %s has an enum but no entry in enum-names" % (dom, owner, path))

    for e in errors:
        print("ERROR", e)
    print("fields named: %d (docs %d, inferred %d; flags %d; partial lists %d)"
          % (n_fields, n_docs, n_inferred, n_flags, n_partial))
    print("values named: %d; table ids: %d" % (n_values, len(tables)))
    print("spec fields with an enum: %d, covered: %d"
          % (n_enum, sum(1 for d, fs in fields.items() for k, (_t, en) in fs.items()
                         if en is not None and (d,) + k in covered)))
    print("errors: %d" % len(errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
