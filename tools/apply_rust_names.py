#!/usr/bin/env python3
"""Write the Rust names of spec/*.json (`x-bss-rust-name`) from the table below (stdlib only;
idempotent). The wire and the docs keep the official names; the generated code uses these,
fixing the upstream model's typos (`Infomation`, `Adject`), odd spellings (`Customerself`,
`Realname`), interface-style `I` prefixes and synthesized names over 50 characters. `cargo xtask
regen` refuses a new such name without an entry here.

Usage: python3 tools/apply_rust_names.py [repo-root]
"""
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from apply_enum_names import load, save  # noqa: E402  (same JSON handling)

SCHEMAS = {
    "accounts": {
        "ListCustomersBalancesDetailV1OldResponseCustomerBalances": "CustomerBalanceV1Old",
        "ListPartnerAdjustRecordsV1OldResponseAdjectRecords": "AdjustRecordV1Old",
        "ShowCustomerAccountBalancesV1OldResponseAccountBalances": "AccountBalanceV1Old",
    },
    "bills": {
        "ListCustomerselfResourceRecordDetailsResponse": "ListCustomerSelfResourceRecordDetailsResponse",
        "ListCustomerselfResourceRecordDetailsV1OldResponse": "ListSelfResourceRecordDetailsV1OldResponse",
        "ListCustomerselfResourceRecordsResponse": "ListCustomerSelfResourceRecordsResponse",
        "ListCustomerselfResourceRecordsV1OldResponse": "ListCustomerSelfResourceRecordsV1OldResponse",
    },
    "customers": {
        "ApplyEnterpriseRealnameAuthsReq": "ApplyEnterpriseRealNameAuthsReq",
        "ApplyIndividualRealnameAuthsReq": "ApplyIndividualRealNameAuthsReq",
        "ChangeEnterpriseRealnameAuthenticationResponse": "ChangeEnterpriseRealNameAuthenticationResponse",
        "ChangeEnterpriseRealnameAuthsReq": "ChangeEnterpriseRealNameAuthsReq",
        "CreateEnterpriseRealnameAuthenticationResponse": "CreateEnterpriseRealNameAuthenticationResponse",
        "CreatePersonalRealnameAuthResponse": "CreatePersonalRealNameAuthResponse",
        "ShowRealnameAuthenticationReviewResultResponse": "ShowRealNameAuthenticationReviewResultResponse",
        "ShowRealnameAuthenticationReviewResultV1OldResponse": "ShowRealNameReviewResultV1OldResponse",
    },
    "enterprises": {
        "ICouponUseLimitInfoV2": "CouponUseLimitInfoV2",
        "ListEnterpriseSubCustomersV1OldResponseSubCustomerInfos": "EnterpriseSubCustomerV1Old",
        "ShowMultiAccountTransferAmountV1OldResponseAmountInfo": "TransferAmountInfoV1Old",
    },
    "orders": {
        "AmountInfomationV2": "AmountInformationV2",
        "ShowRefundOrderDetailsV1OldResponseResourceInfoList": "RefundResourceInfoV1Old",
    },
    "promotions": {
        "ICouponUseLimitInfoV2": "CouponUseLimitInfoV2",
        "IQueryUserCouponsResultV2": "UserCouponV2",
        "IQueryUserPartnerCouponsResultV2": "UserPartnerCouponV2",
    },
}

OPERATIONS = {
    "bills": {
        "ListCustomerselfResourceRecords": "ListCustomerSelfResourceRecords",
        "ListCustomerselfResourceRecordDetails": "ListCustomerSelfResourceRecordDetails",
        "ListCustomerselfResourceRecordsV1Old": "ListCustomerSelfResourceRecordsV1Old",
        "ListCustomerselfResourceRecordDetailsV1Old": "ListSelfResourceRecordDetailsV1Old",
    },
    "customers": {
        "ChangeEnterpriseRealnameAuthentication": "ChangeEnterpriseRealNameAuthentication",
        "CreateEnterpriseRealnameAuthentication": "CreateEnterpriseRealNameAuthentication",
        "CreatePersonalRealnameAuth": "CreatePersonalRealNameAuth",
        "ShowRealnameAuthenticationReviewResult": "ShowRealNameAuthenticationReviewResult",
        "ShowRealnameAuthenticationReviewResultV1Old": "ShowRealNameReviewResultV1Old",
    },
}


def main(root):
    for path in sorted(glob.glob(os.path.join(root, "spec", "*.json"))):
        domain = os.path.basename(path)[:-5]
        if domain in ("common", "ir.snapshot"):
            continue
        spec = load(path)
        for name, schema in spec["components"]["schemas"].items():
            schema.pop("x-bss-rust-name", None)
            rust = SCHEMAS.get(domain, {}).get(name)
            if rust:
                schema["x-bss-rust-name"] = rust
        for item in spec["paths"].values():
            for op in item.values():
                if isinstance(op, dict) and "operationId" in op:
                    op.pop("x-bss-rust-name", None)
                    rust = OPERATIONS.get(domain, {}).get(op["operationId"])
                    if rust:
                        op["x-bss-rust-name"] = rust
        save(path, spec)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
