//! The browser side of vardguide's search: the shared `vardguide-search` crate compiled to
//! WebAssembly with a small C ABI that `search-worker.js` drives from a Web Worker.
//!
//! Calls, in order: `vg_add_file` / `vg_add_lazy_file` for each index file, `vg_add_hot` with the
//! hot file (lazy indexes), `vg_open(settings)`, then `vg_search(query, offset, limit, early)` as
//! often as needed. A search answers `{"results": …}` or `{"need": [{file, start, end, rank?}, …]}`:
//! the worker fetches all the ranges named, in parallel, hands each over with `vg_provide` and
//! calls `vg_search` again. Strings and results travel through memory from `vg_alloc`; a call's text
//! answer (JSON or an error message) is read with `vg_output_ptr` and `vg_output_len`. A range that
//! tantivy reads synchronously without having asked for it first goes through the imported
//! `vg_read` (a synchronous request; counted as `sync` in the answer, and never expected).
#![allow(unsafe_code)]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use vardguide_search::directory::{DirectoryBuilder, RangeSource, ReadOnlyDirectory};
use vardguide_search::search::{Searcher, Step};

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "env")]
unsafe extern "C" {
    /// Fills `len` bytes at `dst` with bytes `offset..offset+len` of lazily loaded file `file`.
    /// Returns 0 on success.
    fn vg_read(file: u32, offset: u32, len: u32, dst: *mut u8) -> i32;
    /// Fills `len` bytes at `dst` with random bytes (crypto.getRandomValues).
    fn vg_random(dst: *mut u8, len: u32);
    /// Reports a panic message before the module traps.
    fn vg_panic(msg: *const u8, len: u32);
}

#[derive(Default)]
struct State {
    files: DirectoryBuilder,
    lazy: BTreeMap<String, u32>,
    hot: Vec<u8>,
    directory: Option<ReadOnlyDirectory>,
    searcher: Option<Searcher>,
    output: Vec<u8>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

fn set_output(text: String) {
    STATE.with(|s| s.borrow_mut().output = text.into_bytes());
}

/// Reads a UTF-8 string handed over by JS (lossy on bad input).
unsafe fn text(ptr: *const u8, len: usize) -> String {
    if ptr.is_null() || len == 0 {
        return String::new();
    }
    // SAFETY: JS wrote `len` bytes at `ptr`, a buffer it got from `vg_alloc`.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    String::from_utf8_lossy(bytes).into_owned()
}

/// The search format this module reads; the worker compares it with the index's manifest.
#[unsafe(no_mangle)]
pub extern "C" fn vg_format_version() -> u32 {
    vardguide_search::FORMAT_VERSION
}

/// Allocates `len` bytes for JS to write into.
#[unsafe(no_mangle)]
pub extern "C" fn vg_alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len.max(1));
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Frees a buffer from `vg_alloc` that was not handed over to `vg_add_file`.
///
/// # Safety
/// `ptr` and `len` must come from one `vg_alloc` call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vg_free(ptr: *mut u8, len: usize) {
    if !ptr.is_null() {
        // SAFETY: see the function's contract.
        drop(unsafe { Vec::from_raw_parts(ptr, 0, len.max(1)) });
    }
}

/// Adds a whole index file. Takes ownership of the data buffer (from `vg_alloc(data_len)`).
///
/// # Safety
/// Pointers must come from `vg_alloc` with the lengths given.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vg_add_file(
    name_ptr: *const u8,
    name_len: usize,
    data_ptr: *mut u8,
    data_len: usize,
) {
    let name = unsafe { text(name_ptr, name_len) };
    // SAFETY: the buffer came from vg_alloc(data_len) and JS filled all of it.
    let data = unsafe { Vec::from_raw_parts(data_ptr, data_len, data_len.max(1)) };
    STATE.with(|s| {
        s.borrow_mut().files.add(&name, data);
    });
}

