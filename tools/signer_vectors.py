#!/usr/bin/env python3
"""Write signing test vectors produced by the official signer (`huaweicloudsdkcore`).

Maintainer tool; CI never runs it (the JSON it writes is committed and checked by
`crates/core/tests/signer_vectors.rs`). It installs `huaweicloudsdkcore` from PyPI, with
`huaweicloudsdkbss` and `huaweicloudsdkbssintl` for the sites' endpoints, into a virtual
environment under /tmp, then runs the package's own `GlobalCredentials.sign_request` (the
credentials' headers, then `Signer.sign`) on a few hundred varied requests and records, for
each, the inputs, the canonical request, the string to sign, the Authorization header, the
headers as sent and the URI. It also records the BSS endpoints of the official region lists.

Inputs are generated from a fixed seed, so a rerun with the same package version writes the
same file.

Usage: python3 tools/signer_vectors.py [OUT.json]   (default crates/core/tests/signer_vectors.json)
"""
import json
import os
import random
import subprocess
import sys

VENV = "/tmp/huaweicloud-bss-signer-venv"
PACKAGES = ["huaweicloudsdkcore", "huaweicloudsdkbss", "huaweicloudsdkbssintl"]
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates", "core", "tests",
                           "signer_vectors.json")


def ensure_venv():
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    subprocess.check_call([python, "-m", "pip", "install", "--quiet", "--upgrade"] + PACKAGES)
    return python


# ---------------------------------------------------------------------------------------------
# Inside the virtual environment.

FIXED_NOW = "20261203T080000Z"

SEGMENTS = ["v2", "orders", "customer-orders", "details", "CS2311231234ABCD", "a b", "x%2Fy", "%2F",
            "华为云", "emoji-\U0001F600", "semi;colon", "plus+sign", "tilde~", "star*", "comma,",
            "at@", "eq=", "amp&", "dollar$", "quote'", "paren()", "%E5%8D%8E", "%zz", "%E5%8D",
            "under_score", "dot.ted", "colon:", "bang!", "100%", "%25", "%20"]
KEYS = ["limit", "offset", "order_id", "status", "a", "b", "B", "_x", "key with space", "名字",
        "k~", "k*", "k=", "k&", "order_by", "z", "Z", "a_b", "a-b", "a.b"]
VALUES = ["", "0", "10", "9", "-1", "true", "false", "x y", "x+y", "x/y", "x%2Fy", "a=b&c=d", "华为",
          "2024-01-01T00:00:00Z", "'quoted'", "~tilde", "*star", "emoji\U0001F600", "tab\tin",
          "semi;colon", "comma,list", "#hash", "?q", "%", "%41", "CBC.0100", "0.000001",
          "12345678901234567890", "MiXeD", "é"]
HEADER_NAMES = ["X-Language", "X-Custom", "x-lower", "X-UPPER", "X_Underscore", "x_under_lower",
                "X-Request-Tag", "Accept", "X-Client-Token", "X-Project-Id", "X-Sdk-Extra"]
HEADER_VALUES = ["zh_CN", "en_US", "  padded  ", "\ttabbed\t", "inner  spaces", "华为", "a,b",
                 "", " ", "x=y", "v1", "UPPER lower", "trailing ", " leading", "é"]
HOSTS = ["bss.myhuaweicloud.com", "bss-intl.myhuaweicloud.com", "bss.myhuaweicloud.eu",
         "127.0.0.1:8080", "localhost:443", "[::1]:9000", "example.com:8443"]
CONTENT_TYPES = [None, "application/json", "application/json;charset=UTF-8", "application/bson",
                 "text/plain", "application/octet-stream", "application/x-www-form-urlencoded",
                 "multipart/form-data; boundary=xyz", "application/xml", "Application/JSON", ""]
BODIES = [b"", b"{}", b'{"limit":10,"offset":0}', "{\"name\":\"华为云\"}".encode("utf-8"),
          b"a=1&b=2", bytes(range(256)), b" ", b'{"amount":"0.01"}', b"x" * 1500]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "get", "post"]


