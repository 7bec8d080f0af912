//! A build killed with SIGKILL at any moment never leaves a wrong site behind: on a site of
//! 2,000 generated articles beside the bundled content, cached builds are killed at random
//! points (20 of them), and after each the next cached build must equal a clean build of the
//! same sources, byte for byte, with nothing left beside the output.
//!
//! The points are drawn from a seed printed by the test; `VARDGUIDE_KILL_SEED=<seed>` replays a
//! run, `VARDGUIDE_KILLS` and `VARDGUIDE_KILL_ARTICLES` change the counts.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "testsuite/harness.rs"]
mod harness;

use harness::{copy_dir, first_difference, repo, snapshot};

/// A small random generator (xorshift64*): enough to spread kill points, and replayable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A fraction in [0, 1).
    fn fraction(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const WORDS: &[&str] = &[
    "feber",
    "hosta",
    "barn",
    "vuxna",
    "vårdcentral",
    "ring",
    "sjukdom",
    "behandling",
    "vila",
    "dricka",
    "vatten",
    "smärta",
    "huvudvärk",
    "halsont",
    "apotek",
    "recept",
    "symtom",
    "dagar",
    "veckor",
    "läkare",
    "sjuksköterska",
    "råd",
    "hemma",
    "natten",
    "andas",
    "hud",
    "utslag",
];

/// One generated article: headings, paragraphs and a list, about 250 words. `variant` changes
/// one word of the body, so that switching variants changes the page and its search entry.
fn article(n: usize, variant: usize) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (n as u64 + 1));
    let mut words = |count: usize| -> String {
        (0..count)
            .map(|_| WORDS[(rng.next() % WORDS.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let title = format!("Ämne {n:04} {}", words(2));
    let mut body = String::new();
    for section in 0..4 {
        body.push_str(&format!("## Del {section} {}\n\n", words(2)));
        body.push_str(&format!("{}.\n\n", words(40)));
        body.push_str(&format!("- {}\n- {}\n\n", words(5), words(5)));
    }
    body.push_str(if variant == 0 {
        "Kontakta vården om det blir värre.\n"
    } else {
        "Kontakta vården om det inte blir bättre.\n"
    });
    format!(
        "---\ntitle: {title}\nsummary: Om {title}.\nkind: symptom\ntopics: [infections]\n\
         reviewed: 2026-01-10\nreviewer: {{name: Karin Ek, role: Läkare}}\n---\n{body}"
    )
}

/// Writes the site's generated articles in `variant`; every tenth one differs between the two.
fn write_articles(root: &Path, count: usize, variant: usize) {
    for n in 0..count {
        let v = if n % 10 == 0 { variant } else { 0 };
        let dir = root.join(format!("content/articles/generated-{n:04}"));
        std::fs::create_dir_all(&dir).expect("mkdir");
        let path = dir.join("sv.md");
        let text = article(n, v);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).expect("write");
        }
    }
}

fn vardguide(root: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vardguide"));
    cmd.current_dir(root)
        .arg("build")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

fn build(root: &Path, args: &[&str]) {
    let done = vardguide(root, args).output().expect("run vardguide");
    assert!(
        done.status.success(),
        "build {args:?} failed: {}",
        String::from_utf8_lossy(&done.stderr)
    );
}

/// What is left beside the output but the output and its lock file.
fn beside_output(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .expect("root")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public") && n != ".public.lock")
        .collect()
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Ensure a cached build killed at random points leaves the next cached build equal to a clean
/// build, with no temporary folder left, 20 times over.
#[test]
fn a_build_killed_anywhere_leaves_the_next_build_clean() {
    let articles = env_number("VARDGUIDE_KILL_ARTICLES", 2000) as usize;
    let kills = env_number("VARDGUIDE_KILLS", 20);
    let seed = env_number(
        "VARDGUIDE_KILL_SEED",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1),
    )
    .max(1);
    println!("kill points from VARDGUIDE_KILL_SEED={seed}");
    let mut rng = Rng(seed);

    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::copy(repo().join("site.yaml"), root.join("site.yaml")).expect("copy");
    for part in ["content", "themes", "translations"] {
        copy_dir(&repo().join(part), &root.join(part));
    }

    // The clean output of each of the two variants.
    let clean: Vec<Vec<(PathBuf, Vec<u8>)>> = (0..2)
        .map(|variant| {
            write_articles(root, articles, variant);
            let out = format!("clean-{variant}");
            build(root, &["--no-cache", "--out", &out]);
            let files = snapshot(&root.join(&out));
            std::fs::remove_dir_all(root.join(&out)).expect("remove");
            files
        })
        .collect();

    // A cached build of each variant: how long one takes, to spread the kills over.
    write_articles(root, articles, 0);
    build(root, &[]);
    // The shortest of three cached builds: a first one can be slowed by a cold disk cache, and
    // kill points spread over a span longer than the builds would mostly miss them.
    let mut span = Duration::MAX;
    for variant in [1, 0, 1] {
        write_articles(root, articles, variant);
        let started = Instant::now();
        build(root, &[]);
        span = span.min(started.elapsed());
    }
    let mut variant = 1;
    let mut killed_running = 0;
    for kill in 0..kills {
        variant = 1 - variant;
        write_articles(root, articles, variant);
        let at = span.mul_f64(rng.fraction() * 1.1);
        let mut child = vardguide(root, &[]).spawn().expect("run vardguide");
        let deadline = Instant::now() + at;
        while Instant::now() < deadline && child.try_wait().expect("wait").is_none() {
            std::thread::sleep(Duration::from_millis(2));
        }
        if child.try_wait().expect("wait").is_none() {
            killed_running += 1;
        }
        let _ = child.kill();
        let _ = child.wait();

        build(root, &[]);
        let after = snapshot(&root.join("public"));
        if let Some(diff) = first_difference(&after, &clean[variant]) {
            panic!(
                "kill {kill} at {} ms (seed {seed}): {diff} after the next cached build",
                at.as_millis()
            );
        }
        let left = beside_output(root);
        assert!(
            left.is_empty(),
            "kill {kill} (seed {seed}): left beside the output: {left:?}"
        );
    }
    println!(
        "{kills} kills over a {} ms cached build, {killed_running} while it ran",
        span.as_millis()
    );
    assert!(
        killed_running * 2 >= kills,
        "most kills must land while the build runs ({killed_running} of {kills})"
    );
}
