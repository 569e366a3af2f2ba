#!/usr/bin/env python3
"""Compare the international SDK's operations with the China site's spec.

Maintainer tool. Reads spec/curation/intl/sdk-facts.json (the intl SDK, extracted by
tools/sdk_facts.py --with-meta), spec/*.json (the China site's curated spec) and
spec/curation/sdk-facts.json (the China SDK), and writes COMPARISON.json and COMPARISON.md
next to this file. Run from the repository root:

    python3 spec/curation/intl/compare.py

Per operation sharing method and path with a China operation: request parameters, request
body fields and response fields (wire paths, `[]` for array items, `{}` for map values)
that the intl SDK adds, lacks, or types or requires differently from the China spec. Types
are compared coarsely (string, integer, number, boolean, object, array, map, any): the SDK
knows neither int32/int64 nor decimal strings. `required` is compared for the request only
(response fields are generated optional). Every difference also says whether the China SDK
agrees with the intl SDK there, i.e. the China spec differs because of its own docs, not
because the two SDKs differ.
"""
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
PRIMS = {"str": "string", "int": "integer", "float": "number", "decimal.Decimal": "number",
         "bool": "boolean",
         "object": "any", "datetime": "string", "date": "string"}


# ---------- SDK side ----------

def sdk_flatten(models, type_name, prefix, out, seen=(), exact=False):
    """Flatten an SDK type into {wire path: (coarse type, required)} (exact SDK type if `exact`)."""
    t = type_name.strip()
    m = re.fullmatch(r"list\[(.+)\]", t)
    if m:
        sdk_flatten(models, m.group(1), prefix + "[]", out, seen, exact)
        return
    m = re.fullmatch(r"dict\(str,\s*(.+)\)", t)
    if m:
        sdk_flatten(models, m.group(1), prefix + "{}", out, seen, exact)
        return
    if t in models and t not in seen:
        for f in models[t]["fields"]:
            path = (prefix + "." if prefix else "") + f["wire"]
            out[path] = (sdk_exact(models, f["type"]) if exact else sdk_coarse(f["type"]), f["required"])
            sdk_flatten(models, f["type"], path, out, seen + (t,), exact)


def sdk_exact(models, t):
    """The SDK's own scalar type name; model names are left out (they differ by package)."""
    t = t.strip()
    m = re.fullmatch(r"list\[(.+)\]", t)
    if m:
        return "list[%s]" % sdk_exact(models, m.group(1))
    return "model" if t in models else t


def sdk_coarse(t):
    t = t.strip()
    if t.startswith("list["):
        return "array"
    if t.startswith("dict("):
        return "map"
    return PRIMS.get(t, "object")


def sdk_op(facts, op, exact=False):
    models = facts["models"]
    conv = (lambda t: sdk_exact(models, t)) if exact else sdk_coarse
    params = {(p["in"], p["wire"]): (conv(p["type"]), p["required"]) for p in op["params"]}
    body, resp = {}, {}
    if op.get("body_model"):
        sdk_flatten(models, op["body_model"], "", body, (), exact)
    if op.get("response_model"):
        sdk_flatten(models, op["response_model"], "", resp, (), exact)
    return params, body, resp


def exact_type_changes(intl, china):
    """Fields both SDKs have whose exact SDK type differs (e.g. float vs decimal.Decimal)."""
    out = []
    for part, a, b in zip(("params", "body", "response"), intl, china):
        for k in sorted(set(a) & set(b), key=str):
            if a[k][0] != b[k][0]:
                out.append({"part": part, "field": "%s %s" % k if part == "params" else k,
                            "intl_sdk": a[k][0], "china_sdk": b[k][0]})
    return out


# ---------- China spec side ----------

def spec_coarse(s, comps):
    if "$ref" in s:
        return "object"
    t = s.get("type")
    if t == "object" or (t is None and "properties" in s):
        return "map" if "additionalProperties" in s and "properties" not in s else "object"
    if t is None:
        return "any"
    return t


def spec_flatten(s, comps, prefix, out, seen=()):
    if "$ref" in s:
        name = s["$ref"].split("/")[-1]
        if name in seen:
            return
        spec_flatten(comps[name], comps, prefix, out, seen + (name,))
        return
    t = s.get("type")
    if t == "array":
        spec_flatten(s.get("items", {}), comps, prefix + "[]", out, seen)
        return
    if isinstance(s.get("additionalProperties"), dict) and "properties" not in s:
        spec_flatten(s["additionalProperties"], comps, prefix + "{}", out, seen)
        return
    req = set(s.get("required", []))
    for name, sub in s.get("properties", {}).items():
        path = (prefix + "." if prefix else "") + name
        out[path] = (spec_coarse(sub, comps), name in req)
        spec_flatten(sub, comps, path, out, seen)


