#!/usr/bin/env python3
"""Assemble `spec/<domain>.json` (OpenAPI 3.0.3) from gathered facts.

Maintainer tool, not part of `cargo xtask regen` or CI. Inputs, all under `spec/curation/`:
- `sdk-facts.json`: shapes from the official Python SDK (`tools/sdk_facts.py`);
- `domains.json`: which operations form which domain (crate);
- `<domain>/<Operation>.json`: what only the docs give (errors, samples, constraints,
  callers, deprecated operations), format in `spec/curation/README.md`;
- `summaries.json`: our one-line English summary of each operation;
- `error-messages.json`: our short English meaning of each error code.
Every fact keeps its origin in `x-bss-sources`. Usage: python3 tools/bootstrap_spec.py [DOMAIN...]
"""
import json
import os
import re
import sys
from urllib.parse import urlsplit, parse_qsl, unquote

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CUR = os.path.join(ROOT, "spec", "curation")
SHARED_SAMPLES = os.path.join(ROOT, "..", "shared", "doc-samples")
SDK_NAME = "huaweicloudsdkbss 3.1.219"
CONSTRAINT_KEYS = ("maxLength", "minLength", "minimum", "maximum", "enum", "default", "pattern",
                   "maxItems", "minItems")


def load(path, default=None):
    if not os.path.exists(path):
        return default
    with open(path, encoding="utf-8") as f:
        return json.load(f)


SDK = load(os.path.join(CUR, "sdk-facts.json"))
SDK_OPS = {o["id"]: o for o in SDK["operations"]}
SDK_MODELS = SDK["models"]
SUMMARIES = load(os.path.join(CUR, "summaries.json"), {})
MESSAGES = load(os.path.join(CUR, "error-messages.json"), {})
RATE_LIMITS = (load(os.path.join(CUR, "rate-limits.json"), {}) or {}).get("limits", {})


def rate_limit(op_id, cur):
    """The documented quota; where the two references differ, the lower one (safe for both)."""
    documented = [v for v in (RATE_LIMITS.get(op_id) or {}).values() if isinstance(v, int) and v > 0]
    if documented:
        return min(documented)
    return int(cur.get("rate_limit_per_second") or 10)


def words(op_id):
    parts = re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", re.sub(r"V\d+Old$", "", op_id))
    return " ".join(p.lower() for p in parts)


def sdk_type_schema(t):
    if t == "str":
        return {"type": "string"}
    if t == "int":
        return {"type": "integer", "format": "int32"}
    if t in ("float", "decimal.Decimal"):
        return {"type": "number"}
    if t == "bool":
        return {"type": "boolean"}
    if t == "object":
        return {}
    m = re.fullmatch(r"list\[(.+)\]", t)
    if m:
        return {"type": "array", "items": sdk_type_schema(m.group(1))}
    m = re.fullmatch(r"dict\(str, (.+)\)", t)
    if m:
        return {"type": "object", "additionalProperties": sdk_type_schema(m.group(1))}
    return {"$ref": "#/components/schemas/" + t}


def doc_type_schema(t):
    t = (t or "String").lower()
    if t in ("string", "str"):
        return {"type": "string"}
    if t in ("integer", "int", "int32"):
        return {"type": "integer", "format": "int32"}
    if t == "long":
        return {"type": "integer", "format": "int64"}
    if t in ("bigdecimal", "double", "number", "float", "decimal"):
        return {"type": "number"}
    if t == "boolean":
        return {"type": "boolean"}
    if t.startswith("array") or t.startswith("list"):
        return {"type": "array", "items": {"type": "string"}}
    return {"type": "object"}