/// Adds an index file of `len` bytes that is read in ranges through `vg_read(file_id, …)`.
///
/// # Safety
/// The name pointer must come from `vg_alloc` with the length given.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vg_add_lazy_file(
    name_ptr: *const u8,
    name_len: usize,
    file_id: u32,
    len: usize,
) {
    let name = unsafe { text(name_ptr, name_len) };
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.lazy.insert(name.clone(), file_id);
        s.files.add_lazy(&name, len, Arc::new(JsRanges { file_id }));
    });
}

/// Keeps the hot file (from `vg_alloc(len)`, filled by JS) for `vg_open`.
///
/// # Safety
/// The pointer must come from `vg_alloc` with the length given.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vg_add_hot(data_ptr: *mut u8, data_len: usize) {
    // SAFETY: the buffer came from vg_alloc(data_len) and JS filled all of it.
    let data = unsafe { Vec::from_raw_parts(data_ptr, data_len, data_len.max(1)) };
    STATE.with(|s| s.borrow_mut().hot = data);
}

/// Hands over bytes `start..start + data_len` of the lazily read file `name`, fetched because a
/// search named them. Returns 0, or 1 with the error as output.
///
/// # Safety
/// Pointers must come from `vg_alloc` with the lengths given; the data buffer is freed here.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vg_provide(
    name_ptr: *const u8,
    name_len: usize,
    start: usize,
    data_ptr: *mut u8,
    data_len: usize,
) -> i32 {
    let name = unsafe { text(name_ptr, name_len) };
    // SAFETY: the buffer came from vg_alloc(data_len) and JS filled all of it.
    let data = unsafe { Vec::from_raw_parts(data_ptr, data_len, data_len.max(1)) };
    let result = STATE.with(|s| match s.borrow().directory.as_ref() {
        Some(dir) => dir.provide(&name, start, data).map_err(|e| e.to_string()),
        None => Err("the index is not open".to_string()),
    });
    match result {
        Ok(()) => 0,
        Err(e) => {
            set_output(e);
            1
        }
    }
}

/// Opens the index added so far; the input is `{"lang": …, "analyzer": …}` from the manifest.
/// Returns 0, or 1 with the error as output.
///
/// # Safety
/// The pointer must come from `vg_alloc` with the length given.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vg_open(settings_ptr: *const u8, settings_len: usize) -> i32 {
    install_panic_hook();
    let settings = unsafe { text(settings_ptr, settings_len) };
    let (files, hot) = STATE.with(|s| {
        let mut s = s.borrow_mut();
        (std::mem::take(&mut s.files), std::mem::take(&mut s.hot))
    });
    let directory = files.build();
    let result = open_settings(&settings).and_then(|(lang, analyzer)| {
        if !hot.is_empty() {
            directory.provide_hot(&hot).map_err(|e| e.to_string())?;
        }
        vardguide_search::search::Index::open(directory.clone())
            .and_then(|index| Searcher::new(index, &lang, &analyzer))
            .map_err(|e| e.to_string())
    });
    match result {
        Ok(searcher) => {
            let docs = searcher.num_docs();
            STATE.with(|s| {
                let mut s = s.borrow_mut();
                s.searcher = Some(searcher);
                s.directory = Some(directory);
            });
            set_output(format!("{{\"docs\":{docs}}}"));
            0
        }
        Err(e) => {
            set_output(format!("cannot open the search index: {e}"));
            1
        }
    }
}

/// The language and analyzer settings from `{"lang": …, "analyzer": …}`.
fn open_settings(
    json: &str,
) -> Result<(String, vardguide_search::analyzer::AnalyzerSettings), String> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("bad settings: {e}"))?;
    let lang = value
        .get("lang")
        .and_then(|l| l.as_str())
        .ok_or("bad settings: no lang")?
        .to_string();
    let analyzer = match value.get("analyzer") {
        Some(a) => serde_json::from_value(a.clone()).map_err(|e| format!("bad settings: {e}"))?,
        None => Default::default(),
    };
    Ok((lang, analyzer))
}

