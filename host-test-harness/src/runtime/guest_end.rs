//! [`GuestEnd`]: when and how a request's guest instance ended.

use std::sync::Arc;

use tokio::sync::watch;

use super::failure::Failure;

/// How a guest ended: `Ok` when it ran to completion, else why not.
pub type Ending = Result<(), Arc<Failure>>;

/// Resolves once the request's guest has ended and its instance is gone.
/// Clones watch the same guest.
#[derive(Clone, Debug)]
pub struct GuestEnd(watch::Receiver<Option<Ending>>);

/// Where the guest's task says how it ended; dropped unsent if the task
/// never finished (the host stopped it).
pub(crate) type EndSender = watch::Sender<Option<Ending>>;

impl GuestEnd {
    /// A guest still to end, and the sender its task reports through.
    pub(crate) fn pending() -> (EndSender, Self) {
        let (sender, receiver) = watch::channel(None);
        (sender, Self(receiver))
    }

    /// A guest that has already ended, or whose failure was already
    /// reported in the answer (the host stopped it before its head).
    pub(crate) fn ended() -> Self {
        Self(watch::channel(Some(Ok(()))).1)
    }

    /// Waits for the guest's end. A guest whose task ended without saying
    /// (it was stopped, or the runtime shut down) counts as failed.
    pub fn wait(&self) -> impl Future<Output = Ending> + Send + 'static {
        let mut receiver = self.0.clone();
        async move {
            match receiver.wait_for(Option::is_some).await {
                Ok(ending) => ending.clone().unwrap_or(Ok(())),
                Err(_) => Err(Arc::new(Failure::Host(anyhow::anyhow!(
                    "the request's task ended before the guest did"
                )))),
            }
        }
    }
}
