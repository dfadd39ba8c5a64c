//! The building blocks of the shims' and filters' hand-written core
//! modules: a memory with a bump heap ([`heap_sections`], [`HeapModule`]),
//! its `cabi_realloc` ([`realloc_body`]), and small function bodies.

use wasm_encoder::{
    BlockType, CodeSection, ConstExpr, DataSection, ExportSection, Function, FunctionSection,
    GlobalSection, GlobalType, ImportSection, Instruction, MemArg, MemorySection, MemoryType,
    Module, TypeSection, ValType,
};

/// A wasm page.
pub(super) const PAGE: u32 = 65_536;

/// The memory (its data up to `heap_start`, rounded up to whole pages)
/// and the bump heap's pointer (global 0, at `heap_start`) of a shim's
/// module.
pub(super) fn heap_sections(heap_start: u32) -> (MemorySection, GlobalSection) {
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: u64::from(heap_start.div_ceil(PAGE).max(1)),
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut globals = GlobalSection::new();
    globals.global(
        GlobalType {
            val_type: ValType::I32,
            mutable: true,
            shared: false,
        },
        &ConstExpr::i32_const(i32::from_ne_bytes(heap_start.to_ne_bytes())),
    );
    (memories, globals)
}

/// The sections of a shim's core module with a bump heap, in the order
/// the binary format wants them.
pub(super) struct HeapModule {
    pub(super) types: TypeSection,
    pub(super) imports: Option<ImportSection>,
    pub(super) functions: FunctionSection,
    pub(super) heap_start: u32,
    pub(super) exports: ExportSection,
    pub(super) code: CodeSection,
    /// Bytes placed at `data_at`, below the heap.
    pub(super) data_at: u32,
    pub(super) data: Vec<u8>,
}

impl HeapModule {
    /// The module's bytes.
    pub(super) fn finish(self) -> Vec<u8> {
        let (memories, globals) = heap_sections(self.heap_start);
        let mut data = DataSection::new();
        data.active(0, &ConstExpr::i32_const(self.data_at as i32), self.data);
        let mut module = Module::new();
        module.section(&self.types);
        if let Some(imports) = &self.imports {
            module.section(imports);
        }
        module
            .section(&self.functions)
            .section(&memories)
            .section(&globals)
            .section(&self.exports)
            .section(&self.code)
            .section(&data);
        module.finish()
    }
}

/// Adds one to `local`.
pub(super) fn increment(f: &mut Function, local: u32) {
    f.instruction(&Instruction::LocalGet(local))
        .instruction(&Instruction::I32Const(1))
        .instruction(&Instruction::I32Add)
        .instruction(&Instruction::LocalSet(local));
}

/// A 32-bit load or store at `offset`.
pub(super) fn word(offset: u64) -> MemArg {
    MemArg {
        offset,
        align: 2,
        memory_index: 0,
    }
}

