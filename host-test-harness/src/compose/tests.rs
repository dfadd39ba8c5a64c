//! The composition's errors on synthetic components: each names the part
//! and the problem. (Real plugins in front of real apps are tested in
//! `plugins/`.)

use wasm_encoder::{
    ComponentBuilder, ComponentExportKind, ComponentTypeRef, InstanceType, PrimitiveValType,
};

use super::{ComposeError, Part, Plugin, compose};
use crate::wasi_versions::{CONFIG, wasi_p2};

const HANDLER: &str = concat!("wasi:http/incoming-handler@", wasi_p2!());

/// An instance type exporting `handle` with one parameter of type `param`
/// (or none).
fn handler_type(param: Option<PrimitiveValType>) -> InstanceType {
    let mut ty = InstanceType::new();
    let params: Vec<(&str, PrimitiveValType)> = param.map(|p| ("x", p)).into_iter().collect();
    ty.ty().function().params(params).result(None);
    ty.export("handle", ComponentTypeRef::Func(0));
    ty
}

/// A component that imports `import` with a handler-shaped type and
/// re-exports it as each of `exports`.
fn component(import: &str, param: Option<PrimitiveValType>, exports: &[&str]) -> Vec<u8> {
    let mut builder = ComponentBuilder::default();
    let ty = builder.type_instance(None, &handler_type(param));
    let instance = builder.import(import, ComponentTypeRef::Instance(ty));
    for name in exports {
        builder.export(*name, ComponentExportKind::Instance, instance, None);
    }
    builder.finish()
}

/// An app: it exports the handler (re-exporting an import of its own).
fn app() -> Vec<u8> {
    component("test:app/origin", Some(PrimitiveValType::U32), &[HANDLER])
}

/// A plugin: it imports the handler and exports it.
fn plugin(param: Option<PrimitiveValType>) -> Vec<u8> {
    component(HANDLER, param, &[HANDLER])
}

/// `bytes` as the plugin `probe`.
fn named(bytes: Vec<u8>) -> Plugin {
    Plugin::new("probe", bytes)
}

#[test]
fn the_cli_shim_exports_what_std_needs_and_imports_only_random() {
    let shim = super::cli_shim::cli_shim().expect("the shim encodes");
    let mut types = wac_graph::types::Types::default();
    let package = wac_graph::types::Package::from_bytes("test:shim", None, shim, &mut types)
        .expect("the shim is a component");
    let world = &types[package.ty()];
    assert_eq!(
        world.imports.keys().collect::<Vec<_>>(),
        [concat!("wasi:random/random@", wasi_p2!())]
    );
    assert_eq!(world.exports.len(), 8);
    assert!(
        world
            .exports
            .contains_key(concat!("wasi:cli/terminal-stdout@", wasi_p2!()))
    );
}

#[test]
fn a_proxy_only_build_needs_a_handler() {
    assert_eq!(
        super::proxy_only(&empty_component()),
        Err(ComposeError::AppExportsNoHandler)
    );
}

#[test]
fn a_proxy_only_build_names_the_imports_beyond_the_proxy_world() {
    // The synthetic app imports `test:app/origin`, which no host knows.
    let err = super::proxy_only(&app()).expect_err("beyond the proxy world");
    assert_eq!(
        err,
        ComposeError::BeyondProxy {
            imports: vec!["test:app/origin".to_owned()]
        }
    );
    assert!(
        err.to_string()
            .contains("no standard host: test:app/origin is not a WASI interface"),
        "{err}"
    );
}

fn empty_component() -> Vec<u8> {
    ComponentBuilder::default().finish()
}

#[test]
fn a_plugin_that_fits_composes_into_a_valid_component() {
    let fits = plugin(Some(PrimitiveValType::U32));
    let composed = compose(&app(), &[named(fits.clone()), named(fits)]).expect("composes");
    // Only the app's own import is left: each plugin's is met by the next.
    assert_serves_with_imports(&composed, &["test:app/origin"]);
}

#[test]
fn past_the_stated_count_plugins_are_refused_before_anything_is_built() {
    let fits = plugin(Some(PrimitiveValType::U32));
    let most = vec![named(fits); super::MAX_PLUGINS + 1];
    assert!(compose(&app(), &most[1..]).is_ok());
    let err = compose(&app(), &most).expect_err("one too many");
    assert_eq!(err, ComposeError::TooManyPlugins { count: 33 });
    assert!(
        err.to_string()
            .starts_with("33 plugins: a composition holds at most 32"),
        "{err}"
    );
}