def apply_constraints(schema, c):
    if not c:
        return
    target = schema
    for k in CONSTRAINT_KEYS:
        if k in c and c[k] is not None:
            if target.get("type") == "array" and k not in ("maxItems", "minItems"):
                apply_constraints(target["items"], {k: c[k]})
            elif k == "enum" and target.get("type") == "string":
                target[k] = [str(v) for v in c[k]]
            elif k == "enum" and target.get("type") == "integer":
                try:
                    target[k] = [int(v) for v in c[k]]
                except (TypeError, ValueError):
                    pass
            elif k in ("minimum", "maximum") and target.get("type") not in ("integer", "number"):
                continue
            elif k in ("maxLength", "minLength", "pattern") and target.get("type") != "string":
                continue
            elif k in ("maxItems", "minItems") and target.get("type") != "array":
                continue
            else:
                target[k] = c[k]
    dt = (c.get("doc_type") or "").lower()
    if dt == "long" and target.get("type") == "integer":
        target["format"] = "int64"
    if c.get("money"):
        target["x-bss-money"] = True
        if target.get("type") == "string":
            target["format"] = "decimal"
        elif target.get("type") in (None, "integer"):
            target["type"] = "number"
            target.pop("format", None)


class Builder:
    def __init__(self, domain):
        self.domain = domain
        self.schemas = {}

    def model(self, name):
        """Copy an SDK model (and what it references) into components.schemas."""
        if name in self.schemas or name not in SDK_MODELS:
            return
        m = SDK_MODELS[name]
        schema = {"type": "object", "properties": {}, "x-bss-sources": {"shape": SDK_NAME}}
        self.schemas[name] = schema
        req = []
        for f in m["fields"]:
            s = sdk_type_schema(f["type"])
            schema["properties"][f["wire"]] = s
            if f["required"]:
                req.append(f["wire"])
            for ref in re.findall(r"([A-Z]\w+)", f["type"]):
                self.model(ref)
        if req:
            schema["required"] = req

    def resolve(self, schema):
        while "$ref" in schema:
            schema = self.schemas[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def locate(self, root, path):
        """Schema of a field path like `order_infos[].amount` below `root`."""
        s = root
        for part in path.split("."):
            arr = part.endswith("[]")
            name = part[:-2] if arr else part
            s = self.resolve(s)
            props = s.get("properties", {})
            if name not in props:
                return None
            s = props[name]
            if arr:
                s = self.resolve(s)
                if s.get("type") != "array":
                    return None
                s = s["items"]
            if "$ref" in s and part != path.split(".")[-1]:
                continue
        return s

    def inline_fields(self, op_id, items, root_name):
        """Build schemas for SDK-less operations from the docs' field tables."""
        root = {"type": "object", "properties": {}, "x-bss-sources": {"shape": "docs"}}
        self.schemas[root_name] = root
        for it in items:
            parts = it["path"].split(".")
            s = root
            for i, part in enumerate(parts):
                arr = part.endswith("[]")
                name = part[:-2] if arr else part
                last = i == len(parts) - 1
                props = s.setdefault("properties", {})
                if last and not arr:
                    fs = doc_type_schema(it.get("type"))
                    if fs.get("type") == "object" and name in props:
                        break
                    fs = props.get(name) if name in props and "$ref" in props[name] else fs
                    props[name] = fs
                    apply_constraints(fs, it.get("constraints"))
                    if it.get("required"):
                        s.setdefault("required", [])
                        if name not in s["required"]:
                            s["required"].append(name)
                    break
                sub_name = root_name + "".join(w[:1].upper() + w[1:] for w in re.split(r"[_\W]+", name) if w)
                if name not in props or "$ref" not in (props[name].get("items", props[name])):
                    ref = {"$ref": "#/components/schemas/" + sub_name}
                    props[name] = {"type": "array", "items": ref} if arr else ref
                    self.schemas.setdefault(sub_name, {"type": "object", "properties": {},
                                                        "x-bss-sources": {"shape": "docs"}})
                    if it.get("required") and last:
                        s.setdefault("required", []).append(name)
                target = props[name].get("items", props[name])
                s = self.schemas[target["$ref"].rsplit("/", 1)[1]]
                if last:
                    break
        return root


def sample_from_shared(op_id):
    d = load(os.path.join(SHARED_SAMPLES, op_id + ".json"))
    if not d:
        return []
    req = d.get("request") or {}
    line = req.get("line", "")
    m = re.match(r"(\w+)\s+(\S+)", line)
    if not m:
        return []
    resp = None
    for r in d.get("responses") or []:
        if not r.get("truncated") and (r.get("body") is not None or r.get("status") == 204):
            resp = {"status": r["status"], "body": r.get("body")}
            break
    return [{"source": d.get("doc_url", "").split(" | ")[0],
             "request": {"method": m.group(1), "url": m.group(2),
                         "headers": dict(req.get("headers") or []), "body": req.get("body")},
             "response": resp, "written_by_us": False}]


def normalise_sample(s, op):
    req = s.get("request") or {}
    url = req.get("url", "") or ""
    if url and not url.startswith(("http://", "https://", "/")):
        url = "https://" + url  # the docs print some request lines without a scheme
    parts = urlsplit(url)
    headers = {k: v for k, v in (req.get("headers") or {}).items()
               if k.lower() not in ("x-auth-token", "content-type", "host", "authorization")}
    out = {
        "source": s.get("source"),
        "request": {
            "method": (req.get("method") or op["method"]).upper(),
            "path": unquote(parts.path) if parts.path else op["path"],
            "query": [[k, v] for k, v in parse_qsl(parts.query, keep_blank_values=True)],
            "headers": headers,
            "body": req.get("body"),
        },
    }
    resp = s.get("response")
    if resp and not resp.get("truncated") and (resp.get("body") is not None or int(resp.get("status") or 0) == 204):
        out["response"] = {"status": int(resp.get("status") or 200), "body": resp.get("body")}
    if s.get("completed_by_us"):
        out["completed_by_us"] = s["completed_by_us"]
    wb = s.get("written_by_us")
    if isinstance(wb, dict):
        out["request_written_by_us"] = bool(wb.get("request"))
        out["response_written_by_us"] = bool(wb.get("response"))
    else:
        out["request_written_by_us"] = bool(wb)
        out["response_written_by_us"] = bool(wb) or bool(s.get("response_written_by_us"))
    return out


def status_of(e):
    """An error row's HTTP status; rows whose status was unreadable count as 400 (inferred)."""
    try:
        return int(e.get("status"))
    except (TypeError, ValueError):
        return 400


COMMON_ERRORS = [("CBC.0100", 400), ("CBC.0151", 403), ("CBC.0999", 500)]


# Realistic values for common fields of written samples (our choice, typical of the service).
EXAMPLE_STRINGS = {
    "service_type_code": "hws.service.type.ebs", "cloud_service_type": "hws.service.type.ebs",
    "service_type_name": "Elastic Volume Service", "cloud_service_type_name": "Elastic Volume Service",
    "resource_type_code": "hws.resource.type.volume", "resource_type": "hws.resource.type.volume",
    "resource_type_name": "EVS disk", "region_code": "cn-north-4", "region": "cn-north-4",
    "region_name": "CN North-Beijing4", "resource_name": "data-disk-01", "resource_spec_code": "SSD",
    "product_spec_desc": "Ultra-high I/O | 100 GB", "account_name": "example_account", "customer": "Example Co., Ltd.",
    "customer_name": "Example Co., Ltd.", "name": "Example", "label": "vip", "telephone": "138****0000",
    "mobile_phone": "138****0000", "email": "***@example.com", "country_code": "0086", "lang": "zh-cn",
    "province_code": "CN-11", "city_code": "CN-1101", "code": "CN-11", "usage_type": "duration",
    "charge_mode": "1", "bill_type": "1", "trade_type": "1", "association_type": "1", "project_id": "0",
    "enterprise_project_id": "0", "enterprise_project_name": "default", "xaccount_type": "example_IDP",
    "use_coupon": "NO", "use_discount": "NO", "operation_type": "1", "remark": "example",
}


def example_value(b, schema, name, depth=0):
    """A plausible value for a written sample (marked written by us in the spec)."""
    if "$ref" in schema:
        target = b.schemas.get(schema["$ref"].rsplit("/", 1)[1], {})
        if depth > 8:
            return {}
        return {k: example_value(b, v, k, depth + 1) for k, v in target.get("properties", {}).items()}
    t = schema.get("type")
    if "enum" in schema and schema["enum"]:
        return schema["enum"][0]
    if t == "array":
        if depth > 8:
            return []
        return [example_value(b, schema.get("items", {}), name, depth + 1)]
    if t == "integer":
        return {"limit": 10, "offset": 0, "total_count": 1, "count": 1, "measure_id": 1}.get(name, 1)
    if t == "number":
        return 12.34 if schema.get("x-bss-money") else 1.5
    if t == "boolean":
        return True
    if t == "string":
        if schema.get("format") == "decimal":
            return "12.34"
        n = name.lower()
        if n.endswith("time") or n.endswith("date") or n.startswith("time"):
            return "2026-11-01T08:00:00Z"
        if n in EXAMPLE_STRINGS:
            return EXAMPLE_STRINGS[n]
        if n in ("currency",):
            return "CNY"
        if n in ("x-language",):
            return "en_US"
        if n.endswith("cycle") or n == "cycle" or n == "shared_month":
            return "2026-10"
        if n == "error_code":
            return "CBC.0000"
        if n == "error_msg":
            return "success"
        if n.endswith("order_id") or n == "order_id":
            return "CS2611011200ABCDE"
        if "id" in n:
            return "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
        return n.replace("_", "-") + "-example"
    if t == "object" and "additionalProperties" in schema:
        return {}
    return {}


def param_values(b, p):
    """A parameter's written example as wire strings (one per item for lists)."""
    values = example_value(b, p["schema"], p["name"])
    values = values if isinstance(values, list) else [values]
    return [str(v).lower() if isinstance(v, bool) else str(v) for v in values]


def complete_sample(b, op, sample):
    """Fill what a docs sample lacks: missing required parameters, a missing response."""
    req = sample["request"]
    added = []
    for p in op["parameters"]:
        if not p["required"]:
            continue
        if p["in"] == "query" and p["name"] not in {k for k, _ in req["query"]}:
            req["query"].extend([p["name"], v] for v in param_values(b, p))
            added.append(p["name"])
        if p["in"] == "header" and p["name"] not in req["headers"]:
            req["headers"][p["name"]] = str(example_value(b, p["schema"], p["name"]))
            added.append(p["name"])
    body = op.get("requestBody")
    if body and body["required"] and req.get("body") is None:
        req["body"] = example_value(b, body["content"]["application/json"]["schema"], "body")
        added.append("body")
    if added:
        sample["request_written_by_us"] = True
        sample["completed_by_us"] = added
    if "response" not in sample:
        status = next(int(k) for k in op["responses"] if k.startswith("2"))
        content = op["responses"][str(status)].get("content")
        body = None
        if content:
            schema = content["application/json"]["schema"]
            body = example_value(b, schema, "response") if "$ref" in schema else \
                {"error_code": "CBC.0000", "error_msg": "success"}
        sample["response"] = {"status": status, "body": body}
        sample["response_written_by_us"] = True
    return sample


def written_request(b, op, method, path):
    """A request written by us from the operation's parameters (all of them set)."""
    query, headers = [], {}
    url_path = path
    for p in op["parameters"]:
        values = param_values(b, p)
        if p["in"] == "path":
            url_path = url_path.replace("{" + p["name"] + "}", values[0])
        elif p["in"] == "query":
            query.extend([p["name"], v] for v in values)
        else:
            headers[p["name"]] = values[0]
    body = None
    if op.get("requestBody"):
        body = example_value(b, op["requestBody"]["content"]["application/json"]["schema"], "body")
    return {"source": None, "request": {"method": method, "path": url_path, "query": query, "headers": headers,
                                        "body": body}, "request_written_by_us": True}


def infer_pagination(b, op, path, resp_model):
    """offset/limit (or page_index/page_size) in, a total and one list out: a paged list."""
    if not resp_model or resp_model not in b.schemas or b.schemas[resp_model].get("x-bss-untyped"):
        return None
    style, where, names = None, None, {}
    query = {p["name"]: p for p in op["parameters"] if p["in"] == "query"}
    if "offset" in query and "limit" in query:
        style = "page-number" if path.startswith("/v1.0/") else "record-offset"
        where, names = "query", {"offset": "offset", "limit": "limit"}
    elif "page_index" in query and "page_size" in query:
        style, where, names = "page-number", "query", {"offset": "page_index", "limit": "page_size"}
    elif op.get("requestBody"):
        body = b.resolve(op["requestBody"]["content"]["application/json"]["schema"])
        props = body.get("properties", {})
        # An optional body is created on demand, which needs a body without required fields.
        creatable = op["requestBody"]["required"] or not body.get("required")
        if "offset" in props and "limit" in props and creatable:
            style, where, names = "record-offset", "body", {"offset": "offset", "limit": "limit"}
    if not style:
        return None
    props = b.schemas[resp_model].get("properties", {})
    total = next((k for k in ("total_count", "total", "count", "totalCount") if
                  props.get(k, {}).get("type") == "integer"), None)
    arrays = [k for k, v in props.items() if v.get("type") == "array" and "$ref" in v.get("items", {})]
    if len(arrays) != 1:
        return None
    return {"style": style, "in": where, "offset": names["offset"], "limit": names["limit"],
            "items": arrays[0], "total": total}


def string_decimals(b, schema, value):
    """Where a docs sample carries a decimal as a JSON string, the wire form is a string."""
    if value is None:
        return
    target = b.resolve(schema) if "$ref" in schema else schema
    if isinstance(value, dict) and target.get("properties"):
        for k, v in value.items():
            prop = target["properties"].get(k)
            if prop is None:
                continue
            if prop.get("type") == "number" and isinstance(v, str):
                prop["type"] = "string"
                prop["format"] = "decimal"
                prop.setdefault("x-bss-sources", {})["wire_form"] = "string, as in the docs' sample"
            else:
                string_decimals(b, prop, v)
    elif isinstance(value, list) and target.get("type") == "array":
        for item in value:
            string_decimals(b, target["items"], item)


def callers_of(cur):
    callers = list(dict.fromkeys(cur.get("callers") or []))
    if not callers:
        refs = [r.get("reference") for r in cur.get("references") or []]
        if "api-oce" in refs:
            callers.append("customer")
        if "api-bpconsole" in refs:
            callers.append("partner")
    return callers


def build_operation(b, op_id, cur):
    sdk = SDK_OPS.get(op_id)
    method = (sdk or cur)["method"].upper()
    path = sdk["path"] if sdk else cur["path"]
    sources = {}
    op = {
        "operationId": op_id,
        "summary": SUMMARIES.get(op_id) or (words(op_id).capitalize() + "."),
        "parameters": [],
        "responses": {},
    }
    cons = cur.get("constraints") or {}
    doc_path = cur.get("path")
    if sdk and doc_path and doc_path != sdk["path"]:
        op["x-bss-doc-path"] = doc_path
        sources["path"] = "SDK path used; the docs print " + doc_path
    if sdk:
        sources["shape"] = SDK_NAME
        for p in sdk["params"]:
            schema = sdk_type_schema(p["type"])
            apply_constraints(schema, cons.get(p["in"] + "." + p["wire"]))
            op["parameters"].append({"name": p["wire"], "in": p["in"], "required": p["required"] or p["in"] == "path",
                                     "schema": schema})
        extra = [f for f in ((cur.get("fields") or {}).get("request") or [])
                 if f.get("in") in ("query", "path", "header")
                 and f["path"] not in {p["wire"] for p in sdk["params"]}]
        for f in extra:
            schema = doc_type_schema(f.get("type"))
            apply_constraints(schema, f.get("constraints"))
            op["parameters"].append({"name": f["path"], "in": f["in"], "required": bool(f.get("required")),
                                     "schema": schema, "x-bss-sources": {"shape": "docs (not in the SDK)"}})
        if sdk.get("body_model"):
            b.model(sdk["body_model"])
            # The SDK marks no body as required; a body with required fields is.
            body_required = bool(sdk.get("body_required")) or any(
                f["required"] for f in SDK_MODELS.get(sdk["body_model"], {}).get("fields", []))
            op["requestBody"] = {"required": body_required, "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/" + sdk["body_model"]}}}}
        resp_model = sdk["response_model"]
        has_body = bool(SDK_MODELS.get(resp_model, {}).get("fields"))
        if has_body:
            b.model(resp_model)
    else:
        sources["shape"] = "docs"
        fields = cur.get("fields") or {}
        req = fields.get("request") or []
        body_items = []
        for f in req:
            if f.get("in") in ("query", "path", "header"):
                schema = doc_type_schema(f.get("type"))
                apply_constraints(schema, f.get("constraints"))
                op["parameters"].append({"name": f["path"], "in": f["in"],
                                         "required": bool(f.get("required")) or f["in"] == "path", "schema": schema})
            else:
                body_items.append(f)
        if body_items:
            b.inline_fields(op_id, body_items, op_id + "Body")
            op["requestBody"] = {"required": True, "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/" + op_id + "Body"}}}}
        resp_items = fields.get("response") or []
        resp_model = op_id + "Response"
        has_body = True
        if resp_items:
            b.inline_fields(op_id, resp_items, resp_model)
        else:
            # The docs' response table was out of reach: an untyped JSON object, said so.
            b.schemas[resp_model] = {"type": "object", "x-bss-untyped": True, "x-bss-sources": {
                "shape": "docs response table not reached; kept as untyped JSON"}}
    # constraints on body and response fields
    for key, c in cons.items():
        loc, _, fpath = key.partition(".")
        root = None
        if loc == "body" and op.get("requestBody"):
            root = op["requestBody"]["content"]["application/json"]["schema"]
        elif loc == "response" and has_body:
            root = {"$ref": "#/components/schemas/" + resp_model}
        if root and fpath:
            s = b.locate(root, fpath)
            parent_path, _, leaf = fpath.rpartition(".")
            parent = b.resolve(b.locate(root, parent_path) if parent_path else root)
            if s is None and parent is not None and "[]" not in leaf and c.get("doc_type") is not None:
                # A field the docs document and the SDK model lacks.
                s = doc_type_schema(c.get("doc_type"))
                s["x-bss-sources"] = {"shape": "docs (not in the SDK model)"}
                parent.setdefault("properties", {})[leaf] = s
            if s is not None and "$ref" not in s:
                apply_constraints(s, c)
            if parent is not None and isinstance(c.get("required"), bool) and leaf in parent.get("properties", {}):
                req = [r for r in parent.get("required", []) if r != leaf]
                if c["required"]:
                    req.append(leaf)
                if req:
                    parent["required"] = req
                else:
                    parent.pop("required", None)
    if any(int((smp.get("response") or {}).get("status") or 0) == 204 for smp in cur.get("samples") or []):
        has_body = False  # the docs show 204 No Content; response fields exist only on failure
    status = cur.get("success_status") or (200 if has_body else 204)
    if has_body:
        op["responses"][str(status)] = {"description": "Success.", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/" + resp_model}}}}
    else:
        op["responses"][str(status)] = {"description": "Success, no body."}
    errors = []
    seen = set()
    for e in cur.get("errors") or []:
        if e["code"] == "CBC.0000":
            continue
        key = (e["code"], status_of(e))
        if key in seen:
            continue
        seen.add(key)
        item = {"code": e["code"], "status": status_of(e)}
        if e.get("inferred") or not e.get("status"):
            item["inferred"] = True
        errors.append(item)
    if not errors:
        # No table reached: the chapter-wide common codes, marked as inferred.
        errors = [{"code": c, "status": st, "inferred": True} for c, st in COMMON_ERRORS]
        sources["errors"] = "inferred: the docs' table was not reached; common BSS codes"
    for st in sorted({e["status"] for e in errors}):
        if not 200 <= st < 300:  # business errors inside a 2xx body share the success response
            op["responses"][str(st)] = {"$ref": "#/components/responses/Error"}
    if cur.get("deprecated"):
        op["deprecated"] = True
        if cur.get("replacement"):
            op["x-bss-replacement"] = cur["replacement"]
    op["x-bss-title-zh"] = cur.get("title_zh") or (sdk or {}).get("title_zh", "")
    op["x-bss-references"] = [{"reference": r["reference"], "url": r["url"]} for r in cur.get("references") or []]
    op["x-bss-callers"] = callers_of(cur)
    op["x-bss-idempotent"] = method == "GET" or bool(re.match(r"(List|Show|Check)", op_id))
    op["x-bss-rate-limit"] = rate_limit(op_id, cur)
    op["x-bss-errors"] = errors
    samples = cur.get("samples") or []
    if not samples:
        samples = sample_from_shared(op_id)
    op["x-bss-samples"] = [complete_sample(b, op, normalise_sample(s, {"method": method, "path": path}))
                           for s in samples if s.get("request")]
    if not op["x-bss-samples"]:
        op["x-bss-samples"] = [complete_sample(b, op, written_request(b, op, method, path))]
    for smp in op["x-bss-samples"]:
        if not smp.get("request_written_by_us") and op.get("requestBody"):
            string_decimals(b, op["requestBody"]["content"]["application/json"]["schema"], smp["request"]["body"])
        ok = op["responses"].get(str(smp.get("response", {}).get("status")), {})
        if not smp.get("response_written_by_us") and ok.get("content"):
            string_decimals(b, ok["content"]["application/json"]["schema"], smp["response"]["body"])
    if has_body and "error_details" in b.schemas.get(resp_model, {}).get("properties", {}):
        op["x-bss-partial-failures"] = "error_details"
    pagination = infer_pagination(b, op, path, resp_model if has_body else None)
    if pagination:
        op["x-bss-pagination"] = pagination
    if cur.get("sdk_disagreement"):
        sources["sdk_disagreement"] = cur["sdk_disagreement"]
    if any(not e.get("inferred") for e in errors):
        sources["errors"] = "docs" + ("; rows marked inferred were matched from unattributed snippets"
                                      if any(e.get("inferred") for e in errors) else "")
    op["x-bss-sources"] = sources
    return method.lower(), path, op


def build_domain(domain, op_ids):
    b = Builder(domain)
    cur_dir = os.path.join(CUR, domain)
    curated = {}
    if os.path.isdir(cur_dir):
        for f in sorted(os.listdir(cur_dir)):
            if f.endswith(".json"):
                d = load(os.path.join(cur_dir, f))
                curated[d["operation"]] = d
    ids = list(op_ids) + sorted(k for k in curated if k not in op_ids)
    paths = {}
    codes = {}
    for op_id in ids:
        cur = curated.get(op_id, {})
        method, path, op = build_operation(b, op_id, cur)
        paths.setdefault(path, {})[method] = op
        for e in op["x-bss-errors"]:
            codes.setdefault(e["code"], {"status": e["status"]})
        for e in cur.get("errors") or []:
            if e["code"] == "CBC.0000":
                continue
            c = codes.setdefault(e["code"], {"status": status_of(e)})
            if e.get("message_zh") and "message_zh" not in c:
                c["message_zh"] = e["message_zh"]
            if e.get("message_en") and "message_en_docs" not in c:
                c["message_en_docs"] = e["message_en"]
    for code, c in codes.items():
        c["message"] = MESSAGES.get(code) or c.get("message_en_docs") or ""
        c.pop("message_en_docs", None)
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "Huawei Cloud BSS: " + domain, "version": "2026-11-23",
                 "x-bss-domain": domain},
        "servers": [{"url": "https://bss.myhuaweicloud.com"}],
        "paths": {p: paths[p] for p in sorted(paths)},
        "components": {
            "schemas": {k: b.schemas[k] for k in sorted(b.schemas)},
            "responses": {"Error": {"description": "An error code and message.", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/BssError"}}}}},
        },
        "x-bss-error-codes": {k: codes[k] for k in sorted(codes)},
    }
    field_docs = load(os.path.join(CUR, "field-docs", domain + ".json"), {})
    for name, fields in (field_docs.get("schemas") or {}).items():
        props = b.schemas.get(name, {}).get("properties", {})
        for wire, text in fields.items():
            if wire in props and text:
                props[wire]["description"] = text  # beside a $ref too: our generator reads it
    for item in paths.values():
        for op in item.values():
            for param in op["parameters"]:
                text = (field_docs.get("parameters") or {}).get(op["operationId"], {}).get(param["name"])
                if text:
                    param["description"] = text
    doc["components"]["schemas"]["BssError"] = {
        "type": "object", "properties": {"error_code": {"type": "string"}, "error_msg": {"type": "string"}},
        "x-bss-sources": {"shape": "docs"}}
    doc["components"]["schemas"] = dict(sorted(doc["components"]["schemas"].items()))
    out = os.path.join(ROOT, "spec", domain + ".json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(f"{domain}: {len(ids)} operations, {len(b.schemas)} schemas, {len(codes)} codes -> {out}")


def main():
    domains = load(os.path.join(CUR, "domains.json"))
    wanted = sys.argv[1:] or list(domains)
    for d in wanted:
        build_domain(d, domains[d])


if __name__ == "__main__":
    main()
