//! Answers with the status `?code=`, whatever it is: informational (1xx)
//! or beyond 599.

pub(crate) fn any(req: &edge::Request) -> edge::Result<edge::Response> {
    let code = super::query::number(req, "code", 200);
    let status = edge::http::StatusCode::from_u16(u16::try_from(code).unwrap_or(999))?;
    let mut res = edge::Response::new("odd status".into());
    *res.status_mut() = status;
    Ok(res)
}