#[test]
fn without_plugins_the_app_is_returned_as_it_is() {
    assert_eq!(compose(&app(), &[]), Ok(app()));
}

#[test]
fn bytes_that_are_not_a_component_are_named() {
    let err = compose(b"hello", &[]).expect_err("not wasm");
    assert_eq!(
        err,
        ComposeError::NotAComponent {
            part: Part::App,
            reason: "not WebAssembly (no `\\0asm` header)".to_owned()
        }
    );
    let core_module = b"\0asm\x01\0\0\0".to_vec();
    let err = compose(
        &app(),
        &[
            named(plugin(Some(PrimitiveValType::U32))),
            named(core_module),
        ],
    )
    .expect_err("a core module");
    assert_eq!(
        err.to_string(),
        "plugin 2 is not a WebAssembly component: a core WebAssembly module; build it for \
         `wasm32-wasip2`"
    );
}

#[test]
fn an_app_without_a_handler_is_refused() {
    let err = compose(&empty_component(), &[named(plugin(None))]).expect_err("no handler");
    assert_eq!(err, ComposeError::AppExportsNoHandler);
    assert!(err.to_string().contains("#[edge::main]"), "{err}");
}

#[test]
fn a_plugin_given_as_the_app_is_refused() {
    let err = compose(&plugin(None), &[]).expect_err("a plugin");
    assert_eq!(err, ComposeError::AppIsAPlugin);
}

#[test]
fn a_component_that_is_not_a_plugin_is_named_with_what_it_lacks() {
    let cases = [
        (app(), false, true, "imports none to pass requests on to"),
        (
            empty_component(),
            false,
            false,
            "neither imports nor exports",
        ),
        (
            component(HANDLER, None, &[]),
            true,
            false,
            "exports none to receive requests",
        ),
    ];
    for (not_a_plugin, imports_handler, exports_handler, says) in cases {
        let err = compose(&app(), &[named(not_a_plugin)]).expect_err("not a plugin");
        assert_eq!(
            err,
            ComposeError::NotAPlugin {
                part: Part::Plugin(0),
                imports_handler,
                exports_handler
            }
        );
        let text = err.to_string();
        assert!(text.starts_with("plugin 1 is not a plugin: "), "{text}");
        assert!(text.contains(says), "{text}");
    }
}

#[test]
fn a_plugin_whose_handler_import_does_not_fit_is_named() {
    let fits = plugin(Some(PrimitiveValType::U32));
    let does_not = plugin(Some(PrimitiveValType::String));
    let err = compose(&app(), &[named(does_not), named(fits)]).expect_err("a mismatch");
    match &err {
        ComposeError::UnmetImport { part, import, .. } => {
            assert_eq!(*part, Part::Plugin(0));
            assert_eq!(import, HANDLER);
        }
        other => panic!("expected UnmetImport, got {other:?}"),
    }
    assert!(
        err.to_string().starts_with(&format!(
            "plugin 1's import `{HANDLER}` cannot be met: plugin 2 exports it with another type: "
        )),
        "{err}"
    );
}

#[test]
fn a_plugin_importing_a_host_interface_with_another_type_is_named() {
    // The app imports `test:app/origin` taking a u32; this plugin imports
    // the same name taking a string, and one host cannot give both.
    let mut builder = ComponentBuilder::default();
    let handler = builder.type_instance(None, &handler_type(Some(PrimitiveValType::U32)));
    let other = builder.type_instance(None, &handler_type(Some(PrimitiveValType::String)));
    let next = builder.import(HANDLER, ComponentTypeRef::Instance(handler));
    builder.import("test:app/origin", ComponentTypeRef::Instance(other));
    builder.export(HANDLER, ComponentExportKind::Instance, next, None);
    let err = compose(&app(), &[named(builder.finish())]).expect_err("conflicting imports");
    match &err {
        ComposeError::UnmetImport { part, import, .. } => {
            assert_eq!(*part, Part::Plugin(0));
            assert_eq!(import, "test:app/origin");
        }
        other => panic!("expected UnmetImport, got {other:?}"),
    }
    assert!(
        err.to_string()
            .contains("cannot be met: the app imports it with another type, and a host gives"),
        "{err}"
    );
}