def spec_op(op, comps):
    params = {(p["in"], p["name"]): (spec_coarse(p["schema"], comps), p.get("required", False))
              for p in op.get("parameters", [])}
    body, resp = {}, {}
    rb = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    if rb:
        spec_flatten(rb, comps, "", body)
    for status, r in op.get("responses", {}).items():
        if status.startswith("2"):
            s = r.get("content", {}).get("application/json", {}).get("schema")
            if s:
                spec_flatten(s, comps, "", resp)
    return params, body, resp


# ---------- diff ----------

def diff(intl, china, china_sdk, where, compare_required):
    """Differences between two {key: (type, required)} maps, intl against China."""
    out = []
    label = (lambda k: "%s %s" % k) if where == "param" else (lambda k: k)
    for k in sorted(set(intl) | set(china), key=str):
        a, b = intl.get(k), china.get(k)
        c = china_sdk.get(k)
        if a and not b:
            item = {"change": "added", "field": label(k), "type": a[0]}
            if compare_required:
                item["required"] = a[1]
            item["china_sdk_has_it"] = c is not None
        elif b and not a:
            item = {"change": "removed", "field": label(k), "china_type": b[0]}
            item["china_sdk_has_it"] = c is not None
        else:
            changes = []
            if a[0] != b[0] and {a[0], b[0]} != {"any", "object"}:
                changes.append("type")
            if compare_required and a[1] != b[1]:
                changes.append("required")
            if not changes:
                continue
            item = {"change": "+".join(changes), "field": label(k),
                    "intl": {"type": a[0], "required": a[1]} if compare_required else {"type": a[0]},
                    "china": {"type": b[0], "required": b[1]} if compare_required else {"type": b[0]}}
            item["china_sdk_same_as_intl"] = c is not None and (
                c[0] == a[0] and (not compare_required or c[1] == a[1]))
        out.append(item)
    return out