/// One step of a search for hits `offset..offset + limit`: the output is
/// `{"results": …, "sync": n}` or `{"need": [{file, start, end, rank?}, …], "sync": n}`, where
/// `sync` counts the synchronous reads so far and `rank` marks the ranges of the results' stored
/// fields. With `early` set (while those ranges arrive), the results may be the top hits at hand,
/// with `pending` counting the rest (`Searcher::step`). Returns 0, or 1 with an error.
///
/// # Safety
/// The pointer must come from `vg_alloc` with the length given.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vg_search(
    query_ptr: *const u8,
    query_len: usize,
    offset: u32,
    limit: u32,
    early: u32,
) -> i32 {
    let query = unsafe { text(query_ptr, query_len) };
    let answer = STATE.with(|s| {
        let mut s = s.borrow_mut();
        let s = &mut *s;
        match (s.searcher.as_mut(), s.directory.as_ref()) {
            (Some(searcher), Some(dir)) => {
                let fetches = dir.fetches();
                searcher
                    .step(&query, offset as usize, limit as usize, fetches, early != 0)
                    .map_err(|e| e.to_string())
                    .map(|step| (step, fetches.sync_reads()))
            }
            _ => Err("the index is not open".to_string()),
        }
    });
    let json = answer.and_then(|(step, sync)| {
        let value = match step {
            Step::Done(results) => serde_json::json!({ "results": results, "sync": sync }),
            Step::Need(wanted) => serde_json::json!({ "need": wanted, "sync": sync }),
        };
        serde_json::to_string(&value).map_err(|e| e.to_string())
    });
    match json {
        Ok(json) => {
            set_output(json);
            0
        }
        Err(e) => {
            set_output(e);
            1
        }
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn vg_output_ptr() -> *const u8 {
    STATE.with(|s| s.borrow().output.as_ptr())
}

#[unsafe(no_mangle)]
pub extern "C" fn vg_output_len() -> usize {
    STATE.with(|s| s.borrow().output.len())
}

/// Range reads for one lazily loaded file, answered by the worker.
#[derive(Debug)]
struct JsRanges {
    file_id: u32,
}

impl RangeSource for JsRanges {
    fn read(&self, _file: &str, range: std::ops::Range<usize>) -> std::io::Result<Vec<u8>> {
        let mut buf = vec![0u8; range.len()];
        #[cfg(target_arch = "wasm32")]
        {
            // SAFETY: `buf` has room for `range.len()` bytes; the import writes exactly that many.
            let rc = unsafe {
                vg_read(
                    self.file_id,
                    range.start as u32,
                    range.len() as u32,
                    buf.as_mut_ptr(),
                )
            };
            if rc != 0 {
                return Err(std::io::Error::other(format!(
                    "range request {range:?} of file {} failed",
                    self.file_id
                )));
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = (&mut buf, self.file_id);
            return Err(std::io::Error::other(
                "lazy files are only read in the browser",
            ));
        }
        #[allow(unreachable_code)]
        Ok(buf)
    }
}

fn install_panic_hook() {
    #[cfg(target_arch = "wasm32")]
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        // SAFETY: the pointer and length describe `msg`, alive for the call.
        unsafe { vg_panic(msg.as_ptr(), msg.len() as u32) };
    }));
}

/// getrandom's custom backend: the browser's crypto.getRandomValues (never needed to read an
/// index, but linked by tantivy's dependencies).
#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
unsafe extern "Rust" fn __getrandom_v03_custom(
    dest: *mut u8,
    len: usize,
) -> Result<(), getrandom::Error> {
    // SAFETY: getrandom hands a writable buffer of `len` bytes.
    unsafe { vg_random(dest, len as u32) };
    Ok(())
}
