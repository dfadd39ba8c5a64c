//! [`Body`]: the bytes of a request or a response, whole or streamed.

use std::fmt;
use std::io::{self, Read, Write};

use bytes::Bytes;

use crate::{BodyError, DEFAULT_BODY_LIMIT};

/// The body of a [`Request`](crate::Request) or a [`Response`](crate::Response).
///
/// A body is either whole (built from a string, bytes or JSON) or a stream
/// that is produced or consumed piece by piece, so that a 100 MiB body never
/// sits in memory:
///
/// - an incoming request body is read lazily from the host through
///   [`std::io::Read`], or gathered with [`into_bytes`](Body::into_bytes),
///   which stops at a limit;
/// - a response body can be written by a closure ([`Body::from_writer`]),
///   yielded by an iterator of chunks ([`Body::from_chunks`]) or copied from
///   any reader ([`Body::from_reader`]) while the response is being sent.
///
/// ```
/// use std::io::Read;
/// use edge::Body;
///
/// let mut body = Body::from("hello");
/// let mut text = String::new();
/// body.read_to_string(&mut text)?;
/// assert_eq!(text, "hello");
///
/// let chunks = Body::from_chunks(["a", "b", "c"]);
/// assert_eq!(chunks.into_bytes()?, "abc");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Body {
    kind: Kind,
}

/// A writer-driven body: called once with the sink the body goes to.
type WriteFn = Box<dyn FnOnce(&mut dyn Write) -> io::Result<()>>;

enum Kind {
    Full(Bytes),
    Reader(Box<dyn Read>),
    Chunks(Box<dyn Iterator<Item = Bytes>>, Bytes),
    Writer(WriteFn),
}

impl Body {
    /// A body with no bytes.
    pub const fn empty() -> Self {
        Self {
            kind: Kind::Full(Bytes::new()),
        }
    }

    /// A body read from `reader` as it is sent, never held whole.
    ///
    /// ```
    /// let body = edge::Body::from_reader(std::io::Cursor::new(vec![1u8, 2, 3]));
    /// assert_eq!(body.into_bytes()?.as_ref(), &[1, 2, 3]);
    /// # Ok::<(), edge::BodyError>(())
    /// ```
    pub fn from_reader(reader: impl Read + 'static) -> Self {
        Self {
            kind: Kind::Reader(Box::new(reader)),
        }
    }

    /// A body sent as the chunks an iterator yields, one at a time.
    ///
    /// ```
    /// let lines = (1..=3).map(|i| format!("line {i}\n"));
    /// let body = edge::Body::from_chunks(lines);
    /// assert_eq!(body.into_string()?, "line 1\nline 2\nline 3\n");
    /// # Ok::<(), edge::BodyError>(())
    /// ```
    pub fn from_chunks<I>(chunks: I) -> Self
    where
        I: IntoIterator,
        I::IntoIter: 'static,
        I::Item: Into<Bytes> + 'static,
    {
        Self {
            kind: Kind::Chunks(Box::new(chunks.into_iter().map(Into::into)), Bytes::new()),
        }
    }

    /// A body written by `write` while the response is sent.
    ///
    /// The closure runs after the status and headers are out, with a writer
    /// that streams to the client. If it returns an error, the response is
    /// cut short so the client can see it is incomplete.
    ///
    /// ```
    /// use std::io::Write;
    /// let body = edge::Body::from_writer(|out| {
    ///     for i in 0..3 {
    ///         write!(out, "{i},")?;
    ///     }
    ///     Ok(())
    /// });
    /// assert_eq!(body.into_string()?, "0,1,2,");
    /// # Ok::<(), edge::BodyError>(())
    /// ```
    pub fn from_writer(write: impl FnOnce(&mut dyn Write) -> io::Result<()> + 'static) -> Self {
        Self {
            kind: Kind::Writer(Box::new(write)),
        }
    }

    /// A JSON body serialized from `value`.
    ///
    /// ```
    /// let body = edge::Body::json(&serde_json::json!({ "ok": true }))?;
    /// assert_eq!(body.into_string()?, r#"{"ok":true}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "json")]
    pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<Self, BodyError> {
        serde_json::to_vec(value)
            .map(Self::from)
            .map_err(BodyError::Json)
    }