def main():
    intl = json.load(open(os.path.join(HERE, "sdk-facts.json"), encoding="utf-8"))
    cn_sdk = json.load(open(os.path.join(ROOT, "spec", "curation", "sdk-facts.json"), encoding="utf-8"))
    cn_sdk_ops = {o["id"]: o for o in cn_sdk["operations"]}
    domains = json.load(open(os.path.join(ROOT, "spec", "curation", "domains.json"), encoding="utf-8"))
    domain_of = {op: d for d, ops in domains.items() for op in ops}
    china = {}
    for f in sorted(glob.glob(os.path.join(ROOT, "spec", "*.json"))):
        doc = json.load(open(f, encoding="utf-8"))
        comps = doc.get("components", {}).get("schemas", {})
        for path, item in doc["paths"].items():
            for method, op in item.items():
                if method in ("get", "post", "put", "delete", "patch"):
                    china[(method.upper(), path)] = (doc["info"]["x-bss-domain"], op, comps)
    shared, intl_only = [], []
    for op in intl["operations"]:
        key = (op["method"], op["path"])
        ip, ib, ir = sdk_op(intl, op)
        if key not in china:
            intl_only.append({"operation": op["id"], "method": op["method"], "path": op["path"],
                              "title_zh": op["title_zh"], "domain": None})
            continue
        domain, cop, comps = china[key]
        cp, cb, cr = spec_op(cop, comps)
        if op["id"] in cn_sdk_ops:
            sp, sb, sr = sdk_op(cn_sdk, cn_sdk_ops[op["id"]])
        else:
            sp, sb, sr = {}, {}, {}
        entry = {
            "operation": op["id"], "method": op["method"], "path": op["path"],
            "china_operation": cop["operationId"], "domain": domain,
            "domain_check": domain_of.get(cop["operationId"]) == domain,
            "title_zh": op["title_zh"],
            "china_title_zh": cop.get("x-bss-title-zh"),
            "params": diff(ip, cp, sp, "param", True),
            "body": diff(ib, cb, sb, "body", True),
            "response": diff(ir, cr, sr, "response", False),
        }
        entry["sdk_exact_type_changes"] = exact_type_changes(
            sdk_op(intl, op, True),
            sdk_op(cn_sdk, cn_sdk_ops[op["id"]], True) if op["id"] in cn_sdk_ops else ({}, {}, {}))
        entry["identical"] = not (entry["params"] or entry["body"] or entry["response"]
                                  or entry["sdk_exact_type_changes"])
        shared.append(entry)
    # Intl-only operations: the China domain they belong in (our choice, see README).
    placement = {
        "FreezeSubCustomers": "customers", "UnfreezeSubCustomers": "customers",
        "ShowSubCustomerBudget": "customers", "UpdateSubCustomerBudget": "customers",
        "ListSubCustomerBudget": "customers", "ListSubCustomerBudgetRecords": "customers",
        "ShowPartnerConsumptionQuota": "accounts", "ShowCustomerExpenditureQuota": "accounts",
        "ListPostpaidBillSum": "bills", "ListInvoices": "invoices (new)",
        "ListResourceSpecsPrice": "products",
    }
    for e in intl_only:
        e["domain"] = placement.get(e["operation"])
    out = {
        "intl_package": intl["package"], "intl_version": intl.get("version"),
        "intl_regions": intl.get("regions"),
        "china_sdk_package": cn_sdk["package"],
        "shared_count": len(shared), "intl_only_count": len(intl_only),
        "shared": shared, "intl_only": intl_only,
    }
    with open(os.path.join(HERE, "COMPARISON.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    with open(os.path.join(HERE, "COMPARISON.md"), "w", encoding="utf-8") as f:
        f.write(render_md(out))


def fmt(item):
    ch = item["change"]
    if ch == "added":
        s = "+ `%s` (%s%s)" % (item["field"], item["type"],
                              ", required" if item.get("required") else "")
        if item["china_sdk_has_it"]:
            s += " — China SDK has it too; the China spec left it out"
        return s
    if ch == "removed":
        s = "− `%s` (%s)" % (item["field"], item["china_type"])
        s += " — China SDK has it" if item["china_sdk_has_it"] else " — China docs only (not in the China SDK)"
        return s
    a, b = item["intl"], item["china"]
    parts = []
    if a["type"] != b["type"]:
        parts.append("type %s → %s" % (b["type"], a["type"]))
    if a.get("required") != b.get("required"):
        parts.append("required %s → %s" % (str(b.get("required")).lower(), str(a.get("required")).lower()))
    s = "~ `%s`: %s (China → intl)" % (item["field"], ", ".join(parts))
    if item["china_sdk_same_as_intl"]:
        s += " — China SDK agrees with intl; the China spec follows its docs"
    return s


def render_md(out):
    L = []
    L.append("# International site vs China site: operation comparison\n")
    L.append("Generated by `spec/curation/intl/compare.py` (do not edit by hand). Intl side: the official SDK "
             "`%s` %s, read as data (`sdk-facts.json`). China side: the curated spec `spec/*.json`; "
             "the China SDK (`spec/curation/sdk-facts.json`) is consulted to say whether a difference is "
             "between the two SDKs or comes from the China docs.\n" % (out["intl_package"], out["intl_version"]))
    L.append("Endpoints in the intl SDK: " + ", ".join("`%s` → %s" % kv for kv in out["intl_regions"].items()) + ".\n")
    L.append("Types are coarse (string, integer, number, boolean, object, array, map, any). `+` the intl SDK has "
             "it and the China spec does not; `−` the China spec has it and the intl SDK does not; `~` both "
             "have it, typed or required differently. `required` is compared for requests only.\n")
    n_ident = sum(1 for e in out["shared"] if e["identical"])
    L.append("## Summary\n")
    L.append("- Operations in the intl SDK: %d" % (out["shared_count"] + out["intl_only_count"]))
    L.append("- Sharing method and path with a China operation: %d (same operation id in every case: %s); "
             "no difference at all: %d" % (out["shared_count"],
                                           all(e["operation"] == e["china_operation"] for e in out["shared"]),
                                           n_ident))
    L.append("- Intl only: %d\n" % out["intl_only_count"])
    L.append("Counts are added/removed/changed against the China spec; the last column counts fields "
             "whose exact SDK type differs between the two SDKs.\n")
    L.append("| Operation | Domain | Params + − ~ | Body + − ~ | Response + − ~ | SDK type |")
    L.append("|---|---|---|---|---|---|")
    for e in out["shared"]:
        def cnt(lst):
            a = sum(1 for i in lst if i["change"] == "added")
            r = sum(1 for i in lst if i["change"] == "removed")
            c = len(lst) - a - r
            return "%d/%d/%d" % (a, r, c) if lst else "—"
        L.append("| %s | %s | %s | %s | %s | %s |" % (e["operation"], e["domain"], cnt(e["params"]),
                                                       cnt(e["body"]), cnt(e["response"]),
                                                       len(e["sdk_exact_type_changes"]) or "—"))
    L.append("\n## Intl-only operations\n")
    L.append("| Operation | Method | Path | SDK title | Proposed domain |")
    L.append("|---|---|---|---|---|")
    for e in out["intl_only"]:
        L.append("| %s | %s | `%s` | %s | %s |" % (e["operation"], e["method"], e["path"], e["title_zh"], e["domain"]))
    L.append("\n## Shared operations: differences\n")
    L.append("No difference (against the China spec and between the SDKs): " +
             ", ".join(e["operation"] for e in out["shared"] if e["identical"]) + ".\n")
    for e in out["shared"]:
        if e["identical"]:
            continue
        L.append("### %s (`%s %s`, %s)\n" % (e["operation"], e["method"], e["path"], e["domain"]))
        for key, name in (("params", "Parameters"), ("body", "Request body"), ("response", "Response")):
            if e[key]:
                L.append("%s:\n" % name)
                for item in e[key]:
                    L.append("- " + fmt(item))
                L.append("")
        if e["sdk_exact_type_changes"]:
            L.append("Exact SDK types (China SDK → intl SDK):\n")
            for item in e["sdk_exact_type_changes"]:
                L.append("- %s `%s`: %s → %s" % (item["part"], item["field"], item["china_sdk"], item["intl_sdk"]))
            L.append("")
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    sys.exit(main())
