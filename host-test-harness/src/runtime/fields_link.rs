//! The `wasi:http` calls that spend a request's `FieldsBudget`.
//!
//! `wasi:http` bounds each `fields` resource (128 KiB), but not how many a
//! guest creates: 9,000 fields of 96 KiB would hold some 850 MB of host
//! memory. The calls that add bytes to fields (`from-list`, `append`,
//! `set`, `clone`) and to an outgoing request's URL (`set-authority`,
//! `set-path-with-query`) are linked here over wasmtime's own, count what
//! they add (each header entry also costs its in-memory size, as wasmtime
//! counts it), then call through; past the budget the guest traps.

use wasmtime::component::{Linker, Resource};
use wasmtime::{StoreContextMut, component::ResourceTable};
use wasmtime_wasi_http::FieldMap;
use wasmtime_wasi_http::WasiHttpView;
use wasmtime_wasi_http::p2::HeaderError;
use wasmtime_wasi_http::p2::bindings::http::types::{self, HostFields, HostOutgoingRequest};

use super::request_state::RequestState;
use crate::wasi_versions::HOST_HTTP;

/// What one header entry costs beyond its bytes: the in-memory name and
/// value, as wasmtime's `FieldMap` counts them.
const ENTRY_OVERHEAD: usize =
    std::mem::size_of::<http::HeaderName>() + std::mem::size_of::<http::HeaderValue>();

/// The longest authority (`host:port`) an outgoing request may have: a DNS
/// name is at most 253 bytes.
pub(super) const MAX_AUTHORITY: usize = 1024;

/// What one header entry of `name` and `value` bytes costs.
pub(super) fn entry(name: usize, value: usize) -> usize {
    name + value + ENTRY_OVERHEAD
}

type HeaderOutcome<T> = wasmtime::Result<(Result<T, types::HeaderError>,)>;

/// The result of a fields call, as the guest receives it.
fn lowered<T>(result: Result<T, HeaderError>) -> HeaderOutcome<T> {
    match result {
        Ok(value) => Ok((Ok(value),)),
        Err(e) => Ok((Err(e.downcast()?),)),
    }
}

/// A call the host refused (a bad or forbidden header, a full map) added
/// nothing: its bytes go back to the budget.
fn refund_if_refused<T>(state: &mut RequestState, result: &Result<T, HeaderError>, bytes: usize) {
    if result.is_err() {
        state.fields_budget.refund(bytes);
    }
}

pub(super) fn size_of(
    table: &ResourceTable,
    fields: &Resource<FieldMap>,
) -> wasmtime::Result<usize> {
    let map = table.get(fields)?;
    Ok(map
        .iter()
        .map(|(name, value)| entry(name.as_str().len(), value.len()))
        .sum())
}

/// Links the counting `from-list`, `append`, `set` and `clone` over the
/// ones `wasmtime_wasi_http` linked.
pub(crate) fn link(linker: &mut Linker<RequestState>) -> wasmtime::Result<()> {
    linker.allow_shadowing(true);
    let mut types = linker.instance(&format!("wasi:http/types@{HOST_HTTP}"))?;
    types.func_wrap(
        "[static]fields.from-list",
        |mut cx: StoreContextMut<'_, RequestState>,
         (entries,): (Vec<(String, Vec<u8>)>,)|
         -> HeaderOutcome<Resource<FieldMap>> {
            let bytes = entries.iter().map(|(n, v)| entry(n.len(), v.len())).sum();
            cx.data_mut().fields_budget.spend(bytes)?;
            let result = HostFields::from_list(&mut cx.data_mut().http(), entries);
            refund_if_refused(cx.data_mut(), &result, bytes);
            lowered(result)
        },
    )?;
    types.func_wrap(
        "[method]fields.append",
        |mut cx: StoreContextMut<'_, RequestState>,
         (fields, name, value): (Resource<FieldMap>, String, Vec<u8>)|
         -> HeaderOutcome<()> {
            cx.data_mut()
                .fields_budget
                .spend(entry(name.len(), value.len()))?;
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
            let bytes = values.iter().map(|v| entry(name.len(), v.len())).sum();
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
    types.func_wrap(
        "[method]outgoing-request.set-authority",
        |mut cx: StoreContextMut<'_, RequestState>,
         (request, authority): (Resource<types::OutgoingRequest>, Option<String>)|
         -> wasmtime::Result<(Result<(), ()>,)> {
            let len = authority.as_ref().map_or(0, String::len);
            if len > MAX_AUTHORITY {
                return Ok((Err(()),));
            }
            cx.data_mut().fields_budget.spend(len)?;
            Ok((HostOutgoingRequest::set_authority(
                &mut cx.data_mut().http(),
                request,
                authority,
            )?,))
        },
    )?;
    types.func_wrap(
        "[method]outgoing-request.set-path-with-query",
        |mut cx: StoreContextMut<'_, RequestState>,
         (request, path): (Resource<types::OutgoingRequest>, Option<String>)|
         -> wasmtime::Result<(Result<(), ()>,)> {
            let len = path.as_ref().map_or(0, String::len);
            cx.data_mut().fields_budget.spend(len)?;
            Ok((HostOutgoingRequest::set_path_with_query(
                &mut cx.data_mut().http(),
                request,
                path,
            )?,))
        },
    )?;
    linker.allow_shadowing(false);
    Ok(())
}
