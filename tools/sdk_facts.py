#!/usr/bin/env python3
"""Extract machine-readable facts from the official Python SDK `huaweicloudsdkbss`.

Maintainer tool. It reads the package's source as data (Python's `ast`), never imports or
runs it, and prints JSON: for every operation its HTTP method, path, parameters (wire name,
location, type, required) and body/response model names; for every model its fields (wire
name, type, required). No prose is taken over: docstrings are dropped except the first line
of an operation's docstring, which is the Chinese API title used as a reference key.

Usage: python3 tools/sdk_facts.py PATH/TO/huaweicloudsdkbss > facts.json
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


def main():
    root = sys.argv[1]
    v2 = os.path.join(root, "v2")
    models = {}
    for f in sorted(os.listdir(os.path.join(v2, "model"))):
        if f.endswith(".py") and f != "__init__.py":
            name, model = read_model(os.path.join(v2, "model", f))
            if name:
                models[name] = model
    ops = read_operations(os.path.join(v2, "bss_client.py"))
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
    json.dump({"package": "huaweicloudsdkbss", "operations": sorted(ops, key=lambda o: o["id"]),
               "models": models}, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
