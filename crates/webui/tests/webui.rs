//! Integration tests: the login link, the SP metadata, the SAMLRequest
//! redirect and the binding notification, against a test key pair that
//! stands in for Huawei Cloud's (see `support`).

mod support;

use huaweicloud_bss_webui::{
    decode_saml_request_unverified, AuthSite, AuthnRequest, BindNotification, BindSignedContent, Error, LoginRedirect,
    SpCertificate, SpMetadata, WebUiVerifier,
};
use support::*;

fn verifier() -> WebUiVerifier {
    WebUiVerifier::from_metadata_xml(&sp().metadata_xml).expect("test metadata")
}

/// Replaces the byte at `i` with another printable ASCII byte.
fn tamper(s: &str, i: usize) -> Vec<u8> {
    let mut bytes = s.as_bytes().to_vec();
    bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
    bytes
}

mod login {
    use super::*;

    fn same_url(ours: &str, documented: &str) {
        // The docs print the escapes in lower case (`%3a`); both cases are valid.
        assert!(
            ours.eq_ignore_ascii_case(documented),
            "\n ours: {ours}\n docs: {documented}"
        );
    }

    #[test]
    fn reproduces_the_documented_links() {
        // bpconsole_apifaq_00003 (binding flow, Chinese mainland).
        let url = LoginRedirect::new("ZXT", "https://console.huaweicloud.com/iam/")
            .first_login(true)
            .url(&AuthSite::China)
            .unwrap();
        same_url(
            &url,
            "https://auth.huaweicloud.com/authui/saml/login?xAccountType=ZXT&isFirstLogin=true&service=https%3a%2f%2fconsole.huaweicloud.com%2fiam%2f",
        );
        // jac_00001, international and European editions.
        for (site, documented) in [
            (AuthSite::International, "https://auth-intl.huaweicloud.com/authui/saml/login?xAccountType=ZXT&isFirstLogin=false&service=https%3a%2f%2fconsole-intl.huaweicloud.com%2fiam%2f"),
            (AuthSite::Europe, "https://auth.eu.huaweicloud.com/authui/saml/login?xAccountType=ZXT&isFirstLogin=false&service=https%3a%2f%2fconsole.eu.huaweicloud.com%2fiam%2f"),
        ] {
            let service = site.console_iam_url().unwrap();
            same_url(&LoginRedirect::new("ZXT", service).first_login(false).url(&site).unwrap(), documented);
        }
    }

    #[test]
    fn encodes_like_encode_uri_component() {
        let url = LoginRedirect::new(
            "a b&c=d",
            "https://console.huaweicloud.com/ecm/?region=cn-north-4#/ecs/manager/vmList",
        )
        .url(&AuthSite::China)
        .unwrap();
        assert_eq!(
            url,
            "https://auth.huaweicloud.com/authui/saml/login?xAccountType=a%20b%26c%3Dd\
             &service=https%3A%2F%2Fconsole.huaweicloud.com%2Fecm%2F%3Fregion%3Dcn-north-4%23%2Fecs%2Fmanager%2FvmList"
        );
        assert_eq!(
            huaweicloud_bss_webui::encode_uri_component("-_.!~*'()中+/ "),
            "-_.!~*'()%E4%B8%AD%2B%2F%20"
        );
    }

    #[test]
    fn omits_is_first_login_unless_set_and_supports_custom_sites() {
        let url = LoginRedirect::new("ZXT", "http://127.0.0.1:8080/x")
            .url(&AuthSite::Custom("http://127.0.0.1:9000/".into()))
            .unwrap();
        assert_eq!(
            url,
            "http://127.0.0.1:9000/authui/saml/login?xAccountType=ZXT&service=http%3A%2F%2F127.0.0.1%3A8080%2Fx"
        );
        assert_eq!(
            AuthSite::China.sp_metadata_url(),
            "https://auth.huaweicloud.com/authui/saml/metadata.xml?unsigned=true"
        );
    }

    #[test]
    fn refuses_bad_parameters() {
        let long = format!("https://x/{}", "a".repeat(3000));
        let cases: Vec<(LoginRedirect, AuthSite, &str)> = vec![
            (LoginRedirect::new("", "https://x/"), AuthSite::China, "xAccountType"),
            (
                LoginRedirect::new("Z\nXT", "https://x/"),
                AuthSite::China,
                "xAccountType",
            ),
            (LoginRedirect::new("ZXT", ""), AuthSite::China, "service"),
            (LoginRedirect::new("ZXT", "/iam/"), AuthSite::China, "service"),
            (
                LoginRedirect::new("ZXT", "javascript:alert(1)"),
                AuthSite::China,
                "service",
            ),
            (LoginRedirect::new("ZXT", "https://"), AuthSite::China, "service"),
            (LoginRedirect::new("ZXT", long.as_str()), AuthSite::China, "service"),
            (
                LoginRedirect::new("ZXT", "https://x/"),
                AuthSite::Custom("ftp://x".into()),
                "site",
            ),
            (
                LoginRedirect::new("ZXT", "https://x/"),
                AuthSite::Custom("https://x/?a=b".into()),
                "site",
            ),
            (
                LoginRedirect::new("ZXT", "https://x/"),
                AuthSite::Custom("https://x y".into()),
                "site",
            ),
        ];
        for (login, site, param) in cases {
            match login.url(&site) {
                Err(Error::InvalidLoginParameter { name, .. }) => {
                    assert_eq!(name, param, "{login:?}")
                }
                other => panic!("{login:?} on {site:?}: {other:?}"),
            }
        }
    }
}

