//! A guarded pull reader over untrusted XML.
//!
//! It wraps `quick_xml::NsReader` and adds what a SAML consumer needs before
//! it looks at a single element: a DOCTYPE is an error (so no entity can be
//! declared, expanded or fetched), only the five predefined entities and
//! character references are resolved, nesting depth and element count are
//! capped, the document must be UTF-8 with exactly one root element, and
//! element names are resolved to namespaces rather than trusted by prefix.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};

use crate::error::{excerpt, Error, Result};
use crate::limits::{MAX_XML_DEPTH, MAX_XML_ELEMENTS};

/// The namespaces this crate looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    /// `urn:oasis:names:tc:SAML:2.0:metadata`
    Md,
    /// `http://www.w3.org/2000/09/xmldsig#`
    Ds,
    /// `urn:oasis:names:tc:SAML:2.0:protocol`
    Samlp,
    /// `urn:oasis:names:tc:SAML:2.0:assertion`
    Saml,
    /// Any other namespace, or none.
    Other,
}

impl Ns {
    fn from_uri(uri: &[u8]) -> Self {
        match uri {
            b"urn:oasis:names:tc:SAML:2.0:metadata" => Self::Md,
            b"http://www.w3.org/2000/09/xmldsig#" => Self::Ds,
            b"urn:oasis:names:tc:SAML:2.0:protocol" => Self::Samlp,
            b"urn:oasis:names:tc:SAML:2.0:assertion" => Self::Saml,
            _ => Self::Other,
        }
    }
}

/// An opened element: its namespace, local name and unprefixed attributes.
#[derive(Debug)]
pub(crate) struct Element {
    pub ns: Ns,
    pub local: String,
    attrs: Vec<(String, String)>,
}

impl Element {
    /// The value of an unprefixed attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn is(&self, ns: Ns, local: &str) -> bool {
        self.ns == ns && self.local == local
    }
}

/// What [`XmlReader::next`] yields.
#[derive(Debug)]
pub(crate) enum Node {
    Open(Element),
    Close,
    Text(String),
}

pub(crate) struct XmlReader<'i> {
    reader: NsReader<&'i [u8]>,
    what: &'static str,
    depth: usize,
    elements: usize,
    root_seen: bool,
}

impl<'i> XmlReader<'i> {
    /// Checks the size of an untrusted document, then reads its root element, which must be
    /// `expected` (`{namespace}local`) in namespace `ns`.
    pub fn open_root(
        xml: &'i str,
        what: &'static str,
        limit: usize,
        ns: Ns,
        local: &str,
        expected: &'static str,
    ) -> Result<(Self, Element)> {
        if xml.len() > limit {
            return Err(Error::TooLarge {
                what,
                limit,
                actual: xml.len(),
            });
        }
        let mut reader = Self::new(xml, what);
        let root = match reader.next()? {
            Node::Open(e) => e,
            _ => {
                return Err(Error::Xml {
                    what,
                    reason: "no root element".into(),
                })
            }
        };
        if !root.is(ns, local) {
            return Err(Error::UnexpectedRoot {
                what,
                expected,
                found: excerpt(&root.local),
            });
        }
        Ok((reader, root))
    }

    pub fn new(xml: &'i str, what: &'static str) -> Self {
        let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
        let mut reader = NsReader::from_str(xml);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = true;
        config.trim_text(false);
        Self {
            reader,
            what,
            depth: 0,
            elements: 0,
            root_seen: false,
        }
    }

    fn err(&self, reason: impl Into<String>) -> Error {
        Error::Xml {
            what: self.what,
            reason: reason.into(),
        }
    }

