#!/usr/bin/env python3
"""Extract machine-readable facts from the official Python SDK `huaweicloudsdkbss`.

Maintainer tool. It reads the package's source as data (Python's `ast`), never imports or
runs it, and prints JSON: for every operation its HTTP method, path, parameters (wire name,
location, type, required) and body/response model names; for every model its fields (wire
name, type, required). No prose is taken over: docstrings are dropped except the first line
of an operation's docstring, which is the Chinese API title used as a reference key.

Usage: python3 tools/sdk_facts.py PATH/TO/huaweicloudsdkbss > facts.json
       python3 tools/sdk_facts.py --with-meta PATH/TO/huaweicloudsdkbssintl > facts.json

The package name is the directory's name and the client module is the one `*_client.py`
that is not the async one, so the international package (`huaweicloudsdkbssintl`,
`bssintl_client.py`) reads the same way. `--with-meta` adds `version` (from the sibling
`*.dist-info/METADATA` of an unpacked wheel) and `regions` (region id -> endpoint, from
`v2/region/*.py`); without it the output is exactly what it always was.
"""
import ast
import json
import os
import re
import sys


def camel(snake):
    return "".join(p[:1].upper() + p[1:] for p in snake.split("_"))


def literal_dict(node):
    out = {}
    for k, v in zip(node.keys, node.values):
        if isinstance(k, ast.Constant) and isinstance(v, ast.Constant):
            out[k.value] = v.value
    return out


def read_model(path):
    """Return (class name, fields) for one model module."""
    tree = ast.parse(open(path, encoding="utf-8").read())
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef):
            continue
        types, wire, required, sensitive = {}, {}, set(), []
        for stmt in cls.body:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
                name = stmt.targets[0].id
                if name == "openapi_types":
                    types = literal_dict(stmt.value)
                elif name == "attribute_map":
                    wire = literal_dict(stmt.value)
                elif name == "sensitive_list" and isinstance(stmt.value, ast.List):
                    sensitive = [e.value for e in stmt.value.elts if isinstance(e, ast.Constant)]
            if isinstance(stmt, ast.FunctionDef) and stmt.name == "__init__":
                # The SDK assigns required attributes unconditionally and optional ones
                # under `if x is not None:`; that pattern is the only required flag it has.
                for s in stmt.body:
                    if (isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Attribute)
                            and isinstance(s.targets[0].value, ast.Name)
                            and s.targets[0].value.id == "self"
                            and not s.targets[0].attr.startswith("_")
                            and s.targets[0].attr != "discriminator"):
                        required.add(s.targets[0].attr)
        fields = [
            {"name": n, "wire": wire.get(n, n), "type": t, "required": n in required,
             "sensitive": n in sensitive}
            for n, t in types.items()
        ]
        base = [b.id for b in cls.bases if isinstance(b, ast.Name)]
        return cls.name, {"fields": fields, "is_response": "SdkResponse" in base}
    return None, None


def read_operations(client_path):
    tree = ast.parse(open(client_path, encoding="utf-8").read())
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef))
    titles = {}
    ops = []
    for fn in cls.body:
        if not isinstance(fn, ast.FunctionDef):
            continue
        doc = ast.get_docstring(fn)
        if doc and not fn.name.startswith("_"):
            titles[fn.name] = doc.strip().splitlines()[0].strip()
        m = re.fullmatch(r"_(\w+)_http_info", fn.name)
        if not m:
            continue
        name = m.group(1)
        op = {"id": camel(name), "sdk_method": name, "params": [], "body": False}
        for node in ast.walk(fn):
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) \
                    and node.targets[0].id == "http_info" and isinstance(node.value, ast.Dict):
                d = literal_dict(node.value)
                op["method"] = d.get("method")
                op["path"] = d.get("resource_path")
                op["response_model"] = d.get("response_type")
            # path_params['x'] = local_var_params['x'] / header_params['X-Language'] = ...
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript):
                tgt = node.targets[0]
                if isinstance(tgt.value, ast.Name) and tgt.value.id in ("path_params", "header_params"):
                    key = tgt.slice.value if isinstance(tgt.slice, ast.Constant) else None
                    src = node.value
                    if key and isinstance(src, ast.Subscript) and isinstance(src.slice, ast.Constant):
                        loc = "path" if tgt.value.id == "path_params" else "header"
                        op["params"].append({"attr": src.slice.value, "wire": key, "in": loc})
            # query_params.append(('wire', local_var_params['attr']))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "query_params" \
                    and node.func.attr == "append":
                tup = node.args[0]
                wire = tup.elts[0].value
                attr = tup.elts[1].slice.value
                op["params"].append({"attr": attr, "wire": wire, "in": "query"})
            if isinstance(node, ast.Compare) and isinstance(node.left, ast.Constant) \
                    and node.left.value == "body":
                op["body"] = True
        ops.append(op)
    for op in ops:
        op["title_zh"] = titles.get(op["sdk_method"], "")
    return ops


def client_module(v2):
    names = [f for f in os.listdir(v2) if f.endswith("_client.py") and "async" not in f]
    if len(names) != 1:
        sys.exit("expected one sync *_client.py in %s, found %s" % (v2, names))
    return os.path.join(v2, names[0])


def read_meta(root):
    """Version from the unpacked wheel's METADATA; regions from the SDK's region module."""
    meta = {"version": None, "regions": {}}
    parent, package = os.path.split(os.path.abspath(root))
    for d in sorted(os.listdir(parent)):
        if d.startswith(package + "-") and d.endswith(".dist-info"):
            for line in open(os.path.join(parent, d, "METADATA"), encoding="utf-8"):
                if line.startswith("Version:"):
                    meta["version"] = line.split(":", 1)[1].strip()
                    break
    region_dir = os.path.join(root, "v2", "region")
    for f in sorted(os.listdir(region_dir)) if os.path.isdir(region_dir) else []:
        if not f.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(open(os.path.join(region_dir, f), encoding="utf-8").read())):
            # AP_SOUTHEAST_1 = Region("ap-southeast-1", "https://...")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == "Region" and len(node.args) == 2 \
                    and all(isinstance(a, ast.Constant) for a in node.args):
                meta["regions"][node.args[0].value] = node.args[1].value
    return meta


def main():
    args = sys.argv[1:]
    with_meta = "--with-meta" in args
    root = [a for a in args if a != "--with-meta"][0]
    package = os.path.basename(os.path.normpath(root))
    v2 = os.path.join(root, "v2")
    models = {}
    for f in sorted(os.listdir(os.path.join(v2, "model"))):
        if f.endswith(".py") and f != "__init__.py":
            name, model = read_model(os.path.join(v2, "model", f))
            if name:
                models[name] = model
    ops = read_operations(client_module(v2))
    for op in ops:
        req = models.get(op["id"] + "Request", {"fields": []})
        types = {f["name"]: f for f in req["fields"]}
        op["request_model"] = op["id"] + "Request"
        for p in op["params"]:
            f = types.get(p["attr"], {})
            p["type"] = f.get("type", "str")
            p["required"] = f.get("required", False)
        if op["body"]:
            op["body_model"] = types.get("body", {}).get("type")
            op["body_required"] = types.get("body", {}).get("required", False)
    out = {"package": package, "operations": sorted(ops, key=lambda o: o["id"]), "models": models}
    if with_meta:
        out.update(read_meta(root))
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
