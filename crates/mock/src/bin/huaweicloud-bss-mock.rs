//! `cargo run -p huaweicloud-bss-mock -- --port 8080 [--host 127.0.0.1] [--ak AK --sk SK] [--lenient]`
//!
//! Serves every operation of the spec from the docs' samples until interrupted, so that curl,
//! the official SDKs or any HTTP client can be pointed at it. Listens on loopback unless
//! `--host` names another address. Requests are validated against the spec (400 `CBC.0100` naming
//! the parameter or field) unless `--lenient` is given.

use std::net::{IpAddr, SocketAddr};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut port = 8080u16;
    let mut host: IpAddr = [127, 0, 0, 1].into();
    let (mut ak, mut sk) = (None, None);
    let mut strict = true;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().unwrap_or_else(|| exit(&format!("{name} needs a value")));
        match arg.as_str() {
            "--port" => {
                port = value("--port")
                    .parse()
                    .unwrap_or_else(|_| exit("--port takes a number"))
            }
            "--host" => {
                host = value("--host")
                    .parse()
                    .unwrap_or_else(|_| exit("--host takes an IP address"))
            }
            "--ak" => ak = Some(value("--ak")),
            "--sk" => sk = Some(value("--sk")),
            "--lenient" => strict = false,
            "-h" | "--help" => {
                println!("usage: huaweicloud-bss-mock [--port 8080] [--host 127.0.0.1] [--ak AK --sk SK] [--lenient]");
                return;
            }
            other => exit(&format!("unknown argument {other}")),
        }
    }
    let mut builder = huaweicloud_bss_mock::MockServer::builder()
        .bind(SocketAddr::new(host, port))
        .strict(strict);
    if let (Some(ak), Some(sk)) = (&ak, &sk) {
        builder = builder.verify_signatures(ak, sk);
    }
    let mock = builder
        .start()
        .await
        .unwrap_or_else(|e| exit(&format!("cannot listen: {e}")));
    println!(
        "huaweicloud-bss mock serving {} operations on {}{}",
        mock.routes().len(),
        mock.uri(),
        if ak.is_some() { " (checking signatures)" } else { "" }
    );
    let _ = tokio::signal::ctrl_c().await;
}

fn exit(message: &str) -> ! {
    eprintln!("huaweicloud-bss-mock: {message}");
    std::process::exit(2)
}