def generate(rnd, index):
    """One varied request."""
    method = rnd.choice(METHODS)
    depth = rnd.randint(0, 4)
    path = "/" + "/".join(rnd.choice(SEGMENTS) for _ in range(depth))
    if rnd.random() < 0.2:
        path += "/"
    if path == "/" and rnd.random() < 0.5:
        path = "/v2/orders/customer-orders"
    query = []
    for _ in range(rnd.choice([0, 0, 1, 2, 3, 5, 8])):
        key = rnd.choice(KEYS)
        query.append((key, rnd.choice(VALUES)))
        if rnd.random() < 0.3:  # a repeated key
            query.append((key, rnd.choice(VALUES)))
    headers = {}
    content_type = rnd.choice(CONTENT_TYPES)
    if content_type is not None:
        headers["Content-Type"] = content_type
    if rnd.random() < 0.7:
        headers["User-Agent"] = rnd.choice(["huaweicloud-bss-rust/0.1.0", "  agent with spaces  ",
                                            "huaweicloud-usdk-python/3.0"])
    used = {k.lower() for k in headers}
    for _ in range(rnd.randint(0, 4)):
        name = rnd.choice(HEADER_NAMES)
        if name.lower() in used:
            continue
        used.add(name.lower())
        headers[name] = rnd.choice(HEADER_VALUES)
    if rnd.random() < 0.25:
        headers["X-Sdk-Date"] = rnd.choice(["20191115T033655Z", "20240229T235959Z", "20000101T000000Z"])
    if rnd.random() < 0.1:
        headers["Host"] = rnd.choice(["override.example.com", "bss.myhuaweicloud.com:443"])
    if rnd.random() < 0.08:
        headers["X-Sdk-Content-Sha256"] = rnd.choice(["UNSIGNED-PAYLOAD", "caller-declared-hash"])
    body = rnd.choice(BODIES) if method.upper() != "GET" or rnd.random() < 0.2 else b""
    ak = rnd.choice(["QTWAOYTTINDUT2QVKYUC", "AK" + str(index), "HST3UEXAMPLEEXAMPLE"])
    sk = rnd.choice(["MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc", "sk-" + str(index), "华为sk",
                     "a" * 100])
    token = rnd.choice([None, None, "security-token-" + str(index), "  token with spaces  "])
    domain = rnd.choice([None, None, "0970dd7a1300f5672ff2c003c60ae115", "dom_" + str(index)])
    return {
        "method": method,
        "host": rnd.choice(HOSTS),
        "path": path,
        "query": query,
        "headers": list(headers.items()),
        "body": body,
        "ak": ak,
        "sk": sk,
        "security_token": token,
        "domain_id": domain,
    }


FIXED = [
    # The worked example of the signing guide.
    {"method": "GET", "host": "service.region.example.com", "path": "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
     "query": [("marker", "13551d6b-755d-4757-b956-536f674975c0"), ("limit", "2")],
     "headers": [("Content-Type", "application/json"), ("X-Sdk-Date", "20191115T033655Z")], "body": b"",
     "ak": "QTWAOYTTINDUT2QVKYUC", "sk": "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
     "security_token": None, "domain_id": None},
    # What this crate's client sends for ListCustomerOrders.
    {"method": "GET", "host": "bss.myhuaweicloud.com", "path": "/v2/orders/customer-orders",
     "query": [("offset", "0"), ("limit", "10"), ("status", "6")],
     "headers": [("Content-Type", "application/json"), ("User-Agent", "huaweicloud-bss-rust/0.1.0")],
     "body": b"", "ak": "AK", "sk": "SK", "security_token": "tok", "domain_id": "dom"},
    # A non-JSON body: UNSIGNED-PAYLOAD.
    {"method": "POST", "host": "bss.myhuaweicloud.com", "path": "/v2/upload",
     "query": [], "headers": [("Content-Type", "application/octet-stream")], "body": b"\x00\x01binary",
     "ak": "AK", "sk": "SK", "security_token": None, "domain_id": None},
    # A non-JSON content type with an empty body: the header is added, the hash is the empty one.
    {"method": "POST", "host": "bss.myhuaweicloud.com", "path": "/v2/upload",
     "query": [], "headers": [("Content-Type", "text/plain")], "body": b"",
     "ak": "AK", "sk": "SK", "security_token": None, "domain_id": None},
    # A lower-case content-type name: the official signer looks the header up by exact name.
    {"method": "POST", "host": "bss.myhuaweicloud.com", "path": "/v2/upload",
     "query": [], "headers": [("content-type", "text/plain")], "body": b"abc",
     "ak": "AK", "sk": "SK", "security_token": None, "domain_id": None},
    # An id with a slash in it, encoded as %2F.
    {"method": "GET", "host": "bss.myhuaweicloud.com", "path": "/v2/orders/customer-orders/details/CS1%2F2",
     "query": [], "headers": [("Content-Type", "application/json")], "body": b"",
     "ak": "AK", "sk": "SK", "security_token": None, "domain_id": None},
    # A caller's Authorization: the official credentials do not sign.
    {"method": "GET", "host": "bss.myhuaweicloud.com", "path": "/v2/x",
     "query": [], "headers": [("Authorization", "Bearer caller")], "body": b"",
     "ak": "AK", "sk": "SK", "security_token": "tok", "domain_id": "dom"},
    # Repeated keys, sorted by value.
    {"method": "GET", "host": "bss.myhuaweicloud.com", "path": "/v2/q",
     "query": [("ids", "b"), ("ids", "a"), ("ids", "10"), ("ids", "9"), ("a", "z")],
     "headers": [], "body": b"", "ak": "AK", "sk": "SK", "security_token": None, "domain_id": None},
    # Separators U+001C..U+001F and a no-break space around a header value.
    {"method": "GET", "host": "bss.myhuaweicloud.com", "path": "/v2/q",
     "query": [], "headers": [("X-Custom", "\x1c\u00a0value\x1f ")], "body": b"",
     "ak": "AK", "sk": "SK", "security_token": None, "domain_id": None},
]

