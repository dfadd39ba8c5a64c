//! The CLI shim: a small component that exports what Rust's std imports
//! beyond the `wasi:http/proxy` world (`wasi:cli` environment, exit and
//! terminals, and `wasi:random/insecure-seed`), so that an app composed
//! with it imports only what every proxy host gives.
//!
//! What it answers: no environment variables, no arguments, no working
//! directory, no terminals; `exit` traps (an app has no process to end);
//! the insecure seed (`HashMap`'s keys) comes from `wasi:random/random`,
//! which the proxy world has.

use wasm_encoder::{
    CodeSection, EntityType, ExportKind, ExportSection, Function, FunctionSection, ImportSection,
    Instruction, MemArg, MemorySection, MemoryType, Module, TypeSection, ValType,
};

use super::shim_encoding::encode_component;
use crate::wasi_versions::wasi_p2;

/// The shim's world, with just enough of each package to say it; `@V`
/// stands for the WASI 0.2 version.
const WORLD: &str = r#"
package edge:cli-shim@0.1.0;

world shim {
  import wasi:random/random@V;
  export wasi:cli/environment@V;
  export wasi:cli/exit@V;
  export wasi:cli/terminal-input@V;
  export wasi:cli/terminal-output@V;
  export wasi:cli/terminal-stdin@V;
  export wasi:cli/terminal-stdout@V;
  export wasi:cli/terminal-stderr@V;
  export wasi:random/insecure-seed@V;
}

package wasi:cli@V {
  interface environment {
    get-environment: func() -> list<tuple<string, string>>;
    get-arguments: func() -> list<string>;
    initial-cwd: func() -> option<string>;
  }
  interface exit {
    exit: func(status: result);
  }
  interface terminal-input {
    resource terminal-input;
  }
  interface terminal-output {
    resource terminal-output;
  }
  interface terminal-stdin {
    use terminal-input.{terminal-input};
    get-terminal-stdin: func() -> option<terminal-input>;
  }
  interface terminal-stdout {
    use terminal-output.{terminal-output};
    get-terminal-stdout: func() -> option<terminal-output>;
  }
  interface terminal-stderr {
    use terminal-output.{terminal-output};
    get-terminal-stderr: func() -> option<terminal-output>;
  }
}

package wasi:random@V {
  interface random {
    get-random-u64: func() -> u64;
  }
  interface insecure-seed {
    insecure-seed: func() -> tuple<u64, u64>;
  }
}
"#;

/// Zeroed memory that every "nothing" answer points at: an empty list is
/// `(ptr, 0)`, an absent option has discriminant 0.
const NOTHING: i32 = 16;
/// Where the insecure seed's two `u64`s are written.
const SEED: i32 = 32;

/// The exports answered with [`NOTHING`].
const EMPTY_ANSWERS: [&str; 6] = [
    concat!("wasi:cli/environment@", wasi_p2!(), "#get-environment"),
    concat!("wasi:cli/environment@", wasi_p2!(), "#get-arguments"),
    concat!("wasi:cli/environment@", wasi_p2!(), "#initial-cwd"),
    concat!(
        "wasi:cli/terminal-stdin@",
        wasi_p2!(),
        "#get-terminal-stdin"
    ),
    concat!(
        "wasi:cli/terminal-stdout@",
        wasi_p2!(),
        "#get-terminal-stdout"
    ),
    concat!(
        "wasi:cli/terminal-stderr@",
        wasi_p2!(),
        "#get-terminal-stderr"
    ),
];

/// The shim component.
///
/// # Errors
///
/// Never with this crate's sources; an error here is a bug in them.
pub(crate) fn cli_shim() -> anyhow::Result<Vec<u8>> {
    let world = WORLD.replace("@V", concat!("@", wasi_p2!()));
    encode_component(core_module(), "edge-cli-shim.wit", &world, "shim")
}

/// The core module behind the shim's functions.
fn core_module() -> Vec<u8> {
    let mut types = TypeSection::new();
    types.ty().function([], [ValType::I32]); // 0: answer by pointer
    types.ty().function([ValType::I32], []); // 1: exit
    types.ty().function([], [ValType::I64]); // 2: get-random-u64

    let mut imports = ImportSection::new();
    imports.import(
        concat!("wasi:random/random@", wasi_p2!()),
        "get-random-u64",
        EntityType::Function(2),
    );
    // Function 0 is the import; 1..=3 are defined here.
    let (nothing, exit, seed) = (1, 2, 3);
    let mut functions = FunctionSection::new();
    for ty in [0, 1, 0] {
        functions.function(ty);
    }

    let mut code = CodeSection::new();
    let mut body = Function::new([]);
    body.instruction(&Instruction::I32Const(NOTHING))
        .instruction(&Instruction::End);
    code.function(&body);
    let mut body = Function::new([]);
    body.instruction(&Instruction::Unreachable)
        .instruction(&Instruction::End);
    code.function(&body);
    let mut body = Function::new([]);
    for offset in [0, 8] {
        body.instruction(&Instruction::I32Const(SEED))
            .instruction(&Instruction::Call(0))
            .instruction(&Instruction::I64Store(MemArg {
                offset,
                align: 3,
                memory_index: 0,
            }));
    }
    body.instruction(&Instruction::I32Const(SEED))
        .instruction(&Instruction::End);
    code.function(&body);

    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: 1,
        maximum: Some(1),
        memory64: false,
        shared: false,
        page_size_log2: None,
    });

    let mut exports = ExportSection::new();
    exports.export("memory", ExportKind::Memory, 0);
    for name in EMPTY_ANSWERS {
        exports.export(name, ExportKind::Func, nothing);
    }
    exports.export(
        concat!("wasi:cli/exit@", wasi_p2!(), "#exit"),
        ExportKind::Func,
        exit,
    );
    exports.export(
        concat!("wasi:random/insecure-seed@", wasi_p2!(), "#insecure-seed"),
        ExportKind::Func,
        seed,
    );

    let mut module = Module::new();
    module
        .section(&types)
        .section(&imports)
        .section(&functions)
        .section(&memories)
        .section(&exports)
        .section(&code);
    module.finish()
}
