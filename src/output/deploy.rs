//! The deploy manifest: every file of the output with a hash of its bytes, and the files the
//! build added, changed and removed since the previous build into the same folder. It is written
//! beside the output folder (`public.deploy.json` for `public/`), never in it, so no server
//! serves it; an upload to object storage and a CDN purge read it to move only what changed
//! (README, "Deploying only what changed").

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use super::{WriteError, io, parent_and_name};
use crate::cache::marker_identity;
use crate::source::load::FileStat;

/// The manifest's format; a manifest of another format is not compared with.
const FORMAT: u32 = 1;

/// What `public.deploy.json` holds (as read back; [`write()`] writes it as it goes).
#[derive(Debug, Deserialize)]
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
    pub files: BTreeMap<String, Hash>,
    /// The output marker this manifest was written with: an output whose marker is another file
    /// is not the one described here.
    pub marker: Option<FileStat>,
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

/// A file's [`hash`], written as 16 hexadecimal digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hash(pub u64);

impl<'de> Deserialize<'de> for Hash {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Hash, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        if text.len() != 16 {
            return Err(serde::de::Error::custom("a hash has 16 hexadecimal digits"));
        }
        u64::from_str_radix(&text, 16)
            .map(Hash)
            .map_err(serde::de::Error::custom)
    }
}

/// The files of the output `out` as its manifest gives them, when the manifest is there, can be
/// read and still describes `out` (its marker is the one the manifest was written with). Called
/// before the build changes the output.
pub fn previous(out: &Path) -> Option<BTreeMap<String, Hash>> {
    /// What is read of it: the lists of changes are left unparsed.
    #[derive(Deserialize)]
    struct Previous {
        format: u32,
        files: BTreeMap<String, Hash>,
        marker: Option<FileStat>,
    }
    let text = std::fs::read(manifest_path(out)).ok()?;
    let manifest: Previous = serde_json::from_slice(&text).ok()?;
    let marker = marker_identity(out);
    (manifest.format == FORMAT && marker.is_some() && manifest.marker == marker)
        .then_some(manifest.files)
}

/// Writes the manifest of the output `out` just committed: `files` are its files, `written` the
/// hashes of those this build wrote; a file it kept takes its hash from `previous` (the
/// manifest of the output it kept it from), or is read. Written to a new file and renamed, so a
/// reader sees the old manifest or the new one; the caller removed the old one ([`forget`])
/// before the output changed, so that a build stopped before this leaves none rather than a
/// wrong one.
pub fn write(
    out: &Path,
    files: &rustc_hash::FxHashSet<String>,
    written: &HashMap<String, u64>,
    previous: Option<&BTreeMap<String, Hash>>,
) -> Result<(), WriteError> {
    let mut paths: Vec<&str> = files.iter().map(String::as_str).collect();
    paths.par_sort_unstable();
    let compared = compare(&paths, previous, |path, old| {
        match written.get(path).map(|h| Hash(*h)).or(old) {
            Some(h) => Ok(h),
            None => {
                let full = out.join(path);
                Ok(Hash(hash(&std::fs::read(&full).map_err(io(&full))?)))
            }
        }
    })?;
    let path = manifest_path(out);
    let (parent, name) = parent_and_name(out);
    let tmp = parent.join(format!("{}{}", tmp_prefix(&name), std::process::id()));
    let file = std::fs::File::create(&tmp).map_err(io(&tmp))?;
    let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
    write_json(&mut writer, &compared, &marker_identity(out))
        .and_then(|()| writer.into_inner().map_err(|e| e.into_error()))
        .map_err(io(&tmp))?;
    std::fs::rename(&tmp, &path).map_err(io(&path))
}

/// The start of the name of a manifest being written beside the output folder `name`; the
/// writer's process id follows (a build killed meanwhile leaves it for the next to remove).
pub(super) fn tmp_prefix(name: &str) -> String {
    format!(".{name}.deploy.json.tmp-")
}

/// Forgets the manifest of `out`: called before a build changes the output.
pub fn forget(out: &Path) {
    let _ = std::fs::remove_file(manifest_path(out));
}

/// The new output's files with their hashes, and how they differ from the previous output's.
struct Compared<'a> {
    since_previous: bool,
    files: Vec<(&'a str, Hash)>,
    added: Vec<&'a str>,
    changed: Vec<&'a str>,
    removed: Vec<&'a str>,
}

