//! [`PluginWit`]: a plugin's own WIT, decoded from its component once,
//! from which the filters in front of it take their types.

use wit_component::DecodedWasm;
use wit_parser::{InterfaceId, Resolve, WorldId, WorldKey};

/// A plugin's world as its component declares it: the interfaces it
/// imports, with only the functions it uses.
pub(crate) struct PluginWit {
    resolve: Resolve,
    world: WorldId,
}

impl PluginWit {
    /// The WIT of the plugin `component`.
    ///
    /// # Errors
    ///
    /// When the bytes are not a component whose WIT decodes.
    pub(crate) fn decode(component: &[u8]) -> anyhow::Result<Self> {
        Self::decoded(component)
    }

    /// A plugin's WIT made of WIT text, for the filters' unit tests.
    #[cfg(test)]
    pub(crate) fn of(resolve: Resolve, world: WorldId) -> Self {
        Self { resolve, world }
    }

    fn decoded(component: &[u8]) -> anyhow::Result<Self> {
        let DecodedWasm::Component(resolve, world) = wit_component::decode(component)? else {
            anyhow::bail!("not a component");
        };
        Ok(Self { resolve, world })
    }

    /// The interfaces it imports whose names (`wasi:keyvalue/store@0.2.0-draft`)
    /// start with `prefix`, in its order.
    pub(crate) fn imports(&self, prefix: &str) -> Vec<(InterfaceId, String)> {
        self.resolve.worlds[self.world]
            .imports
            .keys()
            .filter_map(|key| match key {
                WorldKey::Interface(id) => self
                    .resolve
                    .id_of(*id)
                    .filter(|name| name.starts_with(prefix))
                    .map(|name| (*id, name)),
                WorldKey::Name(_) => None,
            })
            .collect()
    }

    /// A copy of its types, for a filter to add its own world to.
    pub(crate) fn resolve(&self) -> Resolve {
        self.resolve.clone()
    }
}
