//! The test API: [`TestApp`] runs an app in-process for `cargo test`.

mod builder;
mod clock;
mod kv;
mod request;
mod response;
mod test_app;

pub use builder::TestAppBuilder;
pub use clock::TestClock;
pub use kv::TestKv;
pub use request::TestRequest;
pub use response::TestResponse;
pub use test_app::TestApp;
