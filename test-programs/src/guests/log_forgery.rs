//! Writes what would forge or garble the host's log, then traps in a
//! function whose name (in the component's name section) is a log line.

/// What a guest prints to look like the host: a fake request line after a
/// carriage return, terminal escapes, and Unicode line breaks.
pub(crate) const FORGED: &str = "harmless\rGET /admin 200 0.1ms\n\u{1b}[2J\u{1b}[31mred\u{85}GET /next 200 0.1ms\u{2028}GET /sep 200 0.1ms\u{202e}reversed";

/// Prints the forgery to stdout and stderr and traps.
pub(crate) fn print_and_trap() -> edge::Result<edge::Response> {
    println!("{FORGED}");
    eprintln!("{FORGED}");
    forged_frame()
}

/// What a header value can carry to a terminal: C1 CSI (`ESC [` in one
/// character) and a right-to-left override (a control byte cannot pass).
pub(crate) const FORGED_HEADER: &str = "\u{9b}2J\u{202e}lave";

/// Answers 200 with the forgery in a header and as the body.
pub(crate) fn answer_forged() -> edge::Result<edge::Response> {
    let mut res = edge::Response::new(FORGED.into());
    let value = edge::http::HeaderValue::from_bytes(FORGED_HEADER.as_bytes())
        .unwrap_or_else(|_| unreachable!("no control byte: a valid header value"));
    res.headers_mut().insert("x-forged", value);
    Ok(res)
}

/// Traps right here, so that this function is the trap's top frame.
#[inline(never)]
#[allow(unsafe_code, reason = "the export name is the forgery under test")]
#[unsafe(export_name = "x\nGET /admin 200 0.1ms\r\u{1b}[0m")]
extern "C" fn forged_frame() -> ! {
    core::arch::wasm32::unreachable()
}
