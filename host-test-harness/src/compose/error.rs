//! [`ComposeError`]: why parts cannot be composed, naming the part.

use std::fmt;

use crate::runtime::WasiHttpVersion;

/// A part of a composition: the app, or a plugin by its place in request
/// order (counted from 1 in messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The app, which answers the requests every plugin passes on.
    App,
    /// The plugin at this index of the list (0 sees requests first).
    Plugin(usize),
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::App => f.write_str("the app"),
            Self::Plugin(index) => write!(f, "plugin {}", index + 1),
        }
    }
}

/// Why an app and its plugins cannot be composed.
///
/// ```
/// use edge_harness::compose::{ComposeError, Part, compose};
///
/// let err = compose(b"not wasm", &[]).expect_err("not a component");
/// assert!(matches!(err, ComposeError::NotAComponent { part: Part::App, .. }));
/// assert!(err.to_string().starts_with("the app is not a WebAssembly component"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ComposeError {
    /// The bytes are not a component: not WebAssembly, a core module, or
    /// a component that does not validate.
    NotAComponent {
        /// Which part.
        part: Part,
        /// What the parser said.
        reason: String,
    },
    /// The app exports no `wasi:http/incoming-handler`, so nothing answers
    /// the requests the plugins pass on.
    AppExportsNoHandler,
    /// The app imports `wasi:http/incoming-handler`: it is a plugin.
    AppIsAPlugin,
    /// A plugin is built for another WASI version than the app: a 0.2
    /// plugin cannot pass requests to a 0.3 app, nor the other way round.
    WasiMismatch {
        /// Which plugin.
        part: Part,
        /// The version its handler speaks.
        plugin: WasiHttpVersion,
        /// The version the app's handler speaks.
        app: WasiHttpVersion,
    },
    /// A plugin does not both import and export
    /// `wasi:http/incoming-handler`.
    NotAPlugin {
        /// Which plugin.
        part: Part,
        /// Whether it imports the handler (it does not export one, then).
        imports_handler: bool,
        /// Whether it exports the handler (it does not import one, then).
        exports_handler: bool,
    },
    /// A plugin imports something the parts after it and one host cannot
    /// both give it: a handler of another shape or version, or an
    /// interface another part imports with a different type.
    UnmetImport {
        /// Which plugin.
        part: Part,
        /// The import.
        import: String,
        /// Why it cannot be met.
        reason: String,
    },
    /// A proxy-only build of an app that imports more than the
    /// `wasi:http/proxy` world and the CLI shim give.
    BeyondProxy {
        /// The imports no proxy host gives.
        imports: Vec<String>,
    },
    /// More plugins than [`MAX_PLUGINS`](super::MAX_PLUGINS).
    TooManyPlugins {
        /// How many were given.
        count: usize,
    },
    /// A plugin's name cannot stand before a `.` in configuration keys:
    /// empty, or with characters other than ASCII letters, digits and `-`.
    BadPluginName {
        /// Which plugin.
        part: Part,
        /// The name it was given.
        name: String,
    },
    /// Configuration given to be written inside a component whose parts
    /// read none (no `wasi:config/store` import).
    NoConfigImport,
    /// Encoding the composed component failed for another reason.
    Encode(String),
}

impl fmt::Display for ComposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAComponent { part, reason } => {
                write!(f, "{part} is not a WebAssembly component: {reason}")
            }
            Self::AppExportsNoHandler => f.write_str(
                "the app exports no `wasi:http/incoming-handler`, so nothing would answer the \
                 requests the plugins pass on: mark its handler with #[edge::main]",
            ),
            Self::WasiMismatch { part, plugin, app } => write!(
                f,
                "{part} is built for {plugin} and the app for {app}: a plugin passes requests \
                 to the app over one version, so build them for the same one (`edge build \
                 --wasi 0.3` builds a folder's plugin packages for 0.3 with its app)"
            ),
            Self::AppIsAPlugin => f.write_str(
                "the app imports `wasi:http/incoming-handler`: it is a plugin, not an app; \
                 list it among the plugins and give an app to compose them in front of",
            ),
            Self::NotAPlugin {
                part,
                imports_handler,
                exports_handler,
            } => {
                let what = match (imports_handler, exports_handler) {
                    (false, true) => {
                        "it exports `wasi:http/incoming-handler` but imports none to pass \
                         requests on to (an app?)"
                    }
                    (true, false) => {
                        "it imports `wasi:http/incoming-handler` but exports none to receive \
                         requests"
                    }
                    _ => "it neither imports nor exports `wasi:http/incoming-handler`",
                };
                write!(
                    f,
                    "{part} is not a plugin: {what}; build plugins with #[edge::plugin]"
                )
            }
            Self::UnmetImport {
                part,
                import,
                reason,
            } => write!(f, "{part}'s import `{import}` cannot be met: {reason}"),
            Self::BeyondProxy { imports } => {
                write!(
                    f,
                    "the app cannot be proxy-only: it imports {}, which the wasi:http/proxy \
                     world does not have (build it without them, or serve it on a host that \
                     gives them: {})",
                    imports.join(", "),
                    super::host_command(imports.iter().map(String::as_str))
                )?;
                if imports.iter().any(|name| name.starts_with("wasi:config/")) {
                    f.write_str(
                        "; configuration can be written inside the component instead: \
                         edge compose --config KEY=VALUE",
                    )?;
                }
                Ok(())
            }
            Self::TooManyPlugins { count } => write!(
                f,
                "{count} plugins: a composition holds at most {} (each part brings its own \
                 memories and modules, and the host sizes its pool by them); merge plugins or \
                 drop some",
                super::MAX_PLUGINS
            ),
            Self::BadPluginName { part, name } => write!(
                f,
                "{part} is named {name:?}, which cannot name its configuration keys \
                 (`<name>.key`): name the plugin's file or folder with ASCII letters, digits \
                 and `-` alone"
            ),
            Self::NoConfigImport => f.write_str(
                "config values were given to be written inside the component, but none of its \
                 parts reads configuration (it does not import `wasi:config/store`): drop \
                 --config",
            ),
            Self::Encode(reason) => write!(f, "composing failed: {reason}"),
        }
    }
}

impl std::error::Error for ComposeError {}
