//! A partner's binding-notification callback, end to end on 127.0.0.1.
//!
//! Huawei Cloud tells the partner sales platform which Huawei Cloud account a
//! customer bound by sending the browser, as a form POST, to the "通知结果绑定地址"
//! configured in Partner Center, with `bindRequest`, `SigAlg` and `Signature`.
//! This example is both sides at once, so it runs anywhere (CI included):
//!
//! * it plays Huawei Cloud: generates an RSA-2048 key and self-signed
//!   certificate, publishes them as SP metadata, and signs a notification;
//! * it is the partner: a hyper server on an ephemeral loopback port whose
//!   `POST /bind` handler verifies the notification with
//!   [`WebUiVerifier`] and prints the binding;
//! * it plays the browser: POSTs the signed form with reqwest, then a
//!   tampered copy, and checks the answers (200 with the binding, then 400).
//!
//! Run: `cargo run -p huaweicloud-bss-webui --example binding_callback`
//! (exits 0 on success). In production the verifier is built from Huawei
//! Cloud's real SP metadata (`AuthSite::China.sp_metadata_url()`), and the
//! handler stores the binding and redirects the browser to a page of yours.

#[path = "../tests/support/mod.rs"]
mod support;

use std::convert::Infallible;
use std::sync::Arc;

use http_body_util::{BodyExt as _, Full, Limited};
use huaweicloud_bss_webui::{limits, AccountBinding, WebUiVerifier};
use hyper::body::{Bytes, Incoming};
use hyper::header::CONTENT_TYPE;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn reply(status: StatusCode, content_type: &str, body: impl Into<Bytes>) -> Response<Full<Bytes>> {
    Response::builder()
        .status(status)
        .header(CONTENT_TYPE, content_type)
        .body(Full::new(body.into()))
        .expect("static response parts")
}

/// The partner's callback: `POST /bind`, form body, verified before use.
async fn bind_callback(
    verifier: Arc<WebUiVerifier>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    if req.uri().path() != "/bind" {
        return Ok(reply(StatusCode::NOT_FOUND, "text/plain", "not found\n"));
    }
    if req.method() != Method::POST {
        return Ok(reply(StatusCode::METHOD_NOT_ALLOWED, "text/plain", "POST only\n"));
    }
    // Never buffer more than the verifier would accept anyway.
    let body = match Limited::new(req.into_body(), limits::MAX_BIND_FORM_BYTES)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Ok(reply(StatusCode::PAYLOAD_TOO_LARGE, "text/plain", "body too large\n")),
    };
    match verifier.verify_bind_form(&body) {
        Ok(binding) => {
            println!(
                "[partner] verified account binding: platform user `{}` <-> Huawei Cloud account `{}` (id {}), bindAction {:?}",
                binding.x_user_id, binding.domain_name, binding.domain_id, binding.bind_action
            );
            // Here: store (x_user_id -> domain_id), then redirect the browser.
            let json = serde_json::to_vec(&binding).expect("serialisable");
            Ok(reply(StatusCode::OK, "application/json", json))
        }
        Err(err) => {
            // Nothing from an unverified notification is used or echoed.
            println!("[partner] rejected notification: {err}");
            Ok(reply(
                StatusCode::BAD_REQUEST,
                "text/plain",
                "invalid binding notification\n",
            ))
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), BoxError> {
    // Huawei Cloud stand-in: key, certificate, SP metadata.
    println!("[huawei] generating an RSA-2048 test key and certificate ...");
    let sp = support::sp();

    // Partner: the verifier, built once from the SP metadata, shared by handlers.
    let verifier = Arc::new(WebUiVerifier::from_metadata_xml(&sp.metadata_xml)?);
    let cert = &verifier.metadata().signing_certificates()[0];
    println!(
        "[partner] trusting SP certificate {} (sha256 {})",
        cert.subject(),
        cert.sha256_fingerprint()
    );

    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    println!("[partner] callback listening on http://{addr}/bind");
    let server = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let verifier = Arc::clone(&verifier);
            tokio::spawn(async move {
                let service = service_fn(move |req| bind_callback(Arc::clone(&verifier), req));
                if let Err(err) = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await
                {
                    eprintln!("[partner] connection error: {err}");
                }
            });
        }
    });

    // Browser stand-in: the form Huawei Cloud makes it POST.
    let json = r#"{"domainName":"hw-customer-0042","domainId":"8b0e6e7c6b2f4a3e9d1c5a7f00000042","xUserId":"platform-user-42","bindAction":1}"#;
    let form = support::bind_form(sp, json);
    let client = reqwest::Client::builder().no_proxy().build()?;
    let url = format!("http://{addr}/bind");
    let post = |body: String| {
        client
            .post(&url)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };

    println!("[browser] POST {url} (signed notification)");
    let response = post(form.clone()).await?;
    assert_eq!(
        response.status(),
        reqwest::StatusCode::OK,
        "a signed notification is accepted"
    );
    let binding: AccountBinding = serde_json::from_slice(&response.bytes().await?)?;
    assert_eq!(binding.x_user_id, "platform-user-42");
    assert_eq!(binding.domain_id, "8b0e6e7c6b2f4a3e9d1c5a7f00000042");
    assert_eq!(binding.domain_name, "hw-customer-0042");
    assert_eq!(binding.bind_action, Some(1));

    // Someone edits the notification on its way: another platform user.
    let forged_request = support::b64(json.replace("platform-user-42", "platform-user-666").as_bytes());
    let original_request = support::form_encode(&support::b64(json.as_bytes()));
    let tampered = form.replacen(&original_request, &support::form_encode(&forged_request), 1);
    assert_ne!(tampered, form);
    println!("[browser] POST {url} (tampered notification)");
    let response = post(tampered).await?;
    assert_eq!(
        response.status(),
        reqwest::StatusCode::BAD_REQUEST,
        "a tampered notification is refused"
    );

    server.abort();
    println!("binding_callback: OK");
    Ok(())
}
