//! The `edge` command: serve, build and call an app.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use edge_harness::{ComponentInfo, Manifest, ServeOptions, TestApp};

const USAGE: &str = "usage:
  edge serve [PATH] [flags]   build the app in PATH (default .) or load a .wasm, and serve it
      --listen ADDR             address to listen on (default 127.0.0.1:7676; 127.0.0.1:0 picks a port)
      --max-memory-mib N        linear memory per request (default 128)
      --timeout-ms N            time to the response head, CPU and host calls (default 1000)
      --body-timeout-ms N       time to the end of the response body (default 60000)
      --max-request-body-mib N  largest request body; more is answered 413 (default 100)
      --header-timeout-ms N     time a client may take to send a request head (default 10000)
      --write-timeout-ms N      time a response may wait on a client that reads nothing (default 30000)
      --allow-outbound HOST     let outgoing requests reach HOST or HOST:PORT (repeatable)
      --config KEY=VALUE        a configuration value (repeatable)
      --kv-path FILE            the SQLite file of the key-value stores (default PATH/.edge/kv.sqlite)
      --kv-memory               keep key-value data in memory only
      --kv-store NAME           a key-value store besides `default` (repeatable)
  edge build [PATH]          build the app for wasm32-wasip2; print its size and imports
  edge call PATH [TARGET]    build the app (or load a .wasm), send GET TARGET (default /)
                             through a fresh instance, print the answer
  edge new NAME              create the app NAME: a router, a test, an edge.toml

PATH's edge.toml, if any, grants outbound hosts, config, stores and limits; flags add to it.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("build") if args.len() <= 2 => {
            build(Path::new(args.get(1).map_or(".", String::as_str)))
        }
        Some("call") if (2..=3).contains(&args.len()) => {
            call(Path::new(&args[1]), args.get(2).map_or("/", String::as_str))
        }
        Some("new") if args.len() == 2 => {
            edge_harness::new_app(Path::new("."), &args[1]).map(|dir| {
                println!("created {}", dir.display());
                println!("  cargo test --manifest-path {}/Cargo.toml", dir.display());
                println!("  edge serve {}", dir.display());
            })
        }
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: &[String]) -> edge_harness::Result<()> {
    let (path, flags) = match args.first() {
        Some(first) if !first.starts_with("--") => (PathBuf::from(first), &args[1..]),
        _ => (PathBuf::from("."), args),
    };
    let app_dir = if path.is_dir() {
        path.clone()
    } else {
        path.parent().unwrap_or(Path::new(".")).to_owned()
    };
    let mut options = ServeOptions::new(&app_dir);
    if path.is_dir()
        && let Some(manifest) = Manifest::load(&path)?
    {
        options.apply_manifest(&manifest);
    }
    options.apply_flags(flags)?;
    let component = edge_harness::component_for(&path)?;
    let runtime = edge_harness::runtime()?;
    runtime.block_on(edge_harness::serve(
        &component,
        options,
        edge_harness::shutdown_signal(),
    ))
}

fn build(path: &Path) -> edge_harness::Result<()> {
    let wasm = edge_harness::component_for(path)?;
    let info = ComponentInfo::read(&wasm)?;
    println!("{} ({} bytes)", wasm.display(), info.size);
    for import in &info.imports {
        println!("  imports {import}  {}", host_support(import));
    }
    for export in &info.exports {
        println!("  exports {export}");
    }
    Ok(())
}

/// Which standard hosts give a guest `import`, and how.
fn host_support(import: &str) -> &'static str {
    if import.starts_with("wasi:keyvalue/") {
        "(standard; `wasmtime serve -S keyvalue`)"
    } else if import.starts_with("wasi:config/") {
        "(standard; `wasmtime serve -S config`)"
    } else if import.starts_with("wasi:http/") {
        "(standard; every wasi:http host)"
    } else if import.starts_with("wasi:") {
        "(standard; `wasmtime serve -S cli`)"
    } else {
        "(not standard: only a host that knows it can run this app)"
    }
}

fn call(path: &Path, target: &str) -> edge_harness::Result<()> {
    let app = if path.is_dir() {
        TestApp::builder().package(path)?
    } else {
        TestApp::from_file(edge_harness::component_for(path)?)?
    };
    let res = app.get(target).send()?;
    println!("{}", res.status());
    for (name, value) in res.headers() {
        println!("{name}: {}", String::from_utf8_lossy(value.as_bytes()));
    }
    println!();
    println!("{}", res.text());
    if !res.stderr().is_empty() {
        eprintln!("--- guest stderr ---\n{}", res.stderr());
    }
    if let Some(failure) = res.failure() {
        eprintln!("--- failure ---\n{failure}");
    }
    Ok(())
}
