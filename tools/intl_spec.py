#!/usr/bin/env python3
"""Assemble the international site's spec, `spec/intl/<domain>.json` (stdlib only; idempotent).

Maintainer tool, not part of `cargo xtask regen` or CI. Inputs:
- `spec/<domain>.json`: the China site's curated spec. An operation the two sites share (same
  method, path and operation id) starts as a copy of the China operation and the schemas it
  reaches, with everything curated there (value names, times, Rust names, field docs);
- `spec/curation/intl/sdk-facts.json`: the official `huaweicloudsdkbssintl` read as data. Where
  its shapes differ from the China spec (`COMPARISON.json`), the copy is changed to match and the
  difference is recorded in `x-bss-site-differences`;
- `spec/curation/intl/<Operation>.json`: what the international docs give (pages, callers,
  samples, constraints). Operations only the international site has are built from these and the
  SDK facts by `tools/bootstrap_spec.py`'s builder, as the China ones were.

Provenance, as for the China site: a sample from an international (or European) page keeps its
`source`; a China sample carried over to an identical operation keeps its China `source` and is
counted apart; error rows carried from the China pages are `inferred` (no international error
table was within reach); a quota carried from China says so in `x-bss-sources`.

Usage: python3 tools/intl_spec.py
"""
import copy
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bootstrap_spec as bs  # noqa: E402
from apply_time_formats import body_times_of, fix_samples  # noqa: E402

ROOT = bs.ROOT
INTL = os.path.join(ROOT, "spec", "curation", "intl")
OUT = os.path.join(ROOT, "spec", "intl")
SDK = bs.load(os.path.join(INTL, "sdk-facts.json"))
SDK_NAME = "huaweicloudsdkbssintl " + SDK["version"]
COMPARISON = bs.load(os.path.join(INTL, "COMPARISON.json"))

# Where the operations only the international site has go (a proposal of the curation, decided
# here): invoices join bills rather than making a one-operation crate.
DOMAIN_OF_INTL_ONLY = {"invoices (new)": "bills"}

# Our one-line summaries of the international-only operations.
SUMMARIES = {
    "FreezeSubCustomers": "Freeze the accounts of up to ten customers (optionally their resources too).",
    "UnfreezeSubCustomers": "Unfreeze the accounts of up to ten customers.",
    "ListInvoices": "List the invoices issued to the account (international site).",
    "ListPostpaidBillSum": "Read a partner's monthly pay-per-use bill summary.",
    "ListResourceSpecsPrice": "Look up the prices of a cloud service type's resource specifications.",
    "ListSubCustomerBudget": "Read the budgets of several customers at once.",
    "ListSubCustomerBudgetRecords": "List the changes made to a customer's budget.",
    "ShowCustomerExpenditureQuota": "Read the customer's spending quota set by its partner.",
    "ShowPartnerConsumptionQuota": "Read the partner's credit consumption quota and what is used of it.",
    "ShowSubCustomerBudget": "Read one customer's budget.",
    "UpdateSubCustomerBudget": "Set a customer's budget.",
}

# Times the international pages state one form of (`x-bss-time`), for fields the China curation
# does not reach: (operation, location, name) -> form.
TIMES = {
    ("ListPostpaidBillSum", "query", "bill_cycle"): "year_month",
}

# Value names of the international-only fields with documented values (our names and words):
# (schema or operation, field or parameter) -> x-bss-values. Tables the China spec names too
# (AmountUnit, Currency, LanguageUnderscore) keep their names.
LANGUAGE = {"enum": "LanguageUnderscore", "values": [
    {"value": "zh_CN", "name": "Chinese", "doc": "Simplified Chinese."},
    {"value": "en_US", "name": "English", "doc": "English (US)."}]}