    /// The body's length when it is known before it is read: whole bodies.
    ///
    /// ```
    /// assert_eq!(edge::Body::from("abc").len_hint(), Some(3));
    /// assert_eq!(edge::Body::from_chunks(["abc"]).len_hint(), None);
    /// ```
    pub fn len_hint(&self) -> Option<u64> {
        match &self.kind {
            Kind::Full(bytes) => Some(bytes.len() as u64),
            _ => None,
        }
    }

    /// Reads the whole body, up to [`DEFAULT_BODY_LIMIT`] bytes.
    ///
    /// A larger body fails with [`BodyError::TooLarge`] (413 through `?`);
    /// read it in pieces through [`std::io::Read`] instead, or choose the
    /// limit with [`into_bytes_limited`](Body::into_bytes_limited).
    pub fn into_bytes(self) -> Result<Bytes, BodyError> {
        self.into_bytes_limited(DEFAULT_BODY_LIMIT)
    }

    /// Reads the whole body, failing with [`BodyError::TooLarge`] past `limit` bytes.
    ///
    /// ```
    /// let err = edge::Body::from("too long").into_bytes_limited(3).unwrap_err();
    /// assert!(matches!(err, edge::BodyError::TooLarge { limit: 3 }));
    /// ```
    pub fn into_bytes_limited(self, limit: usize) -> Result<Bytes, BodyError> {
        match self.kind {
            Kind::Full(bytes) if bytes.len() <= limit => Ok(bytes),
            Kind::Full(_) => Err(BodyError::TooLarge { limit }),
            Kind::Writer(write) => {
                let mut sink = LimitedWriter {
                    buf: Vec::new(),
                    limit,
                };
                match write(&mut sink) {
                    Ok(()) => Ok(sink.buf.into()),
                    Err(e) if e.kind() == io::ErrorKind::FileTooLarge => {
                        Err(BodyError::TooLarge { limit })
                    }
                    Err(e) => Err(BodyError::Read(e)),
                }
            }
            kind => {
                let mut buf = Vec::new();
                let mut taken = (Self { kind }).take(limit as u64 + 1);
                taken.read_to_end(&mut buf).map_err(BodyError::Read)?;
                if buf.len() > limit {
                    return Err(BodyError::TooLarge { limit });
                }
                Ok(buf.into())
            }
        }
    }

    /// Reads the whole body as UTF-8 text, up to [`DEFAULT_BODY_LIMIT`] bytes.
    pub fn into_string(self) -> Result<String, BodyError> {
        let bytes = self.into_bytes()?;
        String::from_utf8(bytes.into()).map_err(|_| BodyError::NotUtf8)
    }

    /// Reads the whole body as JSON, up to [`DEFAULT_BODY_LIMIT`] bytes:
    /// the same reader, limit and statuses as
    /// [`RequestExt::json`](crate::RequestExt::json). Through `?`, bad JSON
    /// answers 400 and a larger body 413.
    ///
    /// ```
    /// #[derive(Debug, serde::Deserialize)]
    /// struct Point { x: i32 }
    /// let p: Point = edge::Body::from(r#"{"x": 4}"#).into_json()?;
    /// assert_eq!(p.x, 4);
    ///
    /// let bad = edge::Body::from("{").into_json::<Point>().unwrap_err();
    /// assert!(matches!(bad, edge::BodyError::Json(_)));
    /// assert_eq!(edge::Error::from(bad).status(), 400);
    /// # Ok::<(), edge::BodyError>(())
    /// ```
    #[cfg(feature = "json")]
    pub fn into_json<T: serde::de::DeserializeOwned>(self) -> Result<T, BodyError> {
        self.into_json_limited(DEFAULT_BODY_LIMIT)
    }

    /// Like [`into_json`](Body::into_json), with a chosen size limit in bytes.
    ///
    /// ```
    /// let err = edge::Body::from("[1, 2, 3]").into_json_limited::<Vec<u8>>(4).unwrap_err();
    /// assert_eq!(edge::Error::from(err).status(), 413);
    /// ```
    #[cfg(feature = "json")]
    pub fn into_json_limited<T: serde::de::DeserializeOwned>(
        self,
        limit: usize,
    ) -> Result<T, BodyError> {
        crate::RouteBody::read_json(self, limit)
    }