/// Reads `bytes` back as a component (the composition validated it as it
/// encoded it) and checks what the composed world imports and exports.
fn assert_serves_with_imports(bytes: &[u8], imports: &[&str]) {
    let mut types = wac_graph::types::Types::default();
    let package = wac_graph::types::Package::from_bytes("test:composed", None, bytes, &mut types)
        .expect("the composition is a component");
    let world = &types[package.ty()];
    assert_eq!(world.exports.keys().collect::<Vec<_>>(), [HANDLER]);
    assert_eq!(world.imports.keys().collect::<Vec<_>>(), imports);
}

#[test]
fn config_for_a_component_that_reads_none_is_refused() {
    let values = std::collections::BTreeMap::from([("k".to_owned(), "v".to_owned())]);
    let err = super::with_config(&app(), &values).expect_err("no config import");
    assert_eq!(err, ComposeError::NoConfigImport);
    assert!(err.to_string().contains("drop --config"), "{err}");
}

/// An app whose parts read configuration through two versions of
/// `wasi:config/store` (built against different SDKs): it imports both.
fn app_reading_two_config_versions() -> Vec<u8> {
    use wasm_encoder::{
        CodeSection, EntityType, ExportKind, ExportSection, Function, FunctionSection,
        ImportSection, Instruction, MemorySection, MemoryType, Module, TypeSection, ValType,
    };

    // The real version, and another one.
    const VERSIONS: [&str; 2] = [CONFIG, "0.2.0-draft"];
    let mut wit = String::from("package test:app;\nworld app {\n");
    for version in VERSIONS {
        wit += &format!("  import wasi:config/store@{version};\n");
    }
    wit += &format!(
        "  export {HANDLER};\n}}\n\
         package wasi:http@{} {{ interface incoming-handler {{ handle: func(x: u32); }} }}\n",
        wasi_p2!()
    );
    for version in VERSIONS {
        wit += &format!(
            "package wasi:config@{version} {{ interface store {{\n\
             variant error {{ upstream(string), io(string) }}\n\
             get: func(key: string) -> result<option<string>, error>;\n\
             get-all: func() -> result<list<tuple<string, string>>, error>;\n}} }}\n"
        );
    }

    let mut types = TypeSection::new();
    types.ty().function([ValType::I32; 3], []); // 0: get
    types.ty().function([ValType::I32], []); // 1: handle
    types.ty().function([ValType::I32; 4], [ValType::I32]); // 2: cabi_realloc
    let mut imports = ImportSection::new();
    for version in VERSIONS {
        imports.import(
            &format!("wasi:config/store@{version}"),
            "get",
            EntityType::Function(0),
        );
    }
    let mut functions = FunctionSection::new();
    functions.function(2).function(1);
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: 1,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut exports = ExportSection::new();
    exports
        .export("memory", ExportKind::Memory, 0)
        .export("cabi_realloc", ExportKind::Func, 2)
        .export(&format!("{HANDLER}#handle"), ExportKind::Func, 3);
    let mut code = CodeSection::new();
    let mut body = Function::new([]);
    body.instruction(&Instruction::Unreachable)
        .instruction(&Instruction::End);
    code.function(&body);
    let mut body = Function::new([]);
    body.instruction(&Instruction::End);
    code.function(&body);
    let mut module = Module::new();
    module
        .section(&types)
        .section(&imports)
        .section(&functions)
        .section(&memories)
        .section(&exports)
        .section(&code);
    super::shim_encoding::encode_component(module.finish(), "app.wit", &wit, "app")
        .expect("the component encodes")
}

#[test]
fn config_inside_meets_every_version_the_parts_import() {
    let values = std::collections::BTreeMap::from([("k".to_owned(), "v".to_owned())]);
    let composed =
        super::with_config(&app_reading_two_config_versions(), &values).expect("composes");
    assert_serves_with_imports(&composed, &[]);
}

#[test]
fn a_plugin_name_that_cannot_name_keys_is_refused_naming_the_plugin() {
    let fits = plugin(Some(PrimitiveValType::U32));
    for bad in ["", "auth.v2", "a b", "auth/..", "ünicode"] {
        let err = compose(
            &app(),
            &[named(fits.clone()), Plugin::new(bad, fits.clone())],
        )
        .expect_err(bad);
        assert_eq!(
            err,
            ComposeError::BadPluginName {
                part: Part::Plugin(1),
                name: bad.to_owned()
            }
        );
        assert!(err.to_string().starts_with("plugin 2 is named"), "{err}");
    }
    assert!(compose(&app(), &[Plugin::new("rate-limit-2", fits)]).is_ok());
}
