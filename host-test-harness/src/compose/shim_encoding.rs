//! A core module and the WIT world it implements, encoded as a component:
//! how the shims (and the tests' synthetic apps) are made.

use wit_component::{ComponentEncoder, StringEncoding, embed_component_metadata};
use wit_parser::Resolve;

/// The component of `module`, a core module implementing the world
/// `world` of the WIT text `wit` (named `file` in errors), validated.
///
/// # Errors
///
/// When the WIT does not parse, names no such world, or the module does
/// not implement it.
pub(crate) fn encode_component(
    mut module: Vec<u8>,
    file: &str,
    wit: &str,
    world: &str,
) -> anyhow::Result<Vec<u8>> {
    let mut resolve = Resolve::default();
    let package = resolve.push_str(file, wit)?;
    let world = resolve.select_world(&[package], Some(world))?;
    embed_component_metadata(&mut module, &resolve, world, StringEncoding::UTF8)?;
    ComponentEncoder::default()
        .module(&module)?
        .validate(true)
        .encode()
}