mod metadata {
    use super::*;

    #[test]
    fn reads_the_signing_certificate() {
        let m = SpMetadata::from_xml(&sp().metadata_xml).unwrap();
        assert_eq!(m.entity_id(), Some("https://auth.huaweicloud.com/"));
        let [cert] = m.signing_certificates() else {
            panic!("one certificate expected")
        };
        assert_eq!(cert.der(), sp().cert_der.as_slice());
        assert_eq!(cert.key_bits(), 2048);
        assert!(
            cert.subject().contains("CN=auth.huaweicloud.test"),
            "{}",
            cert.subject()
        );
        assert_eq!(cert.sha256_fingerprint().len(), 64);
        assert!(format!("{cert:?}").contains("key_bits: 2048"));
        // Bytes, BOM, certificate given directly.
        let with_bom = format!("\u{feff}{}", sp().metadata_xml);
        assert_eq!(
            SpMetadata::from_xml_bytes(with_bom.as_bytes())
                .unwrap()
                .signing_certificates()
                .len(),
            1
        );
        let direct = SpCertificate::from_base64(&b64_wrapped(&sp().cert_der)).unwrap();
        assert_eq!(direct.der(), sp().cert_der.as_slice());
    }

    #[test]
    fn accepts_several_keys_for_rollover() {
        let xml = sp_metadata_xml(&[&other_sp().cert_der, &sp().cert_der]);
        let v = WebUiVerifier::from_metadata_xml(&xml).unwrap();
        assert_eq!(v.metadata().signing_certificates().len(), 2);
        for signer in [sp(), other_sp()] {
            let form = bind_form(signer, DOC_BIND_REQUEST_JSON);
            assert_eq!(v.verify_bind_form(form.as_bytes()).unwrap().domain_name, "yongzhi");
        }
    }

    #[test]
    fn resolves_namespaces_instead_of_trusting_prefixes() {
        let cert = b64(&sp().cert_der);
        let default_ns = format!(
            r#"<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="e"><SPSSODescriptor><KeyDescriptor><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>{cert}</X509Certificate></X509Data></KeyInfo></KeyDescriptor></SPSSODescriptor></EntityDescriptor>"#
        );
        assert_eq!(
            SpMetadata::from_xml(&default_ns).unwrap().signing_certificates().len(),
            1
        );
        let wrong_ns = sp()
            .metadata_xml
            .replace("urn:oasis:names:tc:SAML:2.0:metadata", "urn:example:not-saml");
        assert!(matches!(
            SpMetadata::from_xml(&wrong_ns),
            Err(Error::UnexpectedRoot { .. })
        ));
        let wrong_ds = sp()
            .metadata_xml
            .replace("http://www.w3.org/2000/09/xmldsig#", "urn:example:not-dsig");
        assert_eq!(
            SpMetadata::from_xml(&wrong_ds).unwrap_err(),
            Error::NoSigningCertificate
        );
    }