USD = {"value": "USD", "name": "Usd", "doc": "US dollars."}
DOLLAR_UNIT = {"value": 1, "name": "Dollar", "doc": "Amounts are in US dollars."}
AMOUNT_UNIT = {"enum": "AmountUnit", "values": [DOLLAR_UNIT]}
CURRENCY = {"enum": "Currency", "values": [USD]}
INTL_VALUES = {
    ("ShowCustomerExpenditureQuotaResponse", "measure_id"): AMOUNT_UNIT,
    ("ShowCustomerExpenditureQuotaResponse", "currency"): CURRENCY,
    ("ShowPartnerConsumptionQuotaResponse", "measure_id"): AMOUNT_UNIT,
    ("ShowPartnerConsumptionQuotaResponse", "currency"): CURRENCY,
    ("ListPostpaidBillSumResponse", "currency"): CURRENCY,
    ("ListSubCustomerBudgetResponse", "measure_id"): AMOUNT_UNIT,
    ("ListSubCustomerBudgetResponse", "currency"): CURRENCY,
    ("FreezeSubCustomersReq", "freeze_type"): {"enum": "FreezeType", "values": [
        {"value": "ACCOUNT", "name": "Account", "doc": "Freeze the account only (the default)."},
        {"value": "ACCOUNT_AND_RESOURCE", "name": "AccountAndResources",
         "doc": "Freeze the account and its resources."}]},
    ("ListSubCustomerBudgetRecords", "operation_type"): {"enum": "BudgetChange", "values": [
        {"value": "SETTING", "name": "Set", "doc": "The budget was set or changed."},
        {"value": "DELETE", "name": "Deleted", "doc": "The budget was removed."}]},
    ("ListSubCustomerBudgetRecords", "budget_type"): {"enum": "BudgetType", "values": [
        {"value": "MONTHLY", "name": "Monthly", "doc": "A budget that starts again every month."},
        {"value": "PACKAGE", "name": "Package", "doc": "One budget for a whole period (`PACKAGE`)."}]},
    ("ListResourceSpecsPrice", "X-Language"): LANGUAGE,
}


def name_values(op, schemas):
    for p in op["parameters"]:
        v = INTL_VALUES.get((op["operationId"], p["name"]))
        if v:
            p["x-bss-values"] = copy.deepcopy(v)
    for name, sch in schemas.items():
        for field, prop in sch.get("properties", {}).items():
            v = INTL_VALUES.get((name, field))
            if v:
                prop["x-bss-values"] = copy.deepcopy(v)


# Differences the international pages state (not visible in the SDK's shapes), in our words.
PAGE_DIFFERENCES = {
    "ShowCustomerAccountBalances": [
        "Balances are in US dollars (`currency` `USD`, `measure_id` 1 = dollar); customers of a "
        "reseller cannot call it."],
    "SendVerificationMessageCode": [
        "Codes go by email only: `receiver_type` has the one value 2 (email)."],
    "CreatePersonalRealnameAuth": [
        "Only certificate authentication is offered (`identify_type` 0); bank-card authentication is "
        "China only."],
    "ListSubCustomerCoupons": [
        "The international site has no flexi-purchase or discount coupons."],
    "ListOrderDiscounts": ["Customers of a reseller get no discounts here."],
    "CreateSubCustomer": [
        "A customer is registered with an email address and a `domain_area` (where the account is "
        "based) instead of a mobile number."],
}


# The international site bills in US dollars (`currency` USD, `measure_id` 1 = dollar on its
# pages): the China wording carried with the copied field docs is changed to say so.
MONEY_TEXT = [
    (re.compile(r"Currency code: CNY; empty also means CNY\."), "Currency code (USD on the international site)."),
    (re.compile(r"Currency code; CNY means Chinese yuan\."), "Currency code; USD means US dollars."),
    (re.compile(r"e\.g\. CNY"), "e.g. USD"),
    (re.compile(r"\b1 yuan\b"), "1 US dollar"),
    (re.compile(r"\byuan/"), "USD/"),
    (re.compile(r"\bin yuan\b"), "in US dollars"),
]
MONEY_VALUES = {
    "CNY": USD,
    1: DOLLAR_UNIT,
    "1": dict(DOLLAR_UNIT, value="1"),
}