COUNT = 260


def inside(out_path):
    import datetime as real_datetime
    from importlib import metadata

    from huaweicloudsdkcore.auth.credentials import GlobalCredentials
    from huaweicloudsdkcore.sdk_request import SdkRequest
    from huaweicloudsdkcore.signer import signer as signer_module

    class FrozenDatetime(real_datetime.datetime):
        @classmethod
        def utcnow(cls):
            return real_datetime.datetime.strptime(FIXED_NOW, "%Y%m%dT%H%M%SZ")

    signer_module.datetime = FrozenDatetime

    recorded = {}
    original_canonical = signer_module.Signer._process_canonical_request
    original_to_sign = signer_module.Signer._process_string_to_sign

    def record_canonical(self, request, signed_headers):
        value = original_canonical(self, request, signed_headers)
        recorded["canonical_request"] = value
        return value

    def record_to_sign(self, canonical_request, t):
        value = original_to_sign(self, canonical_request, t)
        recorded["string_to_sign"] = value
        return value

    signer_module.Signer._process_canonical_request = record_canonical
    signer_module.Signer._process_string_to_sign = record_to_sign

    rnd = random.Random(14)
    cases = [dict(c, name="fixed-%d" % i) for i, c in enumerate(FIXED)]
    cases += [dict(generate(rnd, i), name="random-%d" % i) for i in range(COUNT)]
    vectors = []
    for case in cases:
        recorded.clear()
        credentials = GlobalCredentials(case["ak"], case["sk"], case["domain_id"])
        if case["security_token"] is not None:
            credentials.with_security_token(case["security_token"])
        request = SdkRequest(method=case["method"], schema="https", host=case["host"],
                             resource_path=case["path"], query_params=list(case["query"]),
                             header_params=dict(case["headers"]), body=case["body"])
        signed = credentials.sign_request(request)
        vectors.append({
            "name": case["name"],
            "method": case["method"],
            "host": case["host"],
            "path": case["path"],
            "query": [list(p) for p in case["query"]],
            "headers": [list(h) for h in case["headers"]],
            "body_hex": case["body"].hex(),
            "access_key": case["ak"],
            "secret_key": case["sk"],
            "security_token": case["security_token"],
            "domain_id": case["domain_id"],
            "now": FIXED_NOW,
            "expected": {
                "canonical_request": recorded.get("canonical_request"),
                "string_to_sign": recorded.get("string_to_sign"),
                "authorization": signed.header_params.get("Authorization"),
                # Values as the SDK hands them to `requests` (latin-1 text of the UTF-8 bytes),
                # turned back into the text they encode.
                "headers": [[k, v.encode("iso-8859-1").decode("utf-8") if isinstance(v, str) else v]
                            for k, v in signed.header_params.items()],
                "uri": signed.uri,
            },
        })

    from huaweicloudsdkbss.v2.region.bss_region import BssRegion
    from huaweicloudsdkbssintl.v2.region.bssintl_region import BssintlRegion
    sites = {}
    for cls in (BssRegion, BssintlRegion):
        for region_id, region in cls.static_fields.items():
            sites[region_id] = region.endpoints[0] if hasattr(region, "endpoints") else region.endpoint

    document = {
        "generator": "tools/signer_vectors.py",
        "package": "huaweicloudsdkcore %s" % metadata.version("huaweicloudsdkcore"),
        "regions_from": "huaweicloudsdkbss %s, huaweicloudsdkbssintl %s" % (
            metadata.version("huaweicloudsdkbss"), metadata.version("huaweicloudsdkbssintl")),
        "bss_endpoints": dict(sorted(sites.items())),
        "vectors": vectors,
    }
    # One vector per line: reviewable diffs, a reasonable size.
    head = {k: v for k, v in document.items() if k != "vectors"}
    with open(out_path, "w", encoding="utf-8") as f:
        text = json.dumps(head, ensure_ascii=False, indent=1)
        f.write(text[:-2] + ',\n "vectors": [\n')
        f.write(",\n".join(json.dumps(v, ensure_ascii=False) for v in vectors))
        f.write("\n ]\n}\n")
    print("wrote %d vectors to %s" % (len(vectors), out_path))


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--inside":
        inside(sys.argv[2])
        return
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT)
    python = ensure_venv()
    subprocess.check_call([python, os.path.abspath(__file__), "--inside", out])


if __name__ == "__main__":
    main()
