//! The size limits this crate enforces on untrusted input.
//!
//! Every limit is checked before the work it bounds (the length of a string
//! before decoding it, the inflated size while inflating), so an oversized
//! input costs at most a length comparison or `limit` bytes of work. All of
//! them are far above what Huawei Cloud sends: a SAMLRequest is about 1 KiB
//! of XML, a bindRequest under 1 KiB of JSON, the SP metadata a few KiB.

/// The query string of a SAMLRequest redirect (HTTP-Redirect binding), in bytes.
pub const MAX_REDIRECT_QUERY_BYTES: usize = 64 * 1024;

/// The inflated SAMLRequest XML, in bytes. Inflation stops as soon as this is
/// passed, so a decompression bomb costs at most this much memory.
pub const MAX_INFLATED_SAML_BYTES: usize = 128 * 1024;

/// The SP metadata XML document, in bytes.
pub const MAX_METADATA_BYTES: usize = 1024 * 1024;

/// The `application/x-www-form-urlencoded` body of a binding notification, in bytes.
pub const MAX_BIND_FORM_BYTES: usize = 64 * 1024;

/// The base64-decoded bindRequest JSON, in bytes.
pub const MAX_BIND_REQUEST_JSON_BYTES: usize = 16 * 1024;

/// The `SigAlg` value, in bytes.
pub const MAX_SIG_ALG_BYTES: usize = 256;

/// The base64-decoded `Signature` value, in bytes (a 4096-bit RSA signature is 512).
pub const MAX_SIGNATURE_BYTES: usize = 512;

/// How deeply XML elements may nest (SAMLRequest and SP metadata).
pub const MAX_XML_DEPTH: usize = 32;

/// How many elements one XML document may have (SAMLRequest and SP metadata).
pub const MAX_XML_ELEMENTS: usize = 10_000;

/// How many signing certificates the SP metadata may list.
pub const MAX_SIGNING_CERTIFICATES: usize = 16;

/// One DER certificate, in bytes.
pub const MAX_CERTIFICATE_BYTES: usize = 16 * 1024;

/// The smallest RSA key accepted in an SP certificate, in bits.
pub const MIN_RSA_BITS: usize = 2048;

/// The largest RSA key accepted in an SP certificate, in bits (also the
/// `rsa` crate's own cap).
pub const MAX_RSA_BITS: usize = 4096;

/// `xAccountType` and `service` of a login URL, each in bytes.
pub const MAX_LOGIN_PARAM_BYTES: usize = 2048;
