//! [`FieldsBudget`]: the bytes of header names and values one request's
//! guest may put into `wasi:http` fields, counted over the whole request.
//!
//! `wasi:http` bounds each `fields` resource (128 KiB), but not how many a
//! guest creates: 9,000 fields of 96 KiB would hold some 850 MB of host
//! memory. The calls that add bytes to fields (`from-list`, `append`,
//! `set`, `clone`) are linked here over wasmtime's own, count what they
//! add, then call through; past the budget the guest traps.

use wasmtime::component::{Linker, Resource};
use wasmtime::{StoreContextMut, component::ResourceTable};
use wasmtime_wasi_http::FieldMap;
use wasmtime_wasi_http::WasiHttpView;
use wasmtime_wasi_http::p2::HeaderError;
use wasmtime_wasi_http::p2::bindings::http::types::{self, HostFields};

use super::request_state::RequestState;

/// The `wasi:http/types` instance wasmtime's linker defines.
const TYPES: &str = "wasi:http/types@0.2.12";

/// What is left of one request's budget for header bytes.
#[derive(Debug)]
pub(crate) struct FieldsBudget {
    left: usize,
    limit: usize,
}

/// The trap of a guest past its budget.
#[derive(Debug)]
pub(crate) struct FieldsBudgetSpent(usize);

impl std::fmt::Display for FieldsBudgetSpent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the guest put more than {} bytes into header fields in one request (raise \
             `max-fields-mib`: an edge serve flag or an edge.toml [limits] key)",
            self.0
        )
    }
}

impl std::error::Error for FieldsBudgetSpent {}

impl FieldsBudget {
    pub(crate) fn new(limit: usize) -> Self {
        Self { left: limit, limit }
    }

    /// Takes `bytes` from the budget, or traps.
    fn spend(&mut self, bytes: usize) -> wasmtime::Result<()> {
        match self.left.checked_sub(bytes) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => {
                self.left = 0;
                Err(FieldsBudgetSpent(self.limit).into())
            }
        }
    }
}

type HeaderOutcome<T> = wasmtime::Result<(Result<T, types::HeaderError>,)>;

/// The result of a fields call, as the guest receives it.
fn lowered<T>(result: Result<T, HeaderError>) -> HeaderOutcome<T> {
    match result {
        Ok(value) => Ok((Ok(value),)),
        Err(e) => Ok((Err(e.downcast()?),)),
    }
}

fn size_of(table: &ResourceTable, fields: &Resource<FieldMap>) -> wasmtime::Result<usize> {
    let map = table.get(fields)?;
    Ok(map
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum())
}

/// Links the counting `from-list`, `append`, `set` and `clone` over the
/// ones `wasmtime_wasi_http` linked.
pub(crate) fn link(linker: &mut Linker<RequestState>) -> wasmtime::Result<()> {
    linker.allow_shadowing(true);
    let mut types = linker.instance(TYPES)?;
    types.func_wrap(
        "[static]fields.from-list",
        |mut cx: StoreContextMut<'_, RequestState>,
         (entries,): (Vec<(String, Vec<u8>)>,)|
         -> HeaderOutcome<Resource<FieldMap>> {
            let bytes = entries.iter().map(|(n, v)| n.len() + v.len()).sum();
            cx.data_mut().fields_budget.spend(bytes)?;
            lowered(HostFields::from_list(&mut cx.data_mut().http(), entries))
        },
    )?;
    types.func_wrap(
        "[method]fields.append",
        |mut cx: StoreContextMut<'_, RequestState>,
         (fields, name, value): (Resource<FieldMap>, String, Vec<u8>)|
         -> HeaderOutcome<()> {
            cx.data_mut()
                .fields_budget
                .spend(name.len() + value.len())?;
            lowered(HostFields::append(
                &mut cx.data_mut().http(),
                fields,
                name,
                value,
            ))
        },
    )?;
    types.func_wrap(
        "[method]fields.set",
        |mut cx: StoreContextMut<'_, RequestState>,
         (fields, name, values): (Resource<FieldMap>, String, Vec<Vec<u8>>)|
         -> HeaderOutcome<()> {
            let bytes = values.iter().map(|v| name.len() + v.len()).sum();
            cx.data_mut().fields_budget.spend(bytes)?;
            lowered(HostFields::set(
                &mut cx.data_mut().http(),
                fields,
                name,
                values,
            ))
        },
    )?;
    types.func_wrap(
        "[method]fields.clone",
        |mut cx: StoreContextMut<'_, RequestState>,
         (fields,): (Resource<FieldMap>,)|
         -> wasmtime::Result<(Resource<FieldMap>,)> {
            let state = cx.data_mut();
            let bytes = size_of(state.table(), &fields)?;
            state.fields_budget.spend(bytes)?;
            Ok((HostFields::clone(&mut state.http(), fields)?,))
        },
    )?;
    linker.allow_shadowing(false);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_runs_out_and_says_how_to_raise_it() {
        let mut budget = FieldsBudget::new(10);
        budget.spend(6).expect("within");
        budget.spend(4).expect("exactly at the limit");
        let err = budget.spend(1).expect_err("over");
        assert!(err.to_string().contains("more than 10 bytes"), "{err}");
        assert!(err.to_string().contains("`max-fields-mib`"), "{err}");
    }
}
