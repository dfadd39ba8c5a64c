//! `Body` through the public API: every way to build one, every way to read
//! one, and the error each misuse gives.

use std::io::{self, Read};

use edge::{Body, BodyError, Error, http::StatusCode};

#[test]
fn whole_bodies_from_every_source_read_back_the_same() -> Result<(), BodyError> {
    assert_eq!(Body::from(()).into_bytes()?, "");
    assert_eq!(Body::from("text").into_bytes()?, "text");
    assert_eq!(Body::from(String::from("text")).into_bytes()?, "text");
    assert_eq!(Body::from(vec![1u8, 2]).into_bytes()?, &[1u8, 2][..]);
    assert_eq!(Body::from(&b"raw"[..]).into_bytes()?, "raw");
    assert_eq!(
        Body::from(edge::Bytes::from_static(b"b")).into_bytes()?,
        "b"
    );
    assert_eq!(Body::json(&[1, 2, 3])?.into_bytes()?, "[1,2,3]");
    Ok(())
}

#[test]
fn a_streamed_body_reads_in_small_pieces() -> io::Result<()> {
    let mut body = Body::from_chunks(["ab", "", "cde"]);
    let mut buf = [0u8; 2];
    let mut seen = Vec::new();
    loop {
        let n = body.read(&mut buf)?;
        if n == 0 {
            break;
        }
        seen.extend_from_slice(&buf[..n]);
    }
    assert_eq!(seen, b"abcde");
    Ok(())
}

#[test]
fn a_writer_body_can_be_read_too() -> io::Result<()> {
    let mut body = Body::from_writer(|out| out.write_all(b"written"));
    let mut text = String::new();
    body.read_to_string(&mut text)?;
    assert_eq!(text, "written");
    Ok(())
}

#[test]
fn each_kind_of_body_stops_at_the_limit() {
    let too_large = |body: Body| match body.into_bytes_limited(4) {
        Err(BodyError::TooLarge { limit: 4 }) => {}
        other => panic!("expected TooLarge, got {other:?}"),
    };
    too_large(Body::from("12345"));
    too_large(Body::from_reader(io::repeat(b'x')));
    too_large(Body::from_chunks(["12", "34", "5"]));
    too_large(Body::from_writer(|out| out.write_all(b"12345")));
    assert_eq!(
        Body::from_reader(io::repeat(b'x').take(4))
            .into_bytes_limited(4)
            .ok(),
        Some("xxxx".into())
    );
}

#[test]
fn the_too_large_error_names_the_limit_and_nothing_of_the_app() {
    // With `?` it answers 413 and the client reads it: it says what to
    // send, not which Rust call the app could make (that is in the docs).
    let err = Body::from("12345")
        .into_bytes_limited(4)
        .expect_err("this input must fail");
    assert_eq!(err.to_string(), "body is larger than the limit of 4 bytes");
    assert_eq!(err.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[test]
fn a_failing_source_is_a_read_error() {
    let failing = Body::from_writer(|_| Err(io::Error::other("disk on fire")));
    let err = failing.into_bytes().expect_err("this input must fail");
    assert!(matches!(err, BodyError::Read(_)));
    assert_eq!(err.to_string(), "could not read the body: disk on fire");
    assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

#[test]
fn text_and_json_errors_are_client_errors() {
    let err = Body::from(vec![0xff, 0xfe])
        .into_string()
        .expect_err("this input must fail");
    assert!(matches!(err, BodyError::NotUtf8));
    assert_eq!(err.status(), StatusCode::BAD_REQUEST);

    let err = Body::from(r#"{"x": "not a number"}"#)
        .into_json::<std::collections::HashMap<String, u32>>()
        .expect_err("this input must fail");
    assert!(err.to_string().starts_with("invalid JSON body: "), "{err}");
    assert_eq!(err.status(), StatusCode::BAD_REQUEST);
}

#[test]
fn write_to_counts_what_it_sends() -> io::Result<()> {
    let mut sink = Vec::new();
    assert_eq!(Body::from_chunks(["ab", "c"]).write_to(&mut sink)?, 3);
    assert_eq!(
        Body::from_writer(|o| o.write_all(b"xyz")).write_to(&mut sink)?,
        3
    );
    assert_eq!(Body::from_reader(&b"12"[..]).write_to(&mut sink)?, 2);
    assert_eq!(sink, b"abcxyz12");
    Ok(())
}

#[test]
fn errors_keep_their_status_and_chain() {
    let err: Error = Body::from("x")
        .into_bytes_limited(0)
        .expect_err("this input must fail")
        .into();
    assert_eq!(
        err.status(),
        413,
        "a body error converted with ? keeps its status"
    );
    assert!(err.downcast_ref::<BodyError>().is_some());
    let unreadable: Error = Body::from_writer(|_| Err(io::Error::other("gone")))
        .into_bytes()
        .expect_err("this input must fail")
        .into();
    assert_eq!(unreadable.status(), 500);
    assert_eq!(Error::from(io::Error::other("disk")).status(), 500);

    let wrapped = io::Error::other(Error::msg("inner").to_string());
    let err = Error::from(wrapped).with_status(StatusCode::BAD_GATEWAY);
    assert_eq!(err.status(), 502);
    assert_eq!(err.to_string(), "inner");
    assert!(format!("{err:?}").contains("502"));
}
