//! What a hostile guest or client tries against `edge serve`'s limits:
//! a client holding every slot, a full pool, text that would
//! forge the log, statuses a host must not send, apps sharing data, and a
//! store past its quota.

use std::io::Write as _;
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use edge_test_programs::routes;

use crate::support::server::Server;
use crate::support::{self, raw_http, sqlite_server, temp_dir, test_programs};

/// A connection to `server` from the loopback address `from` (such as
/// 127.0.0.2): another client, as far as the server can tell.
fn connect_from(from: [u8; 4], server: &str) -> TcpStream {
    let server: SocketAddr = server.parse().expect("an address");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
        socket
            .bind(SocketAddr::from((from, 0)))
            .expect("binds a loopback address");
        let stream = socket.connect(server).await.expect("connects");
        stream.into_std().expect("a std stream")
    })
}

/// Sends `GET target` on `stream` without waiting for the answer.
fn send_get(stream: &mut TcpStream, target: &str) {
    stream.set_nonblocking(false).expect("blocking again");
    write!(stream, "GET {target} HTTP/1.1\r\nHost: t\r\n\r\n").expect("sends");
}

#[test]
fn sigterm_stops_the_server_within_its_grace_whatever_guests_do() {
    let (server, _) = sqlite_server("kv-sigterm", "60000", &[]);
    let mut floods: Vec<TcpStream> = (0..3)
        .map(|_| TcpStream::connect(&server.address).expect("connects"))
        .collect();
    for stream in &mut floods {
        send_get(stream, &format!("{}?n=20000", routes::KV_FLOOD));
    }
    std::thread::sleep(Duration::from_millis(300));
    let log = server.log();
    assert!(
        !log.contains("GET /kv-flood"),
        "the floods ended early: {log}"
    );
    let start = Instant::now();
    // 10 s of grace for requests in flight, then a moment for the rest.
    let exited = server.sigterm_and_wait(Duration::from_secs(13));
    let took = start.elapsed();
    eprintln!("stopped {took:?} after SIGTERM with three floods in flight");
    let status = exited.unwrap_or_else(|| panic!("still running {took:?} after SIGTERM"));
    assert!(status.success(), "{status}");
}

#[test]
fn one_client_cannot_take_every_slot() {
    let server = Server::start(
        &test_programs(),
        &["--kv-memory", "--max-requests-per-client", "8"],
    );
    let slow = format!("{}?ms=20000", routes::SLOW_BODY);
    // The attacker, from 127.0.0.2: 8 requests held, the rest refused.
    let mut held = Vec::new();
    for _ in 0..8 {
        let mut stream = connect_from([127, 0, 0, 2], &server.address);
        send_get(&mut stream, &slow);
        held.push(stream);
    }
    std::thread::sleep(Duration::from_millis(200));
    let mut refused = connect_from([127, 0, 0, 2], &server.address);
    send_get(&mut refused, &slow);
    let answer = raw_http::read_response(refused, Instant::now());
    assert_eq!(answer.status, 503, "{}", answer.head);
    assert!(answer.head.contains("retry-after: 1"), "{}", answer.head);
    assert!(
        answer.elapsed < Duration::from_millis(100),
        "{:?}",
        answer.elapsed
    );
    // Everyone else is still answered.
    for _ in 0..10 {
        assert_eq!(server.get(routes::HELLO), (200, "hello".to_owned()));
    }
    let log = server.log_with("max-requests-per-client");
    assert!(
        log.contains("503 (this client already has 8 requests in flight: max-requests-per-client)"),
        "{log}"
    );
    drop(held);
}

