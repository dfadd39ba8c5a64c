//! The `wasi:http@0.3` calls that spend a request's `FieldsBudget`: the
//! same as 0.2's (see `fields_link`), under 0.3's names. 0.3 puts a
//! request's URL on `request` itself, so `request.set-authority` and
//! `set-path-with-query` count there.

use wasmtime::StoreContextMut;
use wasmtime::component::{Linker, Resource};
use wasmtime_wasi::TrappableError;
use wasmtime_wasi_http::p3::bindings::http::types::{self, HostFields, HostRequest};
use wasmtime_wasi_http::{FieldMap, WasiHttpView};

use super::fields_link::{MAX_AUTHORITY, entry, size_of};
use super::request_state::RequestState;

type HeaderOutcome<T> = wasmtime::Result<(Result<T, types::HeaderError>,)>;

/// The result of a fields call as the guest receives it; a refused call
/// (a bad or forbidden header, a full map) gives its bytes back.
fn lowered<T>(
    state: &mut RequestState,
    result: Result<T, TrappableError<types::HeaderError>>,
    bytes: usize,
) -> HeaderOutcome<T> {
    match result {
        Ok(value) => Ok((Ok(value),)),
        Err(e) => {
            state.fields_budget.refund(bytes);
            Ok((Err(e.downcast()?),))
        }
    }
}

/// Links the counting calls over the ones `wasmtime_wasi_http::p3` linked.
pub(crate) fn link(linker: &mut Linker<RequestState>) -> wasmtime::Result<()> {
    linker.allow_shadowing(true);
    let mut types = linker.instance("wasi:http/types@0.3.0")?;
    types.func_wrap(
        "[static]fields.from-list",
        |mut cx: StoreContextMut<'_, RequestState>,
         (entries,): (Vec<(String, Vec<u8>)>,)|
         -> HeaderOutcome<Resource<FieldMap>> {
            let bytes = entries.iter().map(|(n, v)| entry(n.len(), v.len())).sum();
            let state = cx.data_mut();
            state.fields_budget.spend(bytes)?;
            let result = HostFields::from_list(&mut state.http(), entries);
            lowered(state, result, bytes)
        },
    )?;
    types.func_wrap(
        "[method]fields.append",
        |mut cx: StoreContextMut<'_, RequestState>,
         (fields, name, value): (Resource<FieldMap>, String, Vec<u8>)|
         -> HeaderOutcome<()> {
            let bytes = entry(name.len(), value.len());
            let state = cx.data_mut();
            state.fields_budget.spend(bytes)?;
            let result = HostFields::append(&mut state.http(), fields, name, value);
            lowered(state, result, bytes)
        },
    )?;
    types.func_wrap(
        "[method]fields.set",
        |mut cx: StoreContextMut<'_, RequestState>,
         (fields, name, values): (Resource<FieldMap>, String, Vec<Vec<u8>>)|
         -> HeaderOutcome<()> {
            let bytes = values.iter().map(|v| entry(name.len(), v.len())).sum();
            let state = cx.data_mut();
            state.fields_budget.spend(bytes)?;
            let result = HostFields::set(&mut state.http(), fields, name, values);
            lowered(state, result, bytes)
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
        "[method]request.set-authority",
        |mut cx: StoreContextMut<'_, RequestState>,
         (request, authority): (Resource<wasmtime_wasi_http::p3::Request>, Option<String>)|
         -> wasmtime::Result<(Result<(), ()>,)> {
            let len = authority.as_ref().map_or(0, String::len);
            if len > MAX_AUTHORITY {
                return Ok((Err(()),));
            }
            let state = cx.data_mut();
            state.fields_budget.spend(len)?;
            Ok((HostRequest::set_authority(
                &mut state.http(),
                request,
                authority,
            )?,))
        },
    )?;
    types.func_wrap(
        "[method]request.set-path-with-query",
        |mut cx: StoreContextMut<'_, RequestState>,
         (request, path): (Resource<wasmtime_wasi_http::p3::Request>, Option<String>)|
         -> wasmtime::Result<(Result<(), ()>,)> {
            let state = cx.data_mut();
            state
                .fields_budget
                .spend(path.as_ref().map_or(0, String::len))?;
            Ok((HostRequest::set_path_with_query(
                &mut state.http(),
                request,
                path,
            )?,))
        },
    )?;
    linker.allow_shadowing(false);
    Ok(())
}