    /// Sends the body into `out`, streaming, and returns how many bytes went.
    ///
    /// This is how a body reaches the client; it is public so that a body can
    /// be copied anywhere a [`Write`] goes.
    pub fn write_to(self, out: &mut dyn Write) -> io::Result<u64> {
        match self.kind {
            Kind::Full(bytes) => out.write_all(&bytes).map(|()| bytes.len() as u64),
            Kind::Reader(mut reader) => copy(&mut reader, out),
            Kind::Chunks(chunks, first) => {
                let mut sent = 0;
                for chunk in std::iter::once(first).chain(chunks) {
                    out.write_all(&chunk)?;
                    sent += chunk.len() as u64;
                }
                Ok(sent)
            }
            Kind::Writer(write) => {
                let mut counter = CountingWriter {
                    inner: out,
                    sent: 0,
                };
                write(&mut counter)?;
                Ok(counter.sent)
            }
        }
    }
}

/// Copies with a 64 KiB buffer: large enough to amortise host calls.
fn copy(reader: &mut dyn Read, out: &mut dyn Write) -> io::Result<u64> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut sent = 0;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(sent),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        out.write_all(&buf[..n])?;
        sent += n as u64;
    }
}

impl Read for Body {
    /// Reads the next bytes. A writer-driven body is run to completion into
    /// memory on the first read, since a writer cannot be paused.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match &mut self.kind {
                Kind::Full(bytes) => {
                    let n = buf.len().min(bytes.len());
                    buf[..n].copy_from_slice(&bytes[..n]);
                    *bytes = bytes.slice(n..);
                    return Ok(n);
                }
                Kind::Reader(reader) => return reader.read(buf),
                Kind::Chunks(chunks, current) => {
                    if current.is_empty() {
                        match chunks.next() {
                            Some(next) => *current = next,
                            None => return Ok(0),
                        }
                        continue;
                    }
                    let n = buf.len().min(current.len());
                    buf[..n].copy_from_slice(&current[..n]);
                    *current = current.slice(n..);
                    return Ok(n);
                }
                Kind::Writer(_) => {
                    let Kind::Writer(write) =
                        std::mem::replace(&mut self.kind, Kind::Full(Bytes::new()))
                    else {
                        unreachable!("matched Kind::Writer above")
                    };
                    let mut all = Vec::new();
                    write(&mut all)?;
                    self.kind = Kind::Full(all.into());
                }
            }
        }
    }
}

/// A `Vec` sink that refuses to grow past a limit.
struct LimitedWriter {
    buf: Vec<u8>,
    limit: usize,
}

impl Write for LimitedWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.buf.len() + data.len() > self.limit {
            return Err(io::ErrorKind::FileTooLarge.into());
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Counts what a writer-driven body sends.
struct CountingWriter<'a> {
    inner: &'a mut dyn Write,
    sent: u64,
}

impl Write for CountingWriter<'_> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(data)?;
        self.sent += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Default for Body {
    fn default() -> Self {
        Self::empty()
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Full(bytes) => f.debug_tuple("Body").field(bytes).finish(),
            Kind::Reader(_) => f.write_str("Body(<reader>)"),
            Kind::Chunks(..) => f.write_str("Body(<chunks>)"),
            Kind::Writer(_) => f.write_str("Body(<writer>)"),
        }
    }
}

impl From<()> for Body {
    fn from((): ()) -> Self {
        Self::empty()
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        Self {
            kind: Kind::Full(bytes),
        }
    }
}

impl From<&'static str> for Body {
    fn from(text: &'static str) -> Self {
        Bytes::from_static(text.as_bytes()).into()
    }
}

impl From<&'static [u8]> for Body {
    fn from(data: &'static [u8]) -> Self {
        Bytes::from_static(data).into()
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Bytes::from(text).into()
    }
}

impl From<Vec<u8>> for Body {
    fn from(data: Vec<u8>) -> Self {
        Bytes::from(data).into()
    }
}

impl From<std::borrow::Cow<'static, str>> for Body {
    fn from(text: std::borrow::Cow<'static, str>) -> Self {
        match text {
            std::borrow::Cow::Borrowed(s) => s.into(),
            std::borrow::Cow::Owned(s) => s.into(),
        }
    }
}
