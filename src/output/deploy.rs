//! The deploy manifest: every file of the output with a hash of its bytes, and the files the
//! build added, changed and removed since the previous build into the same folder. It is written
//! beside the output folder (`public.deploy.json` for `public/`), never in it, so no server
//! serves it; an upload to object storage and a CDN purge read it to move only what changed
//! (README, "Deploying only what changed").

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{WriteError, io, parent_and_name};
use crate::graph::files::MARKER;
use crate::source::load::FileStat;

/// The manifest's format; a manifest of another format is not compared with.
const FORMAT: u32 = 1;

/// What `public.deploy.json` holds.
#[derive(Debug, Serialize, Deserialize)]
pub struct DeployManifest {
    pub format: u32,
    /// Whether `added`, `changed` and `removed` are relative to the previous build. False when
    /// there was none, or its manifest no longer describes the output (it was missing, damaged,
    /// or the output changed after it was written): then every file is in `added`, and a deploy
    /// should copy the whole folder and remove what it does not have.
    pub since_previous: bool,
    /// Output paths (relative, with `/`), sorted.
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    /// Every file of the output (but its marker) with the xxh3-64 hash of its bytes, in hex.
    pub files: BTreeMap<String, String>,
    /// The output marker this manifest was written with: an output whose marker is another file
    /// is not the one described here.
    marker: Option<FileStat>,
}

/// Where the manifest of the output folder `out` goes: beside it, `<name>.deploy.json`.
pub fn manifest_path(out: &Path) -> PathBuf {
    let (parent, name) = parent_and_name(out);
    parent.join(format!("{name}.deploy.json"))
}

/// The hash the manifest gives `bytes`.
pub fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

fn hex(hash: u64) -> String {
    format!("{hash:016x}")
}

fn marker_of(out: &Path) -> Option<FileStat> {
    FileStat::of(&std::fs::metadata(out.join(MARKER)).ok()?)
}

/// The files of the output `out` as its manifest gives them, when the manifest is there, can be
/// read and still describes `out` (its marker is the one the manifest was written with). Called
/// before the build changes the output.
pub fn previous(out: &Path) -> Option<BTreeMap<String, String>> {
    let text = std::fs::read(manifest_path(out)).ok()?;
    let manifest: DeployManifest = serde_json::from_slice(&text).ok()?;
    let marker = marker_of(out);
    (manifest.format == FORMAT && marker.is_some() && manifest.marker == marker)
        .then_some(manifest.files)
}

/// Writes the manifest of the output `out` just committed: `files` are its files, `written` the
/// hashes of those this build wrote; a file it kept takes its hash from `previous` (the
/// manifest of the output it kept it from), or is read. Written to a new file and renamed, so a
/// reader sees the old manifest or the new one; the old one goes first, so that a build stopped
/// before the new one is written leaves none rather than a wrong one.
pub fn write(
    out: &Path,
    files: &HashSet<String>,
    written: &HashMap<String, u64>,
    previous: Option<&BTreeMap<String, String>>,
) -> Result<DeployManifest, WriteError> {
    let now: BTreeMap<String, String> = files
        .iter()
        .map(|path| {
            let known = written.get(path).map(|h| hex(*h)).or_else(|| {
                previous
                    .and_then(|p| p.get(path))
                    .filter(|h| h.len() == 16)
                    .cloned()
            });
            let h = match known {
                Some(h) => h,
                None => {
                    let full = out.join(path);
                    hex(hash(&std::fs::read(&full).map_err(io(&full))?))
                }
            };
            Ok((path.clone(), h))
        })
        .collect::<Result<_, WriteError>>()?;
    let manifest = changes(previous, now, marker_of(out));
    let path = manifest_path(out);
    let (parent, name) = parent_and_name(out);
    let tmp = parent.join(format!(".{name}.deploy.json.tmp-{}", std::process::id()));
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| WriteError::Io {
        path: path.clone(),
        source: e.into(),
    })?;
    std::fs::write(&tmp, json).map_err(io(&tmp))?;
    std::fs::rename(&tmp, &path).map_err(io(&path))?;
    Ok(manifest)
}

/// Forgets the manifest of `out`: called before a build changes the output.
pub fn forget(out: &Path) {
    let _ = std::fs::remove_file(manifest_path(out));
}

/// The manifest of the files `now`, compared with the `previous` output's when it is known.
fn changes(
    previous: Option<&BTreeMap<String, String>>,
    now: BTreeMap<String, String>,
    marker: Option<FileStat>,
) -> DeployManifest {
    let empty = BTreeMap::new();
    let before = previous.unwrap_or(&empty);
    let added = now
        .keys()
        .filter(|p| !before.contains_key(*p))
        .cloned()
        .collect();
    let changed = now
        .iter()
        .filter(|(p, h)| before.get(*p).is_some_and(|old| old != *h))
        .map(|(p, _)| p.clone())
        .collect();
    let removed = before
        .keys()
        .filter(|p| !now.contains_key(*p))
        .cloned()
        .collect();
    DeployManifest {
        format: FORMAT,
        since_previous: previous.is_some(),
        added,
        changed,
        removed,
        files: now,
        marker,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> BTreeMap<String, String> {
        list.iter()
            .map(|(p, h)| (p.to_string(), h.to_string()))
            .collect()
    }

    #[test]
    fn changes_name_each_file_once() {
        let before = files(&[("a.html", "1"), ("b.html", "2"), ("c.html", "3")]);
        let now = files(&[("a.html", "1"), ("b.html", "9"), ("d.html", "4")]);
        let m = changes(Some(&before), now, None);
        assert!(m.since_previous);
        assert_eq!(m.added, ["d.html"]);
        assert_eq!(m.changed, ["b.html"]);
        assert_eq!(m.removed, ["c.html"]);
        let m = changes(None, files(&[("a.html", "1"), ("b.html", "2")]), None);
        assert!(!m.since_previous);
        assert_eq!(m.added, ["a.html", "b.html"]);
        assert!(m.changed.is_empty() && m.removed.is_empty());
    }

    #[test]
    fn the_manifest_is_beside_the_output_not_in_it() {
        assert_eq!(
            manifest_path(Path::new("site/public")),
            Path::new("site/public.deploy.json")
        );
        assert_eq!(
            manifest_path(Path::new("public")),
            Path::new("./public.deploy.json")
        );
    }
}
