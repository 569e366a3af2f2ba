//! What the mock knows about each operation, as static data that `cargo xtask regen` writes
//! from the generator's IR into `specs.rs`: the route, the sample reply (body verbatim) and
//! the shape every request must have.

/// One operation of the API.
#[derive(Debug)]
pub struct Operation {
    /// The domain (spec document) it belongs to, e.g. `orders`.
    pub domain: &'static str,
    /// `operationId`, e.g. `ListCustomerOrders`.
    pub id: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path template, e.g. `/v2/orders/customer-orders/details/{order_id}`.
    pub path: &'static str,
    /// The documented success status.
    pub success_status: u16,
    /// The first sample's reply: (status, body exactly as the spec stores it).
    pub sample: Option<(u16, Option<&'static str>)>,
    /// Path, query and header parameters.
    pub params: &'static [Param],
    /// The JSON request body, if the operation takes one.
    pub body: Option<Body>,
}

/// A path, query or header parameter.
#[derive(Debug)]
pub struct Param {
    /// The name on the wire.
    pub wire: &'static str,
    /// Where it is sent.
    pub location: Location,
    /// Its type (a scalar, or a list of scalars for a repeated query parameter).
    pub shape: &'static Shape,
    /// The request is invalid without it.
    pub required: bool,
    /// What the docs constrain it to.
    pub constraints: Constraints,
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

/// The JSON request body.
#[derive(Debug)]
pub struct Body {
    /// The request is invalid without it.
    pub required: bool,
    /// Its type.
    pub shape: &'static Shape,
}

/// The type of a value on the wire.
#[derive(Debug)]
pub enum Shape {
    /// A JSON string.
    String,
    /// An integer that fits `i32`.
    I32,
    /// An integer that fits `i64`.
    I64,
    /// A decimal written as a JSON number.
    Number,
    /// A decimal written as a JSON string.
    DecimalString,
    /// `true` or `false`.
    Bool,
    /// Any JSON value.
    Any,
    /// A JSON list of this shape.
    List(&'static Shape),
    /// A JSON object with any keys, values of this shape.
    Map(&'static Shape),
    /// A JSON object with the named fields.
    Object(&'static Object),
}

/// A named object of the spec (`components.schemas`).
#[derive(Debug)]
pub struct Object {
    /// The schema's name, e.g. `CancelCustomerOrderReq`.
    pub name: &'static str,
    /// Every documented field; any other is unknown.
    pub fields: &'static [Field],
}

/// A field of an [`Object`].
#[derive(Debug)]
pub struct Field {
    /// The name on the wire.
    pub wire: &'static str,
    /// Its type.
    pub shape: &'static Shape,
    /// The object is invalid without it (`null` counts as absent).
    pub required: bool,
    /// What the docs constrain it to.
    pub constraints: Constraints,
}

/// Documented constraints; numbers as the spec writes them.
#[derive(Debug, Default)]
pub struct Constraints {
    /// The most characters a string may have.
    pub max_length: Option<u64>,
    /// The fewest characters a string may have.
    pub min_length: Option<u64>,
    /// The smallest number allowed, as written in the spec.
    pub minimum: Option<&'static str>,
    /// The largest number allowed, as written in the spec.
    pub maximum: Option<&'static str>,
    /// The most items a list may have.
    pub max_items: Option<u64>,
    /// The fewest items a list may have.
    pub min_items: Option<u64>,
    /// Documented values as JSON text (`"zh-cn"`, `3`).
    pub values: &'static [&'static str],
}

impl Constraints {
    /// No constraint.
    pub const NONE: Constraints = Constraints {
        max_length: None,
        min_length: None,
        minimum: None,
        maximum: None,
        max_items: None,
        min_items: None,
        values: &[],
    };
}

/// Every operation of the China site's API.
pub fn operations() -> &'static [Operation] {
    crate::specs::OPERATIONS
}

/// Every operation of an API: the China site's, or the international one.
pub fn operations_of(api: huaweicloud_bss_core::SiteApi) -> &'static [Operation] {
    match api {
        huaweicloud_bss_core::SiteApi::International => crate::specs::INTL_OPERATIONS,
        _ => crate::specs::OPERATIONS,
    }
}
