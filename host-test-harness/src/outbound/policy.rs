//! [`OutboundPolicy`]: what a guest's outgoing requests may reach: mocks,
//! allowed destinations, and nothing else.

use std::sync::{Arc, Mutex, PoisonError};

use http_body_util::{BodyExt, Full};
use wasmtime_wasi_http::{Error, RequestOptions, WasiBody, WasiHttpHooks};

use super::mock::{MockFailure, MockRequest, MockResponse, OutboundOutcome, OutboundRecord};
use super::transfer_coding::undecoded_coding;
use crate::runtime::LogCapture;
use crate::runtime::connection_fields::strip_connection_named;

/// A mock origin: answers the requests sent to its destination.
pub(crate) type MockFn = dyn Fn(&MockRequest) -> MockResponse + Send + Sync;

/// The outbound rules of one app, and the record of what it sent.
#[derive(Default)]
pub(crate) struct OutboundRules {
    /// `host` (any port) or `host:port`.
    pub(crate) allowed: Vec<String>,
    pub(crate) mocks: Vec<(String, Arc<MockFn>)>,
    /// How to fix a denial, in the words of this host's configuration.
    pub(crate) hint: String,
    pub(crate) log: Mutex<Vec<OutboundRecord>>,
}

impl OutboundRules {
    pub(crate) fn records(&self) -> Vec<OutboundRecord> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn record(&self, record: OutboundRecord) {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(record);
    }

    fn mock_for(&self, host: &str, authority: &str) -> Option<Arc<MockFn>> {
        self.mocks
            .iter()
            .find(|(target, _)| target == authority || target == host)
            .map(|(_, mock)| mock.clone())
    }

    fn allows(&self, host: &str, authority: &str) -> bool {
        self.allowed.iter().any(|a| a == authority || a == host)
    }
}

/// The hooks of one request: its app's rules, and its stderr for denials.
pub(crate) struct OutboundPolicy {
    pub(crate) rules: Arc<OutboundRules>,
    pub(crate) stderr: LogCapture,
}

type SendFuture = Box<
    dyn Future<
            Output = wasmtime_wasi_http::Result<(
                http::Response<WasiBody>,
                Box<dyn Future<Output = Result<(), Error>> + Send>,
            )>,
        > + Send,
>;

impl WasiHttpHooks for OutboundPolicy {
    fn send_request(
        &mut self,
        request: http::Request<WasiBody>,
        options: Option<RequestOptions>,
        _io: Box<dyn Future<Output = Result<(), Error>> + Send>,
    ) -> SendFuture {
        let rules = self.rules.clone();
        let authority = request
            .uri()
            .authority()
            .map(|a| a.as_str().to_owned())
            .unwrap_or_default();
        let host = request.uri().host().unwrap_or_default().to_owned();

        if let Some(mock) = rules.mock_for(&host, &authority) {
            return Box::new(answer_with_mock(rules, mock, request, options));
        }
        if rules.allows(&host, &authority) {
            rules.record(record(&request, bytes::Bytes::new(), OutboundOutcome::Sent));
            let stderr = self.stderr.clone();
            return Box::new(async move {
                let (mut response, io) =
                    wasmtime_wasi_http::default_send_request(request, options).await?;
                if let Some(coding) = undecoded_coding(response.headers()) {
                    let message = format!(
                        "edge: the origin {authority} answered in transfer coding {coding:?}, \
                         which the host does not decode; refused as a protocol error\n"
                    );
                    stderr.append(message.as_bytes());
                    return Err(Error::HttpProtocolError);
                }
                strip_connection_named(response.headers_mut());
                Ok((
                    response.map(BodyExt::boxed_unsync),
                    Box::new(io) as Box<dyn Future<Output = _> + Send>,
                ))
            });
        }
        rules.record(record(
            &request,
            bytes::Bytes::new(),
            OutboundOutcome::Denied,
        ));
        let message = format!(
            "edge: outbound request to {authority} denied: {}\n",
            rules.hint.replace("{host}", &host)
        );
        self.stderr.append(message.as_bytes());
        Box::new(async { Err(Error::HttpRequestDenied) })
    }
}

fn record<B>(
    request: &http::Request<B>,
    body: bytes::Bytes,
    outcome: OutboundOutcome,
) -> OutboundRecord {
    OutboundRecord {
        method: request.method().clone(),
        uri: request.uri().clone(),
        headers: request.headers().clone(),
        body,
        outcome,
    }
}

async fn answer_with_mock(
    rules: Arc<OutboundRules>,
    mock: Arc<MockFn>,
    request: http::Request<WasiBody>,
    options: Option<RequestOptions>,
) -> wasmtime_wasi_http::Result<(
    http::Response<WasiBody>,
    Box<dyn Future<Output = Result<(), Error>> + Send>,
)> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await?.to_bytes();
    let request = http::Request::from_parts(parts, ());
    rules.record(record(&request, body.clone(), OutboundOutcome::Mocked));
    let (parts, ()) = request.into_parts();
    let mock_request = MockRequest {
        method: parts.method,
        uri: parts.uri,
        headers: parts.headers,
        body,
    };
    let reply = mock(&mock_request);

    let first_byte_timeout = options.and_then(|o| o.first_byte_timeout);
    match reply.failure {
        Some(MockFailure::Refused) => return Err(Error::ConnectionRefused),
        Some(MockFailure::Timeout) => {
            if let Some(timeout) = first_byte_timeout {
                tokio::time::sleep(timeout).await;
            }
            return Err(Error::ConnectionReadTimeout);
        }
        None => {}
    }
    if !reply.delay.is_zero() {
        match first_byte_timeout {
            Some(timeout) if timeout < reply.delay => {
                tokio::time::sleep(timeout).await;
                return Err(Error::ConnectionReadTimeout);
            }
            _ => tokio::time::sleep(reply.delay).await,
        }
    }
    let mut response = http::Response::new(
        Full::new(reply.body)
            .map_err(|never: std::convert::Infallible| -> Error { match never {} })
            .boxed_unsync(),
    );
    *response.status_mut() = reply.status;
    *response.headers_mut() = reply.headers;
    strip_connection_named(response.headers_mut());
    let done: Box<dyn Future<Output = Result<(), Error>> + Send> = Box::new(async { Ok(()) });
    Ok((response, done))
}