def dollars(node):
    """The China site's yuan wording and values, in US dollars."""
    if isinstance(node, dict):
        for k, v in list(node.items()):
            if k == "description" and isinstance(v, str):
                for pattern, repl in MONEY_TEXT:
                    v = pattern.sub(repl, v)
                node[k] = v
            elif k == "x-bss-values" and v["enum"] in ("Currency", "AmountUnit", "AmountUnitText"):
                v["values"] = [MONEY_VALUES.get(x["value"], x) for x in v["values"]]
            elif k == "enum" and isinstance(v, list) and "CNY" in v:
                node[k] = ["USD" if x == "CNY" else x for x in v]
            else:
                dollars(v)
    elif isinstance(node, list):
        for v in node:
            dollars(v)


def usd_in_written(op):
    """Our written samples name this site's currency (copied ones stay verbatim)."""
    def walk(n):
        if isinstance(n, dict):
            for k, v in n.items():
                if k == "currency" and v == "CNY":
                    n[k] = "USD"
                else:
                    walk(v)
        elif isinstance(n, list):
            for v in n:
                walk(v)
    for smp in op["x-bss-samples"]:
        if smp.get("request_written_by_us"):
            walk(smp["request"].get("body"))
        if smp.get("response_written_by_us") and smp.get("response"):
            walk(smp["response"].get("body"))


def site_of(url):
    return "intl" if "/intl/" in (url or "") else "eu" if "/eu/" in (url or "") else "china"


def refs_in(node, out):
    if isinstance(node, dict):
        r = node.get("$ref")
        if isinstance(r, str) and r.startswith("#/components/schemas/"):
            out.add(r.rsplit("/", 1)[1])
        for v in node.values():
            refs_in(v, out)
    elif isinstance(node, list):
        for v in node:
            refs_in(v, out)


def closure(schemas, roots):
    """Names of the schemas reachable from `roots` (names)."""
    seen, todo = set(), list(roots)
    while todo:
        n = todo.pop()
        if n in seen or n not in schemas:
            continue
        seen.add(n)
        found = set()
        refs_in(schemas[n], found)
        todo.extend(found - seen)
    return seen


def resolve(schemas, s):
    while isinstance(s, dict) and "$ref" in s:
        s = schemas[s["$ref"].rsplit("/", 1)[1]]
    return s


def walk_to_parent(schemas, root, dotted):
    """(parent schema, leaf name) of a field path like `data[].next_operation_policy`."""
    parts = dotted.split(".")
    s = resolve(schemas, root)
    for part in parts[:-1]:
        arr = part.endswith("[]")
        name = part[:-2] if arr else part
        prop = s.get("properties", {}).get(name)
        if prop is None:
            return None, None
        prop = resolve(schemas, prop)
        if prop.get("type") == "array":
            prop = resolve(schemas, prop["items"])
        s = prop
    leaf = parts[-1].removesuffix("[]")
    return s, leaf


