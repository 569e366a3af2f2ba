//! `errors.rs`: the domain's error-code enum.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use std::collections::BTreeMap;

use crate::ir::{Domain, ErrorCodeDef};

fn variant_doc(c: &ErrorCodeDef) -> TokenStream {
    let mut doc = format!(" `{}` (HTTP {})", c.code, c.status);
    if !c.message.is_empty() {
        doc.push_str(": ");
        doc.push_str(&c.message);
    }
    if c.message_zh.is_empty() {
        quote!(#[doc = #doc])
    } else {
        let zh = format!(" 文档: {}", c.message_zh);
        quote!(#[doc = #doc] #[doc = ""] #[doc = #zh])
    }
}

/// `Some(CodeClass::X)`, with `CodeClass` in scope where it is emitted.
fn class_of(c: &ErrorCodeDef) -> TokenStream {
    match &c.class {
        Some(class) => {
            let class = format_ident!("{}", class.variant());
            quote!(Some(CodeClass::#class))
        }
        None => quote!(None),
    }
}

/// `crates/core/src/codes.rs`: the codes every operation can return (`spec/common.json`).
pub fn common_codes_file(codes: &BTreeMap<String, ErrorCodeDef>) -> TokenStream {
    let codes: Vec<_> = codes.values().collect();
    let variants = codes.iter().map(|c| {
        let v = format_ident!("{}", c.variant);
        let doc = variant_doc(c);
        quote!(#doc #v)
    });
    let from_arms = codes.iter().map(|c| {
        let (v, code) = (format_ident!("{}", c.variant), &c.code);
        quote!(#code => Self::#v)
    });
    let str_arms = codes.iter().map(|c| {
        let (v, code) = (format_ident!("{}", c.variant), &c.code);
        quote!(Self::#v => #code)
    });
    let status_arms = codes.iter().map(|c| {
        let (v, status) = (format_ident!("{}", c.variant), c.status);
        quote!(Self::#v => #status)
    });
    let meaning_arms = codes.iter().map(|c| {
        let (v, m) = (format_ident!("{}", c.variant), &c.message);
        quote!(Self::#v => #m)
    });
    let class_arms = codes.iter().map(|c| {
        let v = format_ident!("{}", c.variant);
        let class = class_of(c);
        quote!(Self::#v => #class)
    });
    quote! {
        //! The error codes every operation can return, from `spec/common.json`: the API
        //! gateway's (`APIG.*`) and the chapter-wide `CBC.0xxx` codes.

        use crate::error::CodeClass;

        /// A code every operation can return. Each domain's error enum holds these in its
        /// `Common` variant, beside the domain's own codes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum CommonCode {
            #(#variants,)*
        }

        impl CommonCode {
            /// The variant of a wire code, if it is a common one.
            pub fn from_code(code: &str) -> Option<Self> {
                Some(match code {
                    #(#from_arms,)*
                    _ => return None,
                })
            }

            /// The wire code.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(#str_arms,)*
                }
            }

            /// The HTTP status the docs give for the code.
            pub fn documented_status(&self) -> u16 {
                match self {
                    #(#status_arms,)*
                }
            }

            /// A short English meaning.
            pub fn meaning(&self) -> &'static str {
                match self {
                    #(#meaning_arms,)*
                }
            }

            /// What kind of failure the code stands for, where the spec says.
            pub fn class(&self) -> Option<CodeClass> {
                match self {
                    #(#class_arms,)*
                }
            }
        }

        impl std::fmt::Display for CommonCode {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// `errors.rs`: the domain's error-code enum (its own codes plus the common ones), with status, messages and class per code.
pub fn errors_file(domain: &Domain) -> TokenStream {
    let enum_name = format_ident!("{}", domain.error_enum);
    let codes: Vec<_> = domain.error_codes.values().collect();
    let variants = codes.iter().map(|c| {
        let v = format_ident!("{}", c.variant);
        let doc = variant_doc(c);
        quote!(#doc #v)
    });
    let class_arms = codes.iter().filter(|c| c.class.is_some()).map(|c| {
        let v = format_ident!("{}", c.variant);
        let class = class_of(c);
        quote!(Self::#v => #class)
    });
    let from_arms = codes.iter().map(|c| {
        let v = format_ident!("{}", c.variant);
        let code = &c.code;
        quote!(#code => Self::#v)
    });
    let str_arms = codes.iter().map(|c| {
        let v = format_ident!("{}", c.variant);
        let code = &c.code;
        quote!(Self::#v => #code)
    });
    let status_arms = codes.iter().map(|c| {
        let v = format_ident!("{}", c.variant);
        let status = c.status;
        quote!(Self::#v => Some(#status))
    });
    let meaning_arms = codes.iter().filter(|c| !c.message.is_empty()).map(|c| {
        let v = format_ident!("{}", c.variant);
        let m = &c.message;
        quote!(Self::#v => Some(#m))
    });
    let doc = format!(
        " Error codes documented for the {} domain, and the codes every operation can return\n ([`{enum_name}::Common`]).\n\n A code the docs do not list (or one added later) is kept in [`{enum_name}::Unknown`], so\n it never breaks a call. Match with a wildcard arm: new variants are not breaking changes.",
        domain.name
    );
    let doc_attrs: Vec<_> = doc.lines().map(|l| quote!(#[doc = #l])).collect();
    let known_pattern = quote!(!matches!(self, Self::Unknown(_)));
    let common_or_unknown = quote! {
        match huaweicloud_bss_core::CommonCode::from_code(code) {
            Some(common) => Self::Common(common),
            None => Self::Unknown(code.to_string()),
        }
    };
    let from_code = if codes.is_empty() {
        common_or_unknown
    } else {
        quote! {
            match code {
                #(#from_arms,)*
                _ => #common_or_unknown,
            }
        }
    };
    quote! {
        //! The domain's service error codes.

        use huaweicloud_bss_core::CodeClass;

        #(#doc_attrs)*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #enum_name {
            #(#variants,)*
            /// A code every operation can return (the gateway's, the chapter-wide ones).
            Common(huaweicloud_bss_core::CommonCode),
            /// A code this crate does not know, as sent by the server.
            Unknown(String),
        }

        impl huaweicloud_bss_core::ErrorCode for #enum_name {
            fn from_code(code: &str) -> Self {
                #from_code
            }

            fn as_str(&self) -> &str {
                match self {
                    #(#str_arms,)*
                    Self::Common(common) => common.as_str(),
                    Self::Unknown(code) => code,
                }
            }

            fn is_known(&self) -> bool {
                #known_pattern
            }

            fn documented_status(&self) -> Option<u16> {
                match self {
                    #(#status_arms,)*
                    Self::Common(common) => Some(common.documented_status()),
                    Self::Unknown(_) => None,
                }
            }

            fn meaning(&self) -> Option<&'static str> {
                match self {
                    #(#meaning_arms,)*
                    Self::Common(common) => Some(common.meaning()),
                    _ => None,
                }
            }

            fn class(&self) -> Option<CodeClass> {
                match self {
                    #(#class_arms,)*
                    Self::Common(common) => common.class(),
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for #enum_name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(huaweicloud_bss_core::ErrorCode::as_str(self))
            }
        }
    }
}
