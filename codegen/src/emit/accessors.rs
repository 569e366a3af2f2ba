//! Read accessors of the models: one per field, named after it, returning a borrowed view
//! (`Option<&str>`, `&[T]`, `Option<&Model>`) or a copy for numbers, so that reading a response
//! needs no `as_deref().unwrap_or_default()` per line. The fields stay public.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, rust_type, type_ident};
use crate::ir::{Field, Model, Ty};

/// Copied out rather than borrowed.
fn is_copy(ty: &Ty) -> bool {
    matches!(ty, Ty::I32 | Ty::I64 | Ty::Bool | Ty::Decimal { .. })
}

/// The accessor's return type and body for one field.
fn accessor(f: &Field) -> (TokenStream, TokenStream) {
    let id = ident(&f.ident);
    let ty = rust_type(&f.ty);
    match (&f.ty, f.required) {
        (Ty::String, false) => (quote!(Option<&str>), quote!(self.#id.as_deref())),
        (Ty::String, true) => (quote!(&str), quote!(&self.#id)),
        (Ty::Vec(inner), false) => {
            let inner = rust_type(inner);
            (quote!(&[#inner]), quote!(self.#id.as_deref().unwrap_or_default()))
        }
        (Ty::Vec(inner), true) => {
            let inner = rust_type(inner);
            (quote!(&[#inner]), quote!(&self.#id))
        }
        (t, false) if is_copy(t) => (quote!(Option<#ty>), quote!(self.#id)),
        (t, true) if is_copy(t) => (ty, quote!(self.#id)),
        (_, false) if f.boxed => (quote!(Option<&#ty>), quote!(self.#id.as_deref())),
        (_, false) => (quote!(Option<&#ty>), quote!(self.#id.as_ref())),
        // A boxed field derefs to the model.
        (_, true) => (quote!(&#ty), quote!(&self.#id)),
    }
}

/// `impl Model { pub fn field(&self) -> ... }` for every field.
pub fn accessors(domain: &crate::ir::Domain, m: &Model) -> TokenStream {
    if m.fields.is_empty() {
        return quote!();
    }
    let name = type_ident(&m.name);
    let getters = m.fields.iter().map(|f| {
        let id = ident(&f.ident);
        let (ret, body) = accessor(f);
        let what = match (&f.ty, f.required) {
            (Ty::Vec(_), false) => "(empty when absent)",
            (_, false) => "(`None` when absent)",
            (_, true) => "",
        };
        let doc = format!(" `{}` {what}", f.wire);
        quote! {
            #[doc = #doc]
            pub fn #id(&self) -> #ret {
                #body
            }
        }
    });
    // Times received as text: the field keeps the text (decoding never fails on it), the
    // accessor reads it in its documented form.
    let times = m.fields.iter().filter(|f| f.ty == Ty::String).filter_map(|f| {
        let kind = f.time?;
        let id = ident(&f.ident);
        let parsed = quote::format_ident!("{}_parsed", f.ident.trim_start_matches("r#"));
        let ty = quote::format_ident!("{}", kind.rust());
        let doc = format!(
            " `{}` read as a [`{}`](huaweicloud_bss_core::{}): `None` when absent, an error (the text kept in the field) when it is not in the documented form.",
            f.wire,
            kind.rust(),
            kind.rust()
        );
        let read = if f.required {
            quote!(Some(self.#id.parse()))
        } else {
            quote!(self.#id.as_deref().map(str::parse))
        };
        Some(quote! {
            #[doc = #doc]
            pub fn #parsed(&self) -> Option<Result<huaweicloud_bss_core::#ty, huaweicloud_bss_core::TimeError>> {
                #read
            }
        })
    });
    // Amounts whose unit is a sibling `measure_id`: in the site's main unit, exactly.
    let units = domain.money_units();
    let convert = quote::format_ident!("{}", units.convert);
    let unit = m.fields.iter().find(|f| f.wire == "measure_id");
    let yuan = m.fields.iter().filter(|f| f.money && unit.is_some()).map(|f| {
        let unit = unit.expect("filtered");
        let id = ident(&f.ident);
        let uid = ident(&unit.ident);
        let name = quote::format_ident!("{}_{}", f.ident.trim_start_matches("r#"), units.suffix);
        let amount = if f.required {
            quote!(Some(self.#id))
        } else {
            quote!(self.#id)
        };
        let measure = if unit.required {
            quote!(Some(&self.#uid))
        } else {
            quote!(self.#uid.as_ref())
        };
        let doc = units.accessor.replace("{}", &f.wire);
        quote! {
            #[doc = #doc]
            pub fn #name(&self) -> Option<huaweicloud_bss_core::Decimal> {
                let unit = #measure?.to_string();
                huaweicloud_bss_core::decimal::#convert(#amount?, &unit)
            }
        }
    });
    quote! {
        /// Read accessors.
        impl #name {
            #(#getters)*
            #(#times)*
            #(#yuan)*
        }
    }
}
