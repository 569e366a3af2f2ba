//! What the mock knows about each operation, as static data that `cargo xtask regen` writes
//! from the generator's IR into `specs.rs`: the route, the sample reply (body verbatim) and
//! the shape every request must have.

/// One operation of the API.
#[derive(Debug)]
pub struct Operation {
    pub domain: &'static str,
    /// `operationId`, e.g. `ListCustomerOrders`.
    pub id: &'static str,
    pub method: &'static str,
    /// The path template, e.g. `/v2/orders/customer-orders/details/{order_id}`.
    pub path: &'static str,
    /// The documented success status.
    pub success_status: u16,
    /// The first sample's reply: (status, body exactly as the spec stores it).
    pub sample: Option<(u16, Option<&'static str>)>,
    pub params: &'static [Param],
    pub body: Option<Body>,
}

/// A path, query or header parameter.
#[derive(Debug)]
pub struct Param {
    pub wire: &'static str,
    pub location: Location,
    pub shape: &'static Shape,
    pub required: bool,
    pub constraints: Constraints,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
}

/// The JSON request body.
#[derive(Debug)]
pub struct Body {
    pub required: bool,
    pub shape: &'static Shape,
}

/// The type of a value on the wire.
#[derive(Debug)]
pub enum Shape {
    String,
    /// An integer that fits `i32`.
    I32,
    /// An integer that fits `i64`.
    I64,
    /// A decimal written as a JSON number.
    Number,
    /// A decimal written as a JSON string.
    DecimalString,
    Bool,
    /// Any JSON value.
    Any,
    List(&'static Shape),
    Map(&'static Shape),
    Object(&'static Object),
}

/// A named object of the spec (`components.schemas`).
#[derive(Debug)]
pub struct Object {
    pub name: &'static str,
    pub fields: &'static [Field],
}

#[derive(Debug)]
pub struct Field {
    pub wire: &'static str,
    pub shape: &'static Shape,
    pub required: bool,
    pub constraints: Constraints,
}

/// Documented constraints; numbers as the spec writes them.
#[derive(Debug, Default)]
pub struct Constraints {
    pub max_length: Option<u64>,
    pub min_length: Option<u64>,
    pub minimum: Option<&'static str>,
    pub maximum: Option<&'static str>,
    /// For lists: the documented item count bounds.
    pub max_items: Option<u64>,
    pub min_items: Option<u64>,
    /// Documented values as JSON text (`"zh-cn"`, `3`).
    pub values: &'static [&'static str],
}

impl Constraints {
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

/// Every operation of every domain.
pub fn operations() -> &'static [Operation] {
    crate::specs::OPERATIONS
}