    #[test]
    fn ignores_certificates_outside_sp_signing_key_descriptors() {
        let sp_cert = b64(&sp().cert_der);
        let other_cert = b64(&other_sp().cert_der);
        // The wrong key sits in the metadata's own ds:Signature, in an
        // encryption KeyDescriptor and in an IDPSSODescriptor.
        let xml = format!(
            r#"<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://auth.huaweicloud.com/">
  <ds:Signature><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{other_cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>
  <md:IDPSSODescriptor><md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{other_cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor></md:IDPSSODescriptor>
  <md:SPSSODescriptor>
    <md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{other_cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{sp_cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
  </md:SPSSODescriptor>
</md:EntityDescriptor>"#
        );
        let v = WebUiVerifier::from_metadata_xml(&xml).unwrap();
        assert_eq!(v.metadata().signing_certificates().len(), 1);
        assert_eq!(v.metadata().signing_certificates()[0].der(), sp().cert_der.as_slice());
        let forged = bind_form(other_sp(), DOC_BIND_REQUEST_JSON);
        assert_eq!(v.verify_bind_form(forged.as_bytes()), Err(Error::BadSignature));

        // The partner's own IdP metadata (docs' access_00001 shape) is refused outright.
        let idp_only = sp().metadata_xml.replace("SPSSODescriptor", "IDPSSODescriptor");
        assert_eq!(
            SpMetadata::from_xml(&idp_only).unwrap_err(),
            Error::NoSigningCertificate
        );
        assert_eq!(
            SpMetadata::from_certificates(None, vec![]).unwrap_err(),
            Error::NoSigningCertificate
        );
    }

    #[test]
    fn refuses_xml_bombs_and_oversized_documents() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">&lol3;</md:EntityDescriptor>"#;
        assert_eq!(
            SpMetadata::from_xml(laughs).unwrap_err(),
            Error::XmlDoctype("SP metadata")
        );
        let xxe = r#"<!DOCTYPE m [<!ENTITY c SYSTEM "file:///etc/passwd">]><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">&c;</md:EntityDescriptor>"#;
        assert_eq!(SpMetadata::from_xml(xxe).unwrap_err(), Error::XmlDoctype("SP metadata"));
        let undefined = sp()
            .metadata_xml
            .replace("entityID=\"https://auth.huaweicloud.com/\"", "entityID=\"&ent;\"");
        assert!(matches!(SpMetadata::from_xml(&undefined), Err(Error::Xml { .. })));

        let huge = format!(
            "{}<!--{}-->",
            sp().metadata_xml,
            "x".repeat(huaweicloud_bss_webui::limits::MAX_METADATA_BYTES)
        );
        assert!(matches!(SpMetadata::from_xml(&huge), Err(Error::TooLarge { .. })));
        assert!(matches!(
            SpMetadata::from_xml_bytes(huge.as_bytes()),
            Err(Error::TooLarge { .. })
        ));

        let deep = sp().metadata_xml.replace(
            "<md:NameIDFormat>",
            &format!("{}{}<md:NameIDFormat>", "<x>".repeat(40), "</x>".repeat(40)),
        );
        assert!(matches!(SpMetadata::from_xml(&deep), Err(Error::XmlTooDeep { .. })));

        let many = sp_metadata_xml(&vec![sp().cert_der.as_slice(); 17]);
        assert_eq!(
            SpMetadata::from_xml(&many).unwrap_err(),
            Error::TooManyCertificates { limit: 16 }
        );
        assert_eq!(
            SpMetadata::from_xml_bytes(b"\xff\xfe<x/>").unwrap_err(),
            Error::InvalidUtf8("SP metadata")
        );
    }

    #[test]
    fn refuses_bad_certificates() {
        let with_cert = |text: &str| {
            let pem = b64_wrapped(&sp().cert_der);
            SpMetadata::from_xml(&sp().metadata_xml.replace(&pem, text))
        };
        assert_eq!(
            with_cert("not base64 !!").unwrap_err(),
            Error::InvalidBase64("X509Certificate")
        );
        assert!(matches!(
            with_cert(&b64(b"not a certificate")),
            Err(Error::InvalidCertificate(_))
        ));
        let der = &sp().cert_der;
        assert!(matches!(
            with_cert(&b64(&der[..der.len() - 10])),
            Err(Error::InvalidCertificate(_))
        ));
        let mut trailing = der.clone();
        trailing.extend_from_slice(b"junk");
        assert!(matches!(with_cert(&b64(&trailing)), Err(Error::InvalidCertificate(_))));
        assert!(matches!(with_cert(""), Err(Error::InvalidCertificate(_))));
        assert!(matches!(
            SpCertificate::from_der(&vec![0x30; 20_000]),
            Err(Error::TooLarge { .. })
        ));
    }

    #[test]
    fn refuses_keys_below_2048_bits() {
        use rsa::pkcs1v15::SigningKey;
        use sha2::Sha256;
        use std::str::FromStr as _;
        use x509_cert::builder::{Builder as _, CertificateBuilder, Profile};
        use x509_cert::der::Encode as _;

        let private = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 1024).unwrap();
        let signer = SigningKey::<Sha256>::new(private.clone());
        let spki = x509_cert::spki::SubjectPublicKeyInfoOwned::from_key(private.to_public_key()).unwrap();
        let cert = CertificateBuilder::new(
            Profile::Root,
            x509_cert::serial_number::SerialNumber::from(1u32),
            x509_cert::time::Validity::from_now(std::time::Duration::from_secs(3600)).unwrap(),
            x509_cert::name::Name::from_str("CN=weak").unwrap(),
            spki,
            &signer,
        )
        .unwrap()
        .build::<rsa::pkcs1v15::Signature>()
        .unwrap()
        .to_der()
        .unwrap();
        assert_eq!(
            SpCertificate::from_der(&cert).unwrap_err(),
            Error::WeakKey { bits: 1024, min: 2048 }
        );
    }
}

mod saml_request {
    use super::*;

    const IDP_URL: &str = "https://idp.partner.example/saml/login";

    #[test]
    fn verifies_and_decodes_a_signed_redirect() {
        let relay = "https://console.huaweicloud.com/iam/?locale=zh-cn#/home";
        let query = saml_redirect_query(sp(), AUTHN_REQUEST_XML, Some(relay));
        let verified = verifier().verify_saml_redirect(&query).unwrap();
        assert_eq!(verified.xml, AUTHN_REQUEST_XML);
        assert_eq!(verified.relay_state.as_deref(), Some(relay));
        assert_eq!(verified.sig_alg, huaweicloud_bss_webui::SignatureAlgorithm::RsaSha256);
        let r = &verified.authn_request;
        assert_eq!(r.id, "_test0123456789abcdef");
        assert_eq!(r.version, "2.0");
        assert_eq!(r.issue_instant, "2024-05-06T07:08:09.123Z");
        assert_eq!(r.destination.as_deref(), Some(IDP_URL));
        assert_eq!(
            r.assertion_consumer_service_url.as_deref(),
            Some("https://auth.huaweicloud.com/authui/saml/SAMLAssertionConsumer")
        );
        assert_eq!(
            r.protocol_binding.as_deref(),
            Some("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")
        );
        assert_eq!((r.force_authn, r.is_passive), (Some(false), Some(false)));
        assert_eq!(r.issuer.as_deref(), Some("https://auth.huaweicloud.com/"));
        let policy = r.name_id_policy.as_ref().unwrap();
        assert_eq!(
            policy.format.as_deref(),
            Some("urn:oasis:names:tc:SAML:2.0:nameid-format:transient")
        );
        assert_eq!(policy.allow_create, Some(true));
        assert_eq!(
            policy.sp_name_qualifier.as_deref(),
            Some("https://auth.huaweicloud.com/")
        );
    }

    #[test]
    fn accepts_whole_urls_no_relay_state_and_extra_parameters() {
        let query = saml_redirect_query(sp(), AUTHN_REQUEST_XML, None);
        let v = verifier();
        assert_eq!(v.verify_saml_redirect(&query).unwrap().relay_state, None);
        let url = format!("{IDP_URL}?lang=zh&{query}&utm=1#frag");
        assert_eq!(
            v.verify_saml_redirect(&url).unwrap().authn_request.id,
            "_test0123456789abcdef"
        );
        assert!(v.verify_saml_redirect(&format!("?{query}")).is_ok());
        assert!(v.verify_saml_redirect(&format!("/saml/login?{query}")).is_ok());
        // A `?` left unencoded inside a value of a bare query string.
        let request = form_encode(&deflate_b64(AUTHN_REQUEST_XML.as_bytes()));
        let raw_question_mark = signed_redirect_query(sp(), &request, Some("state?x=1"), RSA_SHA256);
        assert_eq!(
            v.verify_saml_redirect(&raw_question_mark)
                .unwrap()
                .relay_state
                .as_deref(),
            Some("state?x=1")
        );
    }

    #[test]
    fn decodes_the_documented_example() {
        // Developer guide appendix "解出SAMLRequest的代码示例": URL > base64 > inflate.
        let xml = decode_saml_request_unverified(DOC_SAML_REQUEST).unwrap();
        assert!(
            xml.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?><saml2p:AuthnRequest"#),
            "{xml}"
        );
        let r = AuthnRequest::from_xml(&xml).unwrap();
        assert_eq!(r.id, "_th2kld6nqqaq6lbvbw1cqqkbld2m7shj5i7x");
        assert_eq!(r.issue_instant, "2018-11-26T09:11:58.446Z");
        assert_eq!(
            r.assertion_consumer_service_url.as_deref(),
            Some("https://auth.huaweicloud.com/authui/saml/SAMLAssertionConsumer")
        );
        assert_eq!(
            r.destination.as_deref(),
            Some("http://hwtest.51web.com/user/product/cloud/century/ecs!loginHw.action")
        );
        assert_eq!(r.issuer.as_deref(), Some("https://auth.huaweicloud.com/"));
        assert_eq!(
            r.name_id_policy.unwrap().sp_name_qualifier.as_deref(),
            Some("https://auth.huaweicloud.com/")
        );

        // The same value, as the SAMLRequest of a redirect signed by the test key.
        let query = signed_redirect_query(sp(), DOC_SAML_REQUEST, Some("state-1"), RSA_SHA256);
        let verified = verifier().verify_saml_redirect(&query).unwrap();
        assert_eq!(verified.xml, xml);
        assert_eq!(verified.relay_state.as_deref(), Some("state-1"));
    }

    #[test]
    fn any_tampered_byte_fails() {
        let v = verifier();
        let query = saml_redirect_query(sp(), AUTHN_REQUEST_XML, Some("relay"));
        assert!(v.verify_saml_redirect(&query).is_ok());
        for i in 0..query.len() {
            let bytes = tamper(&query, i);
            let tampered = String::from_utf8(bytes).unwrap();
            assert!(v.verify_saml_redirect(&tampered).is_err(), "byte {i} of {query}");
        }
    }

    #[test]
    fn refuses_other_keys_and_algorithms() {
        let v = verifier();
        let forged = saml_redirect_query(other_sp(), AUTHN_REQUEST_XML, None);
        assert_eq!(v.verify_saml_redirect(&forged).unwrap_err(), Error::BadSignature);
        let request = form_encode(&deflate_b64(AUTHN_REQUEST_XML.as_bytes()));
        for alg in [
            RSA_SHA1,
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
            "none",
            "",
        ] {
            let q = signed_redirect_query(sp(), &request, None, alg);
            assert!(
                matches!(v.verify_saml_redirect(&q), Err(Error::UnsupportedSignatureAlgorithm(_))),
                "{alg}"
            );
        }
    }

    #[test]
    fn refuses_missing_duplicated_and_malformed_parameters() {
        let v = verifier();
        let query = saml_redirect_query(sp(), AUTHN_REQUEST_XML, Some("r"));
        let without = |name: &str| {
            query
                .split('&')
                .filter(|p| !p.starts_with(&format!("{name}=")))
                .collect::<Vec<_>>()
                .join("&")
        };
        assert_eq!(
            v.verify_saml_redirect(&without("SAMLRequest")).unwrap_err(),
            Error::MissingParameter("SAMLRequest")
        );
        assert_eq!(
            v.verify_saml_redirect(&without("SigAlg")).unwrap_err(),
            Error::MissingParameter("SigAlg")
        );
        assert_eq!(
            v.verify_saml_redirect(&without("Signature")).unwrap_err(),
            Error::MissingParameter("Signature")
        );
        assert_eq!(
            v.verify_saml_redirect(&format!("{query}&SAMLRequest=x")).unwrap_err(),
            Error::DuplicateParameter("SAMLRequest")
        );
        assert_eq!(
            v.verify_saml_redirect(&format!("RelayState=evil&{query}")).unwrap_err(),
            Error::DuplicateParameter("RelayState")
        );
        // Relay state dropped: the signature covered it.
        assert_eq!(
            v.verify_saml_redirect(&without("RelayState")).unwrap_err(),
            Error::BadSignature
        );
        let bad_escape = query.replace("SigAlg=http", "SigAlg=%zzhttp");
        assert_eq!(
            v.verify_saml_redirect(&bad_escape).unwrap_err(),
            Error::InvalidPercentEncoding("SigAlg")
        );
        let (head, sig) = query.split_once("&Signature=").unwrap();
        // Cutting the percent-encoded signature may split an escape (`%2B`): the keys are random,
        // so any of the three refusals is right.
        let truncated = format!("{head}&Signature={}", &sig[..sig.len() - 8]);
        assert!(matches!(
            v.verify_saml_redirect(&truncated),
            Err(Error::BadSignature | Error::InvalidBase64(_) | Error::InvalidPercentEncoding(_))
        ));
        let oversized_sig = format!("{head}&Signature={}", "A".repeat(2000));
        assert!(matches!(
            v.verify_saml_redirect(&oversized_sig),
            Err(Error::TooLarge { what: "Signature", .. })
        ));
        let garbage_sig = format!("{head}&Signature=!!!!");
        assert_eq!(
            v.verify_saml_redirect(&garbage_sig).unwrap_err(),
            Error::InvalidBase64("Signature")
        );
        let huge = format!("{query}&pad={}", "x".repeat(70_000));
        assert!(matches!(
            v.verify_saml_redirect(&huge),
            Err(Error::TooLarge {
                what: "redirect query",
                ..
            })
        ));
    }

    /// Signed by the right key, so only decoding can catch these.
    fn signed(request_b64: &str) -> Result<huaweicloud_bss_webui::VerifiedSamlRequest, Error> {
        verifier().verify_saml_redirect(&signed_redirect_query(
            sp(),
            &form_encode(request_b64),
            None,
            RSA_SHA256,
        ))
    }

    #[test]
    fn refuses_signed_but_malformed_requests() {
        let good = deflate_b64(AUTHN_REQUEST_XML.as_bytes());
        assert!(signed(&good).is_ok());
        // Truncated base64 / deflate stream (padding is optional, so cut data).
        let unpadded = good.trim_end_matches('=');
        assert!(signed(unpadded).is_ok());
        assert!(matches!(
            signed(&unpadded[..unpadded.len() - 1]),
            Err(Error::InvalidDeflate | Error::InvalidBase64(_))
        ));
        assert_eq!(signed(&good[..good.len() / 2]).unwrap_err(), Error::InvalidDeflate);
        assert_eq!(
            signed("!!notbase64!!").unwrap_err(),
            Error::InvalidBase64("SAMLRequest")
        );
        // Not a raw deflate stream: random bytes, and a zlib-wrapped stream.
        assert_eq!(
            signed(&b64(&[0xde, 0xad, 0xbe, 0xef, 0xff, 0xff])).unwrap_err(),
            Error::InvalidDeflate
        );
        let zlib = {
            use std::io::Write as _;
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(AUTHN_REQUEST_XML.as_bytes()).unwrap();
            b64(&e.finish().unwrap())
        };
        assert!(signed(&zlib).is_err());
        // Not UTF-8, not XML, not an AuthnRequest.
        assert_eq!(
            signed(&deflate_b64(b"<a>\xff\xfe</a>")).unwrap_err(),
            Error::InvalidUtf8("SAMLRequest")
        );
        assert!(matches!(signed(&deflate_b64(b"plain text")), Err(Error::Xml { .. })));
        let logout = r#"<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="x" Version="2.0" IssueInstant="t"/>"#;
        assert!(matches!(
            signed(&deflate_b64(logout.as_bytes())),
            Err(Error::UnexpectedRoot { .. })
        ));
        let no_id = AUTHN_REQUEST_XML.replace(r#" ID="_test0123456789abcdef""#, "");
        assert_eq!(
            signed(&deflate_b64(no_id.as_bytes())).unwrap_err(),
            Error::MissingAttribute {
                element: "samlp:AuthnRequest",
                attribute: "ID"
            }
        );
        let v1 = AUTHN_REQUEST_XML.replace(r#"Version="2.0""#, r#"Version="1.1""#);
        assert!(matches!(signed(&deflate_b64(v1.as_bytes())), Err(Error::Xml { .. })));
        let bad_bool = AUTHN_REQUEST_XML.replace(r#"ForceAuthn="false""#, r#"ForceAuthn="maybe""#);
        assert!(matches!(
            signed(&deflate_b64(bad_bool.as_bytes())),
            Err(Error::Xml { .. })
        ));
    }

    #[test]
    fn refuses_xml_and_decompression_bombs() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="&c;" Version="2.0" IssueInstant="t"/>"#;
        assert_eq!(
            signed(&deflate_b64(laughs.as_bytes())).unwrap_err(),
            Error::XmlDoctype("SAMLRequest")
        );
        let xxe = r#"<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:1/x">]><samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="&x;" Version="2.0" IssueInstant="t"/>"#;
        assert_eq!(
            signed(&deflate_b64(xxe.as_bytes())).unwrap_err(),
            Error::XmlDoctype("SAMLRequest")
        );
        // 4 MiB of whitespace deflates to a few KiB; inflation stops at the limit.
        let mut bomb = AUTHN_REQUEST_XML.as_bytes().to_vec();
        bomb.extend(std::iter::repeat_n(b' ', 4 << 20));
        let bomb = deflate_b64(&bomb);
        assert!(bomb.len() < 16 * 1024, "{}", bomb.len());
        assert_eq!(
            signed(&bomb).unwrap_err(),
            Error::InflateLimit {
                limit: huaweicloud_bss_webui::limits::MAX_INFLATED_SAML_BYTES
            }
        );
        let deep = AUTHN_REQUEST_XML.replace(
            "<saml2p:NameIDPolicy",
            &format!("{}{}<saml2p:NameIDPolicy", "<x>".repeat(40), "</x>".repeat(40)),
        );
        assert!(matches!(
            signed(&deflate_b64(deep.as_bytes())),
            Err(Error::XmlTooDeep { .. })
        ));
    }
}

mod bind_notification {
    use super::*;

    #[test]
    fn verifies_and_decodes_the_binding() {
        let json = r#"{"xUserId":"platform-user-42","domainId":"0a1b2c3d4e5f60718293a4b5c6d7e8f9","domainName":"hw-customer-42","bindAction":1}"#;
        let form = bind_form(sp(), json);
        let b = verifier().verify_bind_form(form.as_bytes()).unwrap();
        assert_eq!(b.x_user_id, "platform-user-42");
        assert_eq!(b.domain_id, "0a1b2c3d4e5f60718293a4b5c6d7e8f9");
        assert_eq!(b.domain_name, "hw-customer-42");
        assert_eq!(b.bind_action, Some(1));
        assert!(b.other.is_empty());
        // Field order, unknown form fields, and the framework-decoded path.
        let (bind, rest) = form.split_once('&').unwrap();
        let reordered = format!("x=1&{rest}&{bind}&y");
        assert_eq!(verifier().verify_bind_form(reordered.as_bytes()).unwrap(), b);
        let n = BindNotification::from_form_body(form.as_bytes()).unwrap();
        assert_eq!(verifier().verify_bind_notification(&n).unwrap(), b);
    }

    #[test]
    fn decodes_the_documented_example() {
        // The page prints the example in upper case; our reconstruction
        // matches it but for letter case, and the `=` is sent as `%3D`.
        let encoded = b64(DOC_BIND_REQUEST_JSON.as_bytes());
        assert!(format!("{}%3D", encoded.trim_end_matches('=')).eq_ignore_ascii_case(DOC_BIND_REQUEST_AS_PRINTED));
        // The SigAlg example is upper-cased by the same page; what is sent is
        // the canonical URI, and only that is accepted.
        assert_eq!(DOC_SIG_ALG_AS_PRINTED.to_lowercase(), RSA_SHA256);
        let form = bind_form_with(sp(), &encoded, RSA_SHA256);
        assert!(form.starts_with("bindRequest=eyJkb21haW5OYW1lIjoieW9uZ3poaSIs"));
        assert!(form.contains("MX0%3D&SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&"));
        let upper = bind_form_with(sp(), &encoded, DOC_SIG_ALG_AS_PRINTED);
        assert!(matches!(
            verifier().verify_bind_form(upper.as_bytes()),
            Err(Error::UnsupportedSignatureAlgorithm(_))
        ));
        let b = verifier().verify_bind_form(form.as_bytes()).unwrap();
        assert_eq!(
            (
                b.domain_name.as_str(),
                b.domain_id.as_str(),
                b.x_user_id.as_str(),
                b.bind_action
            ),
            ("yongzhi", "yongzhiid", "yongzhix", Some(1))
        );
    }

    #[test]
    fn any_tampered_byte_fails() {
        let v = verifier();
        let form = bind_form(sp(), DOC_BIND_REQUEST_JSON);
        assert!(v.verify_bind_form(form.as_bytes()).is_ok());
        for i in 0..form.len() {
            assert!(v.verify_bind_form(&tamper(&form, i)).is_err(), "byte {i} of {form}");
        }
        // Decoded fields too: a changed JSON, SigAlg or signature.
        let good = BindNotification::from_form_body(form.as_bytes()).unwrap();
        let other_json = b64(DOC_BIND_REQUEST_JSON.replace("yongzhix", "attacker").as_bytes());
        let swapped = BindNotification {
            bind_request: other_json,
            ..good.clone()
        };
        assert_eq!(v.verify_bind_notification(&swapped), Err(Error::BadSignature));
    }

    #[test]
    fn refuses_other_keys_algorithms_and_missing_fields() {
        let v = verifier();
        let forged = bind_form(other_sp(), DOC_BIND_REQUEST_JSON);
        assert_eq!(v.verify_bind_form(forged.as_bytes()), Err(Error::BadSignature));
        let encoded = b64(DOC_BIND_REQUEST_JSON.as_bytes());
        for alg in [
            RSA_SHA1,
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
            "RS256",
            "",
        ] {
            let form = bind_form_with(sp(), &encoded, alg);
            assert!(
                matches!(
                    v.verify_bind_form(form.as_bytes()),
                    Err(Error::UnsupportedSignatureAlgorithm(_))
                ),
                "{alg}"
            );
        }
        let form = bind_form(sp(), DOC_BIND_REQUEST_JSON);
        for (name, field) in [
            ("bindRequest", "bindRequest="),
            ("SigAlg", "SigAlg="),
            ("Signature", "Signature="),
        ] {
            let without: Vec<_> = form.split('&').filter(|p| !p.starts_with(field)).collect();
            assert_eq!(
                v.verify_bind_form(without.join("&").as_bytes()),
                Err(Error::MissingParameter(name))
            );
        }
        assert_eq!(
            v.verify_bind_form(format!("{form}&bindRequest=e30%3D").as_bytes()),
            Err(Error::DuplicateParameter("bindRequest"))
        );
        assert_eq!(
            v.verify_bind_form(b"bindRequest=%G0"),
            Err(Error::InvalidPercentEncoding("bindRequest"))
        );
        assert_eq!(
            v.verify_bind_form(b"\xff\xfe"),
            Err(Error::InvalidUtf8("notification body"))
        );
    }

    #[test]
    fn tolerates_an_unencoded_plus() {
        // A `+` that reached the form decoder unescaped became a space.
        let v = verifier();
        let mut json = String::from(r#"{"xUserId":"u","domainId":"d","domainName":"n","note":"#);
        // Find content whose base64 and signature both contain '+'.
        for i in 0.. {
            let candidate = format!("{json}\"{}>>>?\"}}", "~".repeat(i % 7));
            let encoded = b64(candidate.as_bytes());
            let signature = b64(&sign(sp(), encoded.as_bytes()));
            if encoded.contains('+') && signature.contains('+') {
                let raw = format!(
                    "bindRequest={}&SigAlg={}&Signature={}",
                    encoded.replace('=', "%3D"),
                    form_encode(RSA_SHA256),
                    signature.replace('=', "%3D").replace('/', "%2F")
                );
                let b = v.verify_bind_form(raw.as_bytes()).unwrap();
                assert_eq!(b.other["note"], serde_json::json!(format!("{}>>>?", "~".repeat(i % 7))));
                return;
            }
            json.push('x');
        }
    }

    #[test]
    fn signed_content_reading_is_configurable_and_exclusive() {
        let json_signed = {
            let signature = b64(&sign(sp(), DOC_BIND_REQUEST_JSON.as_bytes()));
            format!(
                "bindRequest={}&SigAlg={}&Signature={}",
                form_encode(&b64(DOC_BIND_REQUEST_JSON.as_bytes())),
                form_encode(RSA_SHA256),
                form_encode(&signature)
            )
        };
        let value_signed = bind_form(sp(), DOC_BIND_REQUEST_JSON);
        let default = verifier();
        let json_mode = verifier().with_bind_signed_content(BindSignedContent::DecodedJson);
        assert_eq!(
            json_mode.verify_bind_form(json_signed.as_bytes()).unwrap().x_user_id,
            "yongzhix"
        );
        assert_eq!(
            default.verify_bind_form(json_signed.as_bytes()),
            Err(Error::BadSignature)
        );
        assert_eq!(
            json_mode.verify_bind_form(value_signed.as_bytes()),
            Err(Error::BadSignature)
        );
    }

    fn signed_json(json: &[u8]) -> Result<huaweicloud_bss_webui::AccountBinding, Error> {
        verifier().verify_bind_form(bind_form_with(sp(), &b64(json), RSA_SHA256).as_bytes())
    }

    #[test]
    fn reads_the_json_strictly_but_keeps_extra_members() {
        let b = signed_json(br#"{"xUserId":"u","domainId":"d","domainName":"","bindAction":"2","future":{"x":[1]}}"#)
            .unwrap();
        assert_eq!((b.bind_action, b.domain_name.as_str()), (Some(2), ""));
        assert_eq!(b.other["future"], serde_json::json!({"x": [1]}));
        assert_eq!(
            signed_json(br#"{"xUserId":"u","domainId":"d","domainName":"n"}"#)
                .unwrap()
                .bind_action,
            None
        );
        for bad in [
            &br#"{"domainId":"d","domainName":"n"}"#[..],
            br#"{"xUserId":"u","domainName":"n"}"#,
            br#"{"xUserId":"u","domainId":"d"}"#,
            br#"{"xUserId":"","domainId":"d","domainName":"n"}"#,
            br#"{"xUserId":"u","domainId":"","domainName":"n"}"#,
            br#"{"xUserId":1,"domainId":"d","domainName":"n"}"#,
            br#"{"xUserId":"u","domainId":"d","domainName":"n","bindAction":"one"}"#,
            br#"{"xUserId":"u","domainId":"d","domainName":"n","bindAction":1.5}"#,
            br#"[{"xUserId":"u","domainId":"d","domainName":"n"}]"#,
            br#"{"xUserId":"u","domainId":"d","domainName":"n""#,
            b"not json",
            b"",
            b"\xff\xfe",
        ] {
            assert!(
                matches!(signed_json(bad), Err(Error::InvalidJson(_))),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn refuses_signed_but_malformed_base64_and_oversized_input() {
        let v = verifier();
        let encoded = b64(DOC_BIND_REQUEST_JSON.as_bytes());
        // Truncated (and still signed): no longer the JSON.
        let truncated = bind_form_with(sp(), &encoded[..encoded.len() - 6], RSA_SHA256);
        assert!(matches!(
            v.verify_bind_form(truncated.as_bytes()),
            Err(Error::InvalidJson(_) | Error::InvalidBase64(_))
        ));
        let not_b64 = bind_form_with(sp(), "%%%not-base64%%%", RSA_SHA256);
        assert_eq!(
            v.verify_bind_form(not_b64.as_bytes()),
            Err(Error::InvalidBase64("bindRequest"))
        );
        // Oversized pieces are refused before any decoding or verification.
        let big = "A".repeat(30_000);
        let n = BindNotification {
            bind_request: big.clone(),
            sig_alg: RSA_SHA256.into(),
            signature: "AA==".into(),
        };
        assert!(matches!(
            v.verify_bind_notification(&n),
            Err(Error::TooLarge {
                what: "bindRequest",
                ..
            })
        ));
        let n = BindNotification {
            bind_request: encoded.clone(),
            sig_alg: big.clone(),
            signature: "AA==".into(),
        };
        assert!(matches!(
            v.verify_bind_notification(&n),
            Err(Error::TooLarge { what: "SigAlg", .. })
        ));
        let n = BindNotification {
            bind_request: encoded,
            sig_alg: RSA_SHA256.into(),
            signature: big.clone(),
        };
        assert!(matches!(
            v.verify_bind_notification(&n),
            Err(Error::TooLarge { what: "Signature", .. })
        ));
        let body = format!("{}&pad={}", bind_form(sp(), DOC_BIND_REQUEST_JSON), "x".repeat(70_000));
        assert!(matches!(
            v.verify_bind_form(body.as_bytes()),
            Err(Error::TooLarge {
                what: "notification body",
                ..
            })
        ));
        let big_json = format!(
            r#"{{"xUserId":"u","domainId":"d","domainName":"{}"}}"#,
            "n".repeat(20_000)
        );
        assert!(matches!(
            signed_json(big_json.as_bytes()),
            Err(Error::TooLarge {
                what: "bindRequest",
                ..
            })
        ));
    }

    #[test]
    fn unverified_notifications_do_not_leak_through_debug_and_deserialize_from_forms() {
        let n: BindNotification =
            serde_json::from_str(r#"{"bindRequest":"c2VjcmV0","SigAlg":"a","Signature":"b"}"#).unwrap();
        assert_eq!(n.bind_request, "c2VjcmV0");
        let debug = format!("{n:?}");
        assert!(!debug.contains("c2VjcmV0"), "{debug}");
    }
}

/// Random and mutated inputs: errors, never panics.
mod robustness {
    use super::*;
    use rand::{Rng as _, SeedableRng as _};

    fn mutate(rng: &mut rand::rngs::StdRng, input: &[u8]) -> Vec<u8> {
        let mut out = input.to_vec();
        for _ in 0..rng.gen_range(1..4) {
            match rng.gen_range(0..3) {
                0 if !out.is_empty() => {
                    let i = rng.gen_range(0..out.len());
                    out[i] = rng.gen();
                }
                1 if !out.is_empty() => {
                    let i = rng.gen_range(0..out.len());
                    out.truncate(i);
                }
                _ => {
                    let i = rng.gen_range(0..=out.len());
                    out.insert(i, rng.gen());
                }
            }
        }
        out
    }

    #[test]
    fn random_and_mutated_inputs_are_errors() {
        let v = verifier();
        let mut rng = rand::rngs::StdRng::seed_from_u64(0x5eed);
        let form = bind_form(sp(), DOC_BIND_REQUEST_JSON);
        let query = saml_redirect_query(sp(), AUTHN_REQUEST_XML, Some("r"));
        let metadata = sp().metadata_xml.clone();
        let binding = v.verify_bind_form(form.as_bytes()).unwrap();
        let request = v.verify_saml_redirect(&query).unwrap();
        for _ in 0..300 {
            let noise: Vec<u8> = (0..rng.gen_range(0..300)).map(|_| rng.gen()).collect();
            assert!(v.verify_bind_form(&noise).is_err());
            assert!(v.verify_saml_redirect(&String::from_utf8_lossy(&noise)).is_err());
            assert!(SpMetadata::from_xml_bytes(&noise).is_err());
            assert!(decode_saml_request_unverified(&String::from_utf8_lossy(&noise)).is_err());
            assert!(AuthnRequest::from_xml(&String::from_utf8_lossy(&noise)).is_err());

            // A mutation either fails, or only touched framing (a stray `&`,
            // a leading `?`, a `#fragment`) and yields the very same value.
            let m = mutate(&mut rng, form.as_bytes());
            if let Ok(b) = v.verify_bind_form(&m) {
                assert_eq!(b, binding, "{}", String::from_utf8_lossy(&m));
            }
            let q = String::from_utf8_lossy(&mutate(&mut rng, query.as_bytes())).into_owned();
            if let Ok(r) = v.verify_saml_redirect(&q) {
                assert_eq!(r, request, "{q}");
            }
            // Mutated metadata may still parse (whitespace, or a certificate
            // byte the key does not depend on); it is trusted input, so the
            // point here is only that nothing panics.
            let _ = SpMetadata::from_xml_bytes(&mutate(&mut rng, metadata.as_bytes()));
        }
    }
}
