//! Every way a user can point TestApp at the wrong thing, and the error
//! they get for it.

use edge_harness::{ComponentInfo, TestApp};

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("edge-harness-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("temp file");
    path
}

fn error_text<T>(result: Result<T, edge_harness::Error>) -> String {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => format!("{e:#}"),
    }
}

#[test]
fn a_directory_without_cargo_toml_is_not_a_package() {
    let text = error_text(TestApp::from_package("/definitely/not/here"));
    assert!(text.contains("is not a Cargo package"), "{text}");
    assert!(text.contains("no Cargo.toml"), "{text}");
}

#[test]
fn a_missing_file_is_named() {
    let text = error_text(TestApp::from_file("/definitely/not/here.wasm"));
    assert!(text.contains("/definitely/not/here.wasm"), "{text}");
}

#[test]
fn a_file_that_is_not_wasm_is_refused() {
    let path = temp_file("not-wasm.wasm", b"hello, I am text");
    let text = error_text(TestApp::from_file(&path));
    assert!(text.contains("not a WebAssembly file"), "{text}");
}

#[test]
fn a_core_module_is_refused_with_the_target_to_use() {
    let path = temp_file("core.wasm", b"\0asm\x01\0\0\0");
    let text = error_text(TestApp::from_file(&path));
    assert!(
        text.contains("core WebAssembly module, not a component"),
        "{text}"
    );
    assert!(text.contains("wasm32-wasip2"), "{text}");
}

#[test]
fn a_component_without_the_http_handler_is_refused() {
    // The smallest valid component: a header and nothing else.
    let path = temp_file("empty-component.wasm", b"\0asm\x0d\0\x01\0");
    let text = error_text(TestApp::from_file(&path));
    assert!(
        text.contains(
            "exports neither `wasi:http/incoming-handler@0.2` nor `wasi:http/handler@0.3`"
        ),
        "{text}"
    );
    assert!(text.contains("#[edge::main]"), "{text}");

    let info = ComponentInfo::read(&path).expect("an empty component can be inspected");
    assert!(info.imports.is_empty() && info.exports.is_empty());
    assert_eq!(info.size, 8);
}

/// A component holding `count` core modules, each with a memory and a
/// function that reads it.
fn component_of_modules(count: usize) -> Vec<u8> {
    use wasm_encoder::{
        CodeSection, ComponentBuilder, Function, FunctionSection, Instruction, MemArg,
        MemorySection, MemoryType, Module, TypeSection, ValType,
    };
    let mut module = Module::new();
    let mut types = TypeSection::new();
    types.ty().function([], [ValType::I32]);
    module.section(&types);
    let mut functions = FunctionSection::new();
    functions.function(0);
    module.section(&functions);
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: 1,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    module.section(&memories);
    let mut code = CodeSection::new();
    let mut read = Function::new([]);
    read.instruction(&Instruction::I32Const(0));
    read.instruction(&Instruction::I32Load(MemArg {
        offset: 0,
        align: 2,
        memory_index: 0,
    }));
    read.instruction(&Instruction::End);
    code.function(&read);
    module.section(&code);
    let mut component = ComponentBuilder::default();
    for _ in 0..count {
        component.core_module(None, &module);
    }
    component.finish()
}

#[test]
fn a_component_of_too_many_core_modules_is_refused_before_it_is_compiled() {
    // Past 255 core modules wasmtime 48's compiler trips on its own
    // assertion (a debug build exits 101); a composition of ~85 plugins
    // gets there.
    let path = temp_file("many-modules.wasm", &component_of_modules(300));
    let text = error_text(TestApp::from_file(&path));
    assert!(
        text.contains("holds 300 core modules; this host loads at most 255"),
        "{text}"
    );
}

/// A component that imports `name` as an (empty) instance, and nothing
/// else: the bytes by hand, a type section and an import section.
fn importing(name: &str) -> Vec<u8> {
    let mut import = vec![0x01, 0x00, u8::try_from(name.len()).expect("short name")];
    import.extend_from_slice(name.as_bytes());
    import.extend_from_slice(&[0x05, 0x00]);
    let mut bytes = b"\0asm\x0d\0\x01\0".to_vec();
    bytes.extend_from_slice(&[0x07, 0x03, 0x01, 0x42, 0x00]);
    bytes.push(0x0a);
    bytes.push(u8::try_from(import.len()).expect("short section"));
    bytes.extend_from_slice(&import);
    bytes
}

#[test]
fn a_component_built_for_a_pre_release_of_wasi_0_3_is_refused_naming_both_versions() {
    let path = temp_file("rc.wasm", &importing("wasi:http/types@0.3.0-rc-2025-09-16"));
    let text = error_text(TestApp::from_file(&path));
    assert!(
        text.contains("asks for `wasi:http/types@0.3.0-rc-2025-09-16`, a pre-release of WASI 0.3"),
        "{text}"
    );
    assert!(text.contains("this host speaks WASI 0.3.0"), "{text}");
}

#[test]
fn an_unknown_wasi_version_is_an_error_naming_the_choices() {
    let err = "0.4"
        .parse::<edge_harness::runtime::WasiHttpVersion>()
        .expect_err("no such version");
    assert_eq!(
        err.to_string(),
        "unknown WASI version `0.4`: use 0.2 or 0.3"
    );
}

#[test]
fn a_package_without_the_sdk_cannot_be_built_for_0_3() {
    let dir = std::env::temp_dir().join(format!("edge-harness-no-sdk-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("src")).expect("temp package");
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"no-sdk\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n",
    )
    .expect("manifest");
    std::fs::write(dir.join("src/lib.rs"), "").expect("lib");
    let text = error_text(
        TestApp::builder()
            .wasi(edge_harness::runtime::WasiHttpVersion::P3)
            .package(&dir),
    );
    assert!(
        text.contains(
            "does not depend on the edge SDK (`edge-sdk`), so it cannot be built for WASI 0.3"
        ),
        "{text}"
    );
}
