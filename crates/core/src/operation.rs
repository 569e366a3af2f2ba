/// Who may call an operation, as the docs state it (接口约束).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Caller {
    /// A customer account (客户), with its own AK/SK or token.
    Customer,
    /// A partner (合作伙伴), acting for its sub-customers.
    Partner,
    /// The master account of an enterprise multi-account organisation (企业主账号).
    EnterpriseMaster,
    /// A cloud reseller (云经销商 / indirect partner).
    IndirectPartner,
}

/// Static facts about one operation, emitted by the generator from the spec and read by
/// the runtime (signing, retries, rate limits, tracing).
#[derive(Debug, Clone, Copy)]
pub struct OperationSpec {
    /// The operation id in the spec (`ListCustomerOrders`).
    pub id: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// Path template with `{name}` placeholders.
    pub path: &'static str,
    /// Safe to send twice: reads, including the POST queries that only read.
    pub idempotent: bool,
    /// The documented flow-control quota, calls per second.
    pub rate_limit_per_second: u32,
    /// Who may call it, as the docs say (customer, partner, enterprise master account...).
    pub callers: &'static [Caller],
    /// Superseded by a newer operation (the generated method is `#[deprecated]`).
    pub deprecated: bool,
    /// The docs give it an `X-Language` header: the client's language setting is sent.
    pub localized: bool,
    /// The API it belongs to: which sites serve it, and the endpoint used when the config
    /// names neither a site nor an endpoint.
    pub api: crate::SiteApi,
}