#[test]
fn a_full_pool_answers_503_at_once_with_retry_after() {
    // Two slots: 256 MiB of guest memory at 128 MiB each.
    let server = Server::start(
        &test_programs(),
        &["--kv-memory", "--max-total-memory-mib", "256"],
    );
    let slow = format!("{}?ms=1500", routes::SLOW_BODY);
    let held: Vec<TcpStream> = [[127, 0, 0, 2], [127, 0, 0, 3]]
        .into_iter()
        .map(|from| {
            let mut stream = connect_from(from, &server.address);
            send_get(&mut stream, &slow);
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let res = raw_http::get(&server.address, routes::HELLO);
    assert_eq!(res.status, 503, "{}", res.text());
    assert!(res.head.contains("retry-after: 1"), "{}", res.head);
    assert!(
        res.elapsed < Duration::from_millis(100),
        "{:?}",
        res.elapsed
    );
    // The slots come back once the slow guests are done.
    let deadline = Instant::now() + Duration::from_secs(5);
    while raw_http::get(&server.address, routes::HELLO).status != 200 {
        assert!(Instant::now() < deadline, "the slots never came back");
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(held);
}

#[test]
fn what_guests_and_clients_write_is_escaped_in_the_log() {
    let server = Server::start(&test_programs(), &["--kv-memory"]);
    assert_eq!(server.get(routes::LOG_FORGERY).0, 500);
    // A path with a Unicode line separator, sent raw (an ESC byte would be
    // refused by the HTTP parser before any log line).
    let sneaky = "/hello?\u{2028}GET /admin 200 0.1ms".replace(' ', "%20");
    let res = raw_http::exchange(
        &server.address,
        format!("GET {sneaky} HTTP/1.1\r\nHost: t\r\n\r\n").as_bytes(),
        Duration::from_secs(5),
    );
    let log = server.log_with("[stderr] harmless");
    eprintln!("{log}");
    let lines: Vec<&str> = log.lines().collect();
    for line in &lines {
        assert!(
            !line.starts_with("GET /admin") && !line.starts_with("GET /next"),
            "a forged line: {line:?}"
        );
        assert!(
            !line.contains(['\r', '\u{1b}', '\u{85}', '\u{2028}', '\u{2029}', '\u{202e}']),
            "a raw control or separator: {line:?}"
        );
    }
    assert!(
        log.contains("  [stdout] harmless\\rGET /admin 200 0.1ms"),
        "{log}"
    );
    assert!(
        log.contains("(in x\\nGET /admin 200 0.1ms\\r\\u{1b}[0m)"),
        "{log}"
    );
    assert_eq!(res.status, 200, "the sneaky path was answered");
    let log = server.log_with("GET /hello?\\u{2028}GET%20/admin");
    assert!(
        log.contains("GET /hello?\\u{2028}GET%20/admin%20200%200.1ms 200"),
        "{log}"
    );
    assert!(!log.contains('\u{2028}'), "{log}");
}

#[test]
fn statuses_a_host_must_not_send_are_answered_500() {
    let server = Server::start(&test_programs(), &["--kv-memory"]);
    for code in [101, 103, 600] {
        let (status, _) = server.get(&format!("{}?code={code}", routes::STATUS));
        assert_eq!(status, 500, "status {code}");
        let log = server.log_with(&format!("answered with status {code}"));
        assert!(
            log.contains(&format!(
                "the guest answered with status {code}, which the host does not send"
            )),
            "{log}"
        );
    }
}

#[test]
fn two_components_in_one_folder_keep_their_own_data() {
    let dir = temp_dir("two-apps");
    let component = test_programs();
    for name in ["a.wasm", "b.wasm"] {
        std::fs::copy(&component, dir.join(name)).expect("copies");
    }
    let a = Server::start(&dir.join("a.wasm"), &[]);
    assert_eq!(a.get(routes::KV).1, "1");
    assert_eq!(a.get(routes::KV).1, "2");
    a.stop();
    let b = Server::start(&dir.join("b.wasm"), &[]);
    assert_eq!(b.get(routes::KV).1, "1", "b does not see a's data");
    b.stop();
    assert!(dir.join(".edge/a.kv.sqlite").is_file());
    assert!(dir.join(".edge/b.kv.sqlite").is_file());
}

#[test]
fn amplifying_reads_keep_the_server_small() {
    let server = Server::start(&test_programs(), &["--kv-memory"]);
    for _ in 0..5 {
        let (status, text) = server.get(&format!("{}?kib=1024&times=20", routes::KV_AMPLIFY));
        assert_eq!(status, 200);
        assert!(text.contains("max-host-call-mib"), "{text}");
        // A value over the limit is refused too: no 100 MB values to read.
        let (_, text) = server.get(&format!("{}?kib=4096&times=1", routes::KV_AMPLIFY));
        assert!(text.contains("kv-max-value-kib"), "{text}");
    }
    let peak = support::process::peak_rss_kib(server.pid());
    eprintln!("edge serve peak resident memory {} MiB", peak >> 10);
    assert!(peak < 256 << 10, "peak resident memory {} MiB", peak >> 10);
}

#[test]
fn a_store_is_held_to_its_default_key_quota() {
    // Default limits (100,000 keys per store): one batch past them.
    let server = Server::start(&test_programs(), &["--kv-memory", "--timeout-ms", "20000"]);
    let (status, text) = server.get(&format!("{}?n=100001", routes::KV_HUGE_BATCH));
    assert_eq!(status, 500, "{text}");
    let log = server.log_with("kv-max-keys");
    assert!(
        log.contains("would hold 100002 keys, over its limit of 100000 (raise `kv-max-keys`"),
        "{log}"
    );
    let (status, text) = server.get(&format!("{}?n=1000", routes::KV_HUGE_BATCH));
    assert_eq!(
        (status, text.as_str()),
        (200, "stored 1000 pairs"),
        "the refused batch wrote nothing"
    );
}

#[test]
fn one_client_cannot_hold_every_connection() {
    let server = Server::start(
        &test_programs(),
        &["--kv-memory", "--max-connections-per-client", "10"],
    );
    let held: Vec<TcpStream> = (0..10)
        .map(|_| connect_from([127, 0, 0, 2], &server.address))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    // The eleventh is closed before a byte is read.
    let mut extra = connect_from([127, 0, 0, 2], &server.address);
    extra
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("a timeout");
    let _ = write!(extra, "GET {} HTTP/1.1\r\nHost: t\r\n\r\n", routes::HELLO);
    let mut byte = [0u8; 1];
    let read = std::io::Read::read(&mut extra, &mut byte);
    assert!(
        matches!(read, Ok(0)) || read.is_err(),
        "the extra connection was served: {read:?}"
    );
    // Another client is served all along.
    assert_eq!(server.get(routes::HELLO), (200, "hello".to_owned()));
    // Once the client lets go, it gets its connections back.
    drop(held);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut again = connect_from([127, 0, 0, 2], &server.address);
        send_get(&mut again, routes::HELLO);
        let answer = raw_http::read_response(again, Instant::now());
        if answer.status == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the client never got a connection back"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