/// Compares the sorted `paths` of the new output with the `previous` output's files, in one walk
/// through both (a large site has hundreds of thousands). `hash_of` gives a path's new hash,
/// given its previous one.
fn compare<'a, E>(
    paths: &[&'a str],
    previous: Option<&'a BTreeMap<String, Hash>>,
    mut hash_of: impl FnMut(&str, Option<Hash>) -> Result<Hash, E>,
) -> Result<Compared<'a>, E> {
    let mut c = Compared {
        since_previous: previous.is_some(),
        files: Vec::with_capacity(paths.len()),
        added: Vec::new(),
        changed: Vec::new(),
        removed: Vec::new(),
    };
    let mut before = previous.into_iter().flatten().peekable();
    for &path in paths {
        let mut old = None;
        while let Some((p, h)) = before.next_if(|(p, _)| p.as_str() <= path) {
            if p == path {
                old = Some(*h);
            } else {
                c.removed.push(p.as_str());
            }
        }
        let h = hash_of(path, old)?;
        match old {
            None => c.added.push(path),
            Some(old) if old != h => c.changed.push(path),
            Some(_) => {}
        }
        c.files.push((path, h));
    }
    c.removed.extend(before.map(|(p, _)| p.as_str()));
    Ok(c)
}

/// The manifest as JSON, with each list entry and file on a line of its own: readable, and
/// written as it goes (a large site has hundreds of thousands of files).
fn write_json(
    w: &mut impl std::io::Write,
    c: &Compared<'_>,
    marker: &Option<FileStat>,
) -> std::io::Result<()> {
    writeln!(w, "{{")?;
    writeln!(w, "  \"format\": {FORMAT},")?;
    writeln!(w, "  \"since_previous\": {},", c.since_previous)?;
    for (name, list) in [
        ("added", &c.added),
        ("changed", &c.changed),
        ("removed", &c.removed),
    ] {
        write!(w, "  \"{name}\": [")?;
        for (i, path) in list.iter().enumerate() {
            w.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
            write_str(w, path)?;
        }
        writeln!(w, "{}],", if list.is_empty() { "" } else { "\n  " })?;
    }
    write!(w, "  \"files\": {{")?;
    for (i, (path, h)) in c.files.iter().enumerate() {
        w.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        write_str(w, path)?;
        write!(w, ": \"{:016x}\"", h.0)?;
    }
    writeln!(w, "{}}},", if c.files.is_empty() { "" } else { "\n  " })?;
    let marker = serde_json::to_string(marker).map_err(std::io::Error::other)?;
    writeln!(w, "  \"marker\": {marker}")?;
    writeln!(w, "}}")
}

/// A JSON string: as it is when nothing in it needs escaping (output paths seldom do).
fn write_str(w: &mut impl std::io::Write, s: &str) -> std::io::Result<()> {
    if s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        let quoted = serde_json::to_string(s).map_err(std::io::Error::other)?;
        return w.write_all(quoted.as_bytes());
    }
    w.write_all(b"\"")?;
    w.write_all(s.as_bytes())?;
    w.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, u64)]) -> BTreeMap<String, Hash> {
        list.iter()
            .map(|(p, h)| (p.to_string(), Hash(*h)))
            .collect()
    }

    fn compared<'a>(
        before: Option<&'a BTreeMap<String, Hash>>,
        now: &'a BTreeMap<String, Hash>,
    ) -> Compared<'a> {
        let paths: Vec<&str> = now.keys().map(String::as_str).collect();
        compare(&paths, before, |p, _| Ok::<_, ()>(now[p])).expect("no error")
    }

    #[test]
    fn changes_name_each_file_once() {
        let before = files(&[("a.html", 1), ("b.html", 2), ("c.html", 3), ("e.html", 5)]);
        let now = files(&[("a.html", 1), ("b.html", 9), ("d.html", 4)]);
        let c = compared(Some(&before), &now);
        assert!(c.since_previous);
        assert_eq!(c.added, ["d.html"]);
        assert_eq!(c.changed, ["b.html"]);
        assert_eq!(c.removed, ["c.html", "e.html"]);
        let now = files(&[("a.html", 1), ("b.html", 2)]);
        let c = compared(None, &now);
        assert!(!c.since_previous);
        assert_eq!(c.added, ["a.html", "b.html"]);
        assert!(c.changed.is_empty() && c.removed.is_empty());
    }

    #[test]
    fn the_json_reads_back_as_written() {
        let before = files(&[("x.html", 1)]);
        let now = files(&[("a \"b\".html", u64::MAX), ("sv/å.html", 7)]);
        let c = compared(Some(&before), &now);
        let mut json = Vec::new();
        write_json(&mut json, &c, &None).expect("write");
        let back: DeployManifest = serde_json::from_slice(&json).expect("valid JSON");
        assert_eq!(back.files, now);
        assert_eq!(back.added, ["a \"b\".html", "sv/å.html"]);
        assert_eq!(back.removed, ["x.html"]);
        let text = String::from_utf8(json).expect("UTF-8");
        assert!(
            text.contains("\"sv/å.html\": \"0000000000000007\""),
            "{text}"
        );
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
