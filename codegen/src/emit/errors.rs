//! `errors.rs`: the domain's error-code enum.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::Domain;

pub fn errors_file(domain: &Domain) -> TokenStream {
    let enum_name = format_ident!("{}ErrorCode", domain.type_prefix());
    let codes: Vec<_> = domain.error_codes.values().collect();
    let variants = codes.iter().map(|c| {
        let v = format_ident!("{}", c.variant);
        let mut doc = format!(" `{}` (HTTP {})", c.code, c.status);
        if !c.message.is_empty() {
            doc.push_str(": ");
            doc.push_str(&c.message);
        }
        let zh = if c.message_zh.is_empty() {
            String::new()
        } else {
            format!(" 文档: {}", c.message_zh)
        };
        if zh.is_empty() {
            quote!(#[doc = #doc] #v)
        } else {
            quote!(#[doc = #doc] #[doc = ""] #[doc = #zh] #v)
        }
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
        " Error codes documented for the {} domain.\n\n A code the docs do not list (or one added later) is kept in [`{enum_name}::Unknown`], so\n it never breaks a call. Match with a wildcard arm: new variants are not breaking changes.",
        domain.name
    );
    let doc_attrs: Vec<_> = doc.lines().map(|l| quote!(#[doc = #l])).collect();
    let known_pattern = if codes.is_empty() {
        quote!(false)
    } else {
        quote!(!matches!(self, Self::Unknown(_)))
    };
    quote! {
        //! The domain's service error codes.

        #(#doc_attrs)*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #enum_name {
            #(#variants,)*
            /// A code this crate does not know, as sent by the server.
            Unknown(String),
        }

        impl huaweicloud_bss_core::ErrorCode for #enum_name {
            fn from_code(code: &str) -> Self {
                match code {
                    #(#from_arms,)*
                    other => Self::Unknown(other.to_string()),
                }
            }

            fn as_str(&self) -> &str {
                match self {
                    #(#str_arms,)*
                    Self::Unknown(code) => code,
                }
            }

            fn is_known(&self) -> bool {
                #known_pattern
            }

            fn documented_status(&self) -> Option<u16> {
                match self {
                    #(#status_arms,)*
                    Self::Unknown(_) => None,
                }
            }

            #[allow(clippy::match_single_binding)]
            fn meaning(&self) -> Option<&'static str> {
                match self {
                    #(#meaning_arms,)*
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
