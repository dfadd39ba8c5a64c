//! [`Decision`]: what a plugin does with a request.

use crate::{Error, Response};

/// What a plugin does with a request: pass it on, or answer it itself.
///
/// ```
/// use edge::plugin::Decision;
/// use edge::{Response, http::StatusCode};
///
/// let mut forbidden = Response::new("no".into());
/// *forbidden.status_mut() = StatusCode::FORBIDDEN;
/// let decision = Decision::Respond(forbidden);
/// assert_eq!(decision.response().map(|r| r.status()), Some(StatusCode::FORBIDDEN));
/// assert!(Decision::Pass.response().is_none());
/// ```
#[derive(Debug)]
#[must_use = "a plugin's decision is what it returns"]
pub enum Decision {
    /// The request goes on, unchanged and with its body unread, to the
    /// next plugin or the app.
    Pass,
    /// The plugin answers: the next plugin and the app never see the
    /// request.
    Respond(Response),
}

impl Decision {
    /// The response, if the plugin answers.
    pub fn response(&self) -> Option<&Response> {
        match self {
            Self::Pass => None,
            Self::Respond(response) => Some(response),
        }
    }

    /// Whether the request goes on to the next plugin or the app.
    pub fn is_pass(&self) -> bool {
        matches!(self, Self::Pass)
    }
}

/// What an `#[edge::plugin]` function may return: a [`Decision`], or an
/// [`edge::Result<Decision>`](crate::Result) whose error answers with its
/// status (500 unless set otherwise), as a handler's does.
#[diagnostic::on_unimplemented(
    message = "`#[edge::plugin]` cannot return `{Self}`",
    label = "return `edge::plugin::Decision` or `edge::Result<edge::plugin::Decision>` here"
)]
pub trait IntoDecision {
    /// The decision, or the error to answer with.
    ///
    /// # Errors
    ///
    /// The error the plugin returned.
    fn into_decision(self) -> Result<Decision, Error>;
}

impl IntoDecision for Decision {
    fn into_decision(self) -> Result<Decision, Error> {
        Ok(self)
    }
}

impl IntoDecision for Result<Decision, Error> {
    fn into_decision(self) -> Result<Decision, Error> {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_stays_an_error_with_its_status() {
        let result: crate::Result<Decision> = Err(Error::new(http::StatusCode::BAD_REQUEST, "bad"));
        let error = result.into_decision().expect_err("the error is kept");
        assert_eq!(error.status(), http::StatusCode::BAD_REQUEST);
    }

    #[test]
    fn a_decision_is_itself() {
        assert!(Decision::Pass.into_decision().expect("no error").is_pass());
    }
}