def body_schema(op):
    return (op.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema")


def ok_schema(op):
    for status, r in op["responses"].items():
        if status.startswith("2"):
            return (r.get("content") or {}).get("application/json", {}).get("schema")
    return None


def apply_differences(schemas, op, cmp):
    """Change a China copy to the international SDK's shape; the lines for the docs."""
    lines = []
    for d in cmp["params"]:
        where, _, name = d["field"].partition(" ")
        if d["change"] == "removed":
            op["parameters"] = [p for p in op["parameters"] if not (p["in"] == where and p["name"] == name)]
            lines.append({"in": where, "field": name, "change": "china_only"})
        else:
            raise SystemExit(f"{op['operationId']}: unhandled parameter change {d}")
    for side, root in (("body", body_schema(op)), ("response", ok_schema(op))):
        for d in cmp[side]:
            parent, leaf = walk_to_parent(schemas, root, d["field"])
            if parent is None:
                continue  # below a field already removed
            props = parent.setdefault("properties", {})
            if d["change"] == "removed":
                props.pop(leaf, None)
                if leaf in parent.get("required", []):
                    parent["required"].remove(leaf)
                    if not parent["required"]:
                        parent.pop("required")
                lines.append({"in": side, "field": d["field"], "change": "china_only"})
            elif d["change"] == "added":
                prop = bs.sdk_type_schema({"string": "str", "integer": "int", "boolean": "bool"}.get(d["type"], d["type"]))
                prop["x-bss-sources"] = {"shape": SDK_NAME}
                props[leaf] = prop
                if d.get("required"):
                    parent.setdefault("required", []).append(leaf)
                lines.append({"in": side, "field": d["field"], "change": "intl_only"})
            elif d["change"] == "required":
                req = [r for r in parent.get("required", []) if r != leaf]
                if d["intl"]["required"]:
                    req.append(leaf)
                if req:
                    parent["required"] = req
                else:
                    parent.pop("required", None)
                lines.append({"in": side, "field": d["field"],
                              "change": "required_here" if d["intl"]["required"] else "optional_here"})
            else:
                raise SystemExit(f"{op['operationId']}: unhandled change {d}")
    return lines


def intl_refs(cur):
    """The international (or European) pages of an operation, reached or listed."""
    out = []
    for r in cur.get("references") or []:
        if r.get("reached") or r.get("listed_on"):
            ref = r["reference"].removeprefix("eu-").removesuffix("-zh")
            if ref in ("api-oce", "api-bpconsole") and r["url"] not in [x["url"] for x in out]:
                out.append({"reference": ref, "url": r["url"]})
    return out


def intl_samples(b, op, cur):
    method, path = op["__method"], op["__path"]
    out = []
    for s in cur.get("samples") or []:
        if s.get("request"):
            out.append(bs.complete_sample(b, op, bs.normalise_sample(s, {"method": method, "path": path})))
    return out


def field_schema(schemas, root, dotted):
    parent, leaf = walk_to_parent(schemas, root, dotted)
    return (parent or {}).get("properties", {}).get(leaf)


def edit_json(value, dotted, fn):
    """Calls fn(object, leaf) on every object a field path like `data[].x` reaches in `value`."""
    parts = dotted.split(".")
    nodes = [value]
    for part in parts[:-1]:
        arr = part.endswith("[]")
        name = part[:-2] if arr else part
        nxt = []
        for n in nodes:
            v = n.get(name) if isinstance(n, dict) else None
            if arr and isinstance(v, list):
                nxt.extend(v)
            elif v is not None:
                nxt.append(v)
        nodes = nxt
    for n in nodes:
        if isinstance(n, dict):
            fn(n, parts[-1].removesuffix("[]"))


def adapt_sample(b, op, smp, lines):
    """A China sample changed to this site's fields: what changed is written by us."""
    smp = copy.deepcopy(smp)
    req, resp = smp["request"], smp.get("response") or {}
    for line in lines:
        where, field = line["in"], line["field"]
        if where in ("query", "header"):
            before = len(req["query"])
            req["query"] = [q for q in req["query"] if q[0] != field]
            req["headers"].pop(field, None)
            smp["request_written_by_us"] |= len(req["query"]) != before
        elif where == "body" and isinstance(req.get("body"), dict):
            if line["change"] == "china_only":
                def drop(obj, leaf):
                    if leaf in obj:
                        del obj[leaf]
                        smp["request_written_by_us"] = True
                edit_json(req["body"], field, drop)
            else:
                schema = field_schema(b.schemas, body_schema(op), field)

                def add(obj, leaf):
                    if leaf not in obj and schema is not None:
                        obj[leaf] = bs.example_value(b, schema, leaf)
                        smp["request_written_by_us"] = True
                edit_json(req["body"], field, add)
        elif where == "response" and isinstance(resp.get("body"), (dict, list)):
            def drop_resp(obj, leaf):
                if leaf in obj:
                    del obj[leaf]
                    smp["response_written_by_us"] = True
            edit_json(resp["body"], field, drop_resp)
    if smp["request_written_by_us"] and smp["response_written_by_us"]:
        smp["source"] = None
    return smp


def fit_constraints(op, smp):
    """Our written query values within the documented minimum and maximum."""
    if not smp.get("request_written_by_us"):
        return
    bounds = {p["name"]: p["schema"] for p in op["parameters"] if p["in"] == "query"}
    for pair in smp["request"]["query"]:
        sch = bounds.get(pair[0], {})
        if sch.get("type") == "integer" and pair[1].lstrip("-").isdigit():
            v = int(pair[1])
            v = max(v, sch.get("minimum", v))
            v = min(v, sch.get("maximum", v))
            pair[1] = str(v)


# Our meanings of the codes the international pages give that no China page of the same domain
# lists (the pages' own sentences are not copied).
ALL_CHINA_CODES = {}  # every China domain's code table, filled by main()
NEW_CODE_MEANINGS = {
    "CBC.99003602": "Expired or frozen resources cannot be renewed automatically.",
    "CBC.99003184": "The resource came with a giveaway and cannot be unsubscribed.",
    "CBC.99005024": "The customer's association type does not allow this call.",
}


def intl_error_rows(op, cur):
    """The rows the international pages give (not inferred), then the rows carried over."""
    rows, seen = [], set()
    status_of = {e["code"]: e["status"] for e in op["x-bss-errors"]}
    for e in cur.get("errors") or []:
        if e["code"] == "CBC.0000" or e["code"] in seen:
            continue
        seen.add(e["code"])
        # A page that gives no status: the China site's for the code, else the usual 400.
        status = e.get("status") or status_of.get(e["code"]) or \
            (ALL_CHINA_CODES.get(e["code"]) or {}).get("status") or 400
        rows.append({"code": e["code"], "status": status, "inferred": False})
    rows += [e for e in op["x-bss-errors"] if e["code"] not in seen]
    return rows


def shared_operation(b, china_op, cur, cmp, china_rate_source):
    op = copy.deepcopy(china_op)
    sources = op["x-bss-sources"]
    sources["shape"] = SDK_NAME + " (the same as the China site's" + \
        (")" if cmp["identical"] else ", except the fields in x-bss-site-differences)")
    lines = apply_differences(b.schemas, op, cmp)
    notes = PAGE_DIFFERENCES.get(op["operationId"], [])
    if lines or notes:
        op["x-bss-site-differences"] = {"fields": lines, "notes": notes}
    refs = intl_refs(cur)
    if refs:
        op["x-bss-references"] = refs
    else:
        sources["references"] = "no international page found; the China site's pages"
    op["x-bss-callers"] = bs.callers_of(cur) or op["x-bss-callers"]
    if cur.get("callers_source", "").startswith("china"):
        sources["callers"] = "the China site's pages (not confirmed on an international page)"
    for e in op["x-bss-errors"]:
        e["inferred"] = True
    sources["errors"] = "inferred: the China site's table for the same operation (no international table was reached)"
    if cur.get("errors"):
        op["x-bss-errors"] = intl_error_rows(op, cur)
        sources["errors"] = ("the international page's rows (with the China site's status where the page gives "
                             "none); the rows marked inferred from the China site's table for the same operation")
    sources["rate_limit"] = china_rate_source
    op["x-bss-title-zh"] = cur.get("title_zh") or cur.get("sdk_title_zh") or op["x-bss-title-zh"]
    op["__method"], op["__path"] = cur["method"].lower(), cur["path"]
    samples = intl_samples(b, op, cur)
    if not samples and cmp["identical"]:
        samples = op["x-bss-samples"]  # the China site's, same fields; counted apart by source
    elif not samples:
        samples = [adapt_sample(b, op, smp, lines) for smp in op["x-bss-samples"]]
    if not samples:
        samples = [bs.complete_sample(b, op, bs.written_request(b, op, op["__method"].upper(), op["__path"]))]
    op["x-bss-samples"] = samples
    return op


def intl_only_operation(b, op_id, cur):
    page_rows = cur.get("errors") or []
    method, path, op = bs.build_operation(b, op_id, dict(cur, errors=[]))
    if page_rows:
        op["x-bss-errors"] = intl_error_rows(op, dict(cur, errors=page_rows))
        op["x-bss-sources"]["errors"] = ("the international page's rows; the rows marked inferred are the "
                                         "chapter's common codes")
    op["summary"] = SUMMARIES[op_id]
    op["x-bss-sources"]["rate_limit"] = "the common quota (10/s); the international flow-control page was not reached"
    if cur.get("callers_source", "").startswith("china"):
        op["x-bss-sources"]["callers"] = "the China site's pages (not confirmed on an international page)"
    op["x-bss-references"] = intl_refs(cur)
    for p in op["parameters"]:
        form = TIMES.get((op_id, p["in"], p["name"]))
        if form:
            p["x-bss-time"] = form
    if op.get("x-bss-pagination", {}).get("style") == "page-number" and op_id == "ListInvoices":
        # `offset` (a page number) and `limit` are required here: the caller walks the pages.
        op.pop("x-bss-pagination")
    name_values(op, b.schemas)
    op["__method"], op["__path"] = method, path
    return op


def main():
    os.makedirs(OUT, exist_ok=True)
    china = {}
    all_china_codes = ALL_CHINA_CODES
    for path in sorted(glob.glob(os.path.join(ROOT, "spec", "*.json"))):
        doc = bs.load(path)
        if "paths" not in doc:
            continue
        for code, c in doc.get("x-bss-error-codes", {}).items():
            all_china_codes.setdefault(code, c)
        for p, item in doc["paths"].items():
            for m, op in item.items():
                china[op["operationId"]] = (doc, p, m, op)
    curated = {os.path.basename(f)[:-5]: bs.load(f) for f in glob.glob(os.path.join(INTL, "*.json"))
               if os.path.basename(f)[0].isupper() and "COMPARISON" not in f}
    shared = {s["operation"]: s for s in COMPARISON["shared"]}
    # Swap the builder's inputs for the international SDK's.
    bs.SDK_OPS = {o["id"]: o for o in SDK["operations"]}
    bs.SDK_MODELS = SDK["models"]
    bs.SDK_NAME = SDK_NAME
    bs.RATE_LIMITS = {}
    domains = {}
    for o in SDK["operations"]:
        cur = curated[o["id"]]
        domain = DOMAIN_OF_INTL_ONLY.get(cur["domain"], cur["domain"])
        domains.setdefault(domain, []).append(o["id"])
    for domain, ids in sorted(domains.items()):
        china_doc = bs.load(os.path.join(ROOT, "spec", domain + ".json"))
        b = bs.Builder(domain)
        b.schemas = copy.deepcopy(china_doc["components"]["schemas"])
        ops = []
        for op_id in sorted(ids):
            cur = curated[op_id]
            if op_id in shared:
                cdoc, _, _, cop = china[shared[op_id]["china_operation"]]
                if cdoc["info"]["x-bss-domain"] != domain:
                    raise SystemExit(f"{op_id}: China domain {cdoc['info']['x-bss-domain']}, here {domain}")
                rate = "the China site's quota for the same operation (the international flow-control page was not reached)"
                ops.append(shared_operation(b, cop, cur, shared[op_id], rate))
            else:
                ops.append(intl_only_operation(b, op_id, cur))
            # Deprecated "(Old)" versions the international pages list, where the China spec has
            # the same deprecated operation (method, path): carried over like a shared one.
            for old in cur.get("older_versions_seen") or []:
                found = china.get(old["operation"])
                if not found or not found[3].get("deprecated") or (found[2].upper(), found[1]) != \
                        (old.get("method"), old.get("path")):
                    continue
                synthetic = {"method": old["method"], "path": old["path"], "callers": found[3]["x-bss-callers"],
                             "callers_source": "china curation",
                             "references": [{"reference": next(r["reference"] for r in cur["references"]),
                                             "url": old["url"], "reached": False, "listed_on": cur["references"][0]["url"]}]}
                identical = {"identical": True, "params": [], "body": [], "response": []}
                rate = "the China site's quota for the same operation (the international flow-control page was not reached)"
                ops.append(shared_operation(b, found[3], synthetic, identical, rate))
        paths = {}
        for op in ops:
            paths.setdefault(op.pop("__path"), {})[op.pop("__method")] = op
        spec_view = {"components": {"schemas": b.schemas}}
        for op in ops:
            # Some intl page titles end in `-<OperationId>`; the title is the key into the docs.
            op["x-bss-title-zh"] = re.sub(r"-" + op["operationId"] + "$", "", op["x-bss-title-zh"])
            for smp in op["x-bss-samples"]:
                fit_constraints(op, smp)
            fix_samples("intl/" + domain, op, body_times_of(spec_view, op))
            usd_in_written(op)
            failures = op.get("x-bss-partial-failures")
            for smp in op["x-bss-samples"]:
                body = (smp.get("response") or {}).get("body")
                if failures and smp.get("response_written_by_us") and isinstance(body, dict) and failures in body:
                    body[failures] = []  # a written answer of a batch: every item done
            # The mock answers with the first sample's response: a copied one first.
            op["x-bss-samples"].sort(key=lambda smp: bool(smp.get("response_written_by_us")))
        roots = set()
        refs_in(paths, roots)
        keep = closure(b.schemas, roots | {"BssError"})
        codes = {}
        for op in ops:
            for e in op["x-bss-errors"]:
                c = china_doc.get("x-bss-error-codes", {}).get(e["code"]) or all_china_codes.get(e["code"])
                if c is None:
                    common = bs.load(os.path.join(ROOT, "spec", "common.json"))["x-bss-error-codes"]
                    if e["code"] in common:
                        continue
                    if e["code"] not in NEW_CODE_MEANINGS:
                        raise SystemExit(f"{op['operationId']}: code {e['code']} has no entry")
                    c = {"status": e["status"], "message": NEW_CODE_MEANINGS[e["code"]], "message_zh": "",
                         "source": next(r["source"] for r in curated[op["operationId"]]["errors"]
                                        if r["code"] == e["code"])}
                codes[e["code"]] = c
        doc = {
            "openapi": "3.0.3",
            "info": {"title": "Huawei Cloud BSS, international site: " + domain, "version": "2026-12-04",
                     "x-bss-domain": domain, "x-bss-site": "international",
                     **({"description": china_doc["info"]["description"]} if "description" in china_doc["info"] else {})},
            "servers": [{"url": SDK["regions"]["ap-southeast-1"]}, {"url": SDK["regions"]["eu-west-101"]}],
            "paths": {p: paths[p] for p in sorted(paths)},
            "components": {"schemas": {k: b.schemas[k] for k in sorted(keep)},
                           "responses": china_doc["components"]["responses"]},
            "x-bss-error-codes": {k: codes[k] for k in sorted(codes)},
        }
        dollars(doc["paths"])
        dollars(doc["components"]["schemas"])
        out = os.path.join(OUT, domain + ".json")
        with open(out, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=2)
            f.write("\n")
        print(f"intl {domain}: {len(ops)} operations, {len(keep)} schemas, {len(codes)} codes -> {out}")


if __name__ == "__main__":
    main()