/// `cabi_realloc(old, old_size, align, size)`: a new block from the bump
/// heap, growing the memory as needed (a memory that cannot grow traps);
/// a resize (which a transcoding adapter asks for) copies the old block's
/// bytes into the new one.
pub(super) fn realloc_body() -> Function {
    let (old, old_size, align, size, at, end, pages) = (0, 1, 2, 3, 4, 5, 6);
    let mut f = Function::new([(3, ValType::I32)]);
    // at = (heap + align - 1) & -align
    f.instruction(&Instruction::GlobalGet(0))
        .instruction(&Instruction::LocalGet(align))
        .instruction(&Instruction::I32Add)
        .instruction(&Instruction::I32Const(1))
        .instruction(&Instruction::I32Sub)
        .instruction(&Instruction::I32Const(0))
        .instruction(&Instruction::LocalGet(align))
        .instruction(&Instruction::I32Sub)
        .instruction(&Instruction::I32And)
        .instruction(&Instruction::LocalSet(at));
    // end = at + size; trap if it wraps or passes the last whole page.
    f.instruction(&Instruction::LocalGet(at))
        .instruction(&Instruction::LocalGet(size))
        .instruction(&Instruction::I32Add)
        .instruction(&Instruction::LocalTee(end))
        .instruction(&Instruction::LocalGet(at))
        .instruction(&Instruction::I32LtU)
        .instruction(&Instruction::LocalGet(end))
        .instruction(&Instruction::I32Const(-(PAGE as i32)))
        .instruction(&Instruction::I32GtU)
        .instruction(&Instruction::I32Or)
        .instruction(&Instruction::If(BlockType::Empty))
        .instruction(&Instruction::Unreachable)
        .instruction(&Instruction::End);
    // Grow by the pages `end` needs beyond the memory's size.
    f.instruction(&Instruction::LocalGet(end))
        .instruction(&Instruction::I32Const(PAGE as i32 - 1))
        .instruction(&Instruction::I32Add)
        .instruction(&Instruction::I32Const(16))
        .instruction(&Instruction::I32ShrU)
        .instruction(&Instruction::MemorySize(0))
        .instruction(&Instruction::I32Sub)
        .instruction(&Instruction::LocalTee(pages))
        .instruction(&Instruction::I32Const(0))
        .instruction(&Instruction::I32GtS)
        .instruction(&Instruction::If(BlockType::Empty))
        .instruction(&Instruction::LocalGet(pages))
        .instruction(&Instruction::MemoryGrow(0))
        .instruction(&Instruction::I32Const(-1))
        .instruction(&Instruction::I32Eq)
        .instruction(&Instruction::If(BlockType::Empty))
        .instruction(&Instruction::Unreachable)
        .instruction(&Instruction::End)
        .instruction(&Instruction::End);
    // A resize: the old bytes that fit, copied (blocks never overlap: the
    // new one starts at or past the heap's end).
    f.instruction(&Instruction::LocalGet(old))
        .instruction(&Instruction::If(BlockType::Empty))
        .instruction(&Instruction::LocalGet(at))
        .instruction(&Instruction::LocalGet(old))
        .instruction(&Instruction::LocalGet(old_size))
        .instruction(&Instruction::LocalGet(size))
        .instruction(&Instruction::LocalGet(old_size))
        .instruction(&Instruction::LocalGet(size))
        .instruction(&Instruction::I32LtU)
        .instruction(&Instruction::Select)
        .instruction(&Instruction::MemoryCopy {
            src_mem: 0,
            dst_mem: 0,
        })
        .instruction(&Instruction::End);
    f.instruction(&Instruction::LocalGet(end))
        .instruction(&Instruction::GlobalSet(0))
        .instruction(&Instruction::LocalGet(at))
        .instruction(&Instruction::End);
    f
}

/// `bytes_equal(a, b, len)`: 1 when the `len` bytes at `a` and `b` match.
pub(super) fn bytes_equal_body() -> Function {
    let (a, b, len) = (0, 1, 2);
    let byte = MemArg {
        offset: 0,
        align: 0,
        memory_index: 0,
    };
    let mut f = Function::new([]);
    f.instruction(&Instruction::Block(BlockType::Empty))
        .instruction(&Instruction::Loop(BlockType::Empty))
        .instruction(&Instruction::LocalGet(len))
        .instruction(&Instruction::I32Eqz)
        .instruction(&Instruction::If(BlockType::Empty))
        .instruction(&Instruction::I32Const(1))
        .instruction(&Instruction::Return)
        .instruction(&Instruction::End)
        .instruction(&Instruction::LocalGet(a))
        .instruction(&Instruction::I32Load8U(byte))
        .instruction(&Instruction::LocalGet(b))
        .instruction(&Instruction::I32Load8U(byte))
        .instruction(&Instruction::I32Ne)
        .instruction(&Instruction::BrIf(1));
    for (local, step) in [(a, 1), (b, 1), (len, -1)] {
        f.instruction(&Instruction::LocalGet(local))
            .instruction(&Instruction::I32Const(step))
            .instruction(&Instruction::I32Add)
            .instruction(&Instruction::LocalSet(local));
    }
    f.instruction(&Instruction::Br(0))
        .instruction(&Instruction::End)
        .instruction(&Instruction::End)
        .instruction(&Instruction::I32Const(0))
        .instruction(&Instruction::End);
    f
}