    /// The next element boundary or text inside the root element. After the
    /// root element closes, [`Self::finish`] checks the rest of the input.
    pub fn next(&mut self) -> Result<Node> {
        loop {
            let what = self.what;
            let err = move |reason: String| Error::Xml { what, reason };
            let (resolved, event) = self.reader.read_resolved_event().map_err(|e| err(e.to_string()))?;
            let ns = match resolved {
                ResolveResult::Bound(ns) => Ns::from_uri(ns.as_ref()),
                ResolveResult::Unbound => Ns::Other,
                ResolveResult::Unknown(prefix) => {
                    return Err(err(format!(
                        "undeclared namespace prefix `{}`",
                        excerpt(&String::from_utf8_lossy(&prefix))
                    )))
                }
            };
            match event {
                Event::Start(start) => {
                    if self.depth == 0 && self.root_seen {
                        return Err(self.err("more than one root element"));
                    }
                    self.elements += 1;
                    if self.elements > MAX_XML_ELEMENTS {
                        return Err(Error::XmlTooManyElements {
                            what: self.what,
                            limit: MAX_XML_ELEMENTS,
                        });
                    }
                    self.depth += 1;
                    if self.depth > MAX_XML_DEPTH {
                        return Err(Error::XmlTooDeep {
                            what: self.what,
                            limit: MAX_XML_DEPTH,
                        });
                    }
                    self.root_seen = true;
                    return Ok(Node::Open(self.element(ns, &start)?));
                }
                Event::End(_) => {
                    self.depth = self.depth.checked_sub(1).ok_or_else(|| self.err("unmatched end tag"))?;
                    return Ok(Node::Close);
                }
                // Not produced with `expand_empty_elements`; refuse rather than mis-nest.
                Event::Empty(_) => return Err(self.err("unexpected empty element")),
                Event::Text(text) => {
                    let text = text.xml10_content().map_err(|e| self.err(e.to_string()))?;
                    if self.depth == 0 {
                        if text.trim().is_empty() {
                            continue;
                        }
                        return Err(self.err("text outside the root element"));
                    }
                    return Ok(Node::Text(text.into_owned()));
                }
                Event::CData(data) => {
                    if self.depth == 0 {
                        return Err(self.err("CDATA outside the root element"));
                    }
                    let text = data.decode().map_err(|e| self.err(e.to_string()))?;
                    return Ok(Node::Text(text.into_owned()));
                }
                Event::GeneralRef(reference) => {
                    if self.depth == 0 {
                        return Err(self.err("entity reference outside the root element"));
                    }
                    let c = match reference.resolve_char_ref().map_err(|e| self.err(e.to_string()))? {
                        Some(c) => c,
                        None => match reference.as_ref() {
                            b"lt" => '<',
                            b"gt" => '>',
                            b"amp" => '&',
                            b"apos" => '\'',
                            b"quot" => '"',
                            other => {
                                return Err(self.err(format!(
                                    "undefined entity `&{};`",
                                    excerpt(&String::from_utf8_lossy(other))
                                )))
                            }
                        },
                    };
                    return Ok(Node::Text(c.to_string()));
                }
                Event::DocType(_) => return Err(Error::XmlDoctype(self.what)),
                Event::Decl(decl) => {
                    if let Some(encoding) = decl.encoding() {
                        let encoding = encoding.map_err(|e| self.err(e.to_string()))?;
                        if !encoding.eq_ignore_ascii_case(b"utf-8") {
                            return Err(self.err(format!(
                                "declared encoding `{}` is not UTF-8",
                                excerpt(&String::from_utf8_lossy(&encoding))
                            )));
                        }
                    }
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => {
                    return Err(if self.root_seen {
                        self.err("unexpected end of document")
                    } else {
                        self.err("no root element")
                    });
                }
            }
        }
    }

    fn element(&self, ns: Ns, start: &BytesStart<'_>) -> Result<Element> {
        let local = std::str::from_utf8(start.local_name().as_ref())
            .map_err(|_| Error::InvalidUtf8(self.what))?
            .to_owned();
        let mut attrs = Vec::new();
        for attr in start.attributes() {
            let attr = attr.map_err(|e| self.err(e.to_string()))?;
            let key = attr.key.as_ref();
            // Namespace declarations and prefixed attributes are not needed.
            if key.contains(&b':') || key == b"xmlns" {
                continue;
            }
            let name = std::str::from_utf8(key).map_err(|_| Error::InvalidUtf8(self.what))?;
            let value = attr
                .decoded_and_normalized_value(XmlVersion::Implicit1_0, start.decoder())
                .map_err(|e| self.err(e.to_string()))?;
            if attrs.iter().any(|(n, _)| n == name) {
                return Err(self.err(format!("duplicate attribute `{}`", excerpt(name))));
            }
            attrs.push((name.to_owned(), value.into_owned()));
        }
        Ok(Element { ns, local, attrs })
    }

    /// Skips the rest of the element just opened, children included.
    pub fn skip(&mut self) -> Result<()> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Node::Open(_) => depth += 1,
                Node::Close if depth == 0 => return Ok(()),
                Node::Close => depth -= 1,
                Node::Text(_) => {}
            }
        }
    }

    /// The text of the element just opened, which must have no child element.
    pub fn text(&mut self) -> Result<String> {
        let mut out = String::new();
        loop {
            match self.next()? {
                Node::Text(t) => out.push_str(&t),
                Node::Close => return Ok(out),
                Node::Open(e) => return Err(self.err(format!("unexpected child element `{}`", excerpt(&e.local)))),
            }
        }
    }

    /// After the root element closed: only comments, PIs and whitespace may follow.
    pub fn finish(mut self) -> Result<()> {
        loop {
            match self.reader.read_event().map_err(|e| self.err(e.to_string()))? {
                Event::Eof => return Ok(()),
                Event::Comment(_) | Event::PI(_) => {}
                Event::Text(t) if t.iter().all(u8::is_ascii_whitespace) => {}
                Event::DocType(_) => return Err(Error::XmlDoctype(self.what)),
                _ => return Err(self.err("content after the root element")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(xml: &str) -> Result<Vec<String>> {
        let mut r = XmlReader::new(xml, "test");
        let mut out = Vec::new();
        let mut depth = 0;
        loop {
            match r.next()? {
                Node::Open(e) => {
                    depth += 1;
                    out.push(format!("<{:?}:{}>", e.ns, e.local));
                }
                Node::Text(t) => out.push(t),
                Node::Close => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
            }
        }
        r.finish()?;
        Ok(out)
    }

    #[test]
    fn resolves_namespaces_not_prefixes() {
        let out = walk(r#"<?xml version="1.0" encoding="UTF-8"?><x:a xmlns:x="urn:oasis:names:tc:SAML:2.0:metadata"><b xmlns="http://www.w3.org/2000/09/xmldsig#"/><md:c xmlns:md="urn:other"/></x:a>"#).unwrap();
        assert_eq!(out, ["<Md:a>", "<Ds:b>", "<Other:c>"]);
    }

    #[test]
    fn resolves_only_predefined_and_char_refs() {
        assert_eq!(walk("<a>x&lt;&#65;&#x42;&amp;</a>").unwrap().concat(), "<Other:a>x<AB&");
        assert_eq!(walk("\u{feff}<a/>").unwrap(), ["<Other:a>"]);
        assert!(matches!(walk("<a>&foo;</a>"), Err(Error::Xml { .. })));
        assert!(matches!(walk("<a b='&foo;'/>"), Err(Error::Xml { .. })));
    }

    #[test]
    fn refuses_doctype_bad_structure_and_other_encodings() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>"#;
        assert_eq!(walk(bomb), Err(Error::XmlDoctype("test")));
        let xxe = r#"<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"#;
        assert_eq!(walk(xxe), Err(Error::XmlDoctype("test")));
        assert_eq!(walk("<a/><!DOCTYPE x>"), Err(Error::XmlDoctype("test")));
        for bad in [
            "<a><b></a>",
            "<a></b>",
            "<a>",
            "",
            "text",
            "<a/><b/>",
            "<a/>tail",
            "<p:a/>",
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>",
            "<a x='1' x='2'/>",
        ] {
            assert!(
                matches!(walk(bad), Err(Error::Xml { .. })),
                "{bad:?} -> {:?}",
                walk(bad)
            );
        }
    }

    #[test]
    fn caps_depth_and_element_count() {
        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_XML_DEPTH + 1),
            "</a>".repeat(MAX_XML_DEPTH + 1)
        );
        assert_eq!(
            walk(&deep),
            Err(Error::XmlTooDeep {
                what: "test",
                limit: MAX_XML_DEPTH
            })
        );
        let ok_deep = format!("{}{}", "<a>".repeat(MAX_XML_DEPTH), "</a>".repeat(MAX_XML_DEPTH));
        assert!(walk(&ok_deep).is_ok());
        let wide = format!("<r>{}</r>", "<a/>".repeat(MAX_XML_ELEMENTS));
        assert_eq!(
            walk(&wide),
            Err(Error::XmlTooManyElements {
                what: "test",
                limit: MAX_XML_ELEMENTS
            })
        );
    }
}
