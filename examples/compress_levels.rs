//! Throughput and size of the precompression encoders on a built site's pages (BENCHMARKS.md,
//! "Precompression"): `cargo run --release --example compress_levels -- OUT [PAGES]`.
//! Takes every k-th `.html` file of OUT (PAGES in all, default 3,000) and compresses each with
//! gzip (zlib-rs) at levels 1–6 and brotli at qualities 1–5 (window 2^18), on one core.
use std::io::Write;
use std::time::Instant;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: compress_levels OUT [PAGES]");
    let limit: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3000);
    let mut files: Vec<Vec<u8>> = Vec::new();
    for e in walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "html")
            && let Ok(bytes) = std::fs::read(p)
        {
            files.push(bytes);
        }
    }
    // Every k-th file, so lists and articles are both in the sample.
    let step = (files.len() / limit).max(1);
    let sample: Vec<&Vec<u8>> = files.iter().step_by(step).collect();
    let total: usize = sample.iter().map(|f| f.len()).sum();
    println!("{} files, {:.1} MB", sample.len(), total as f64 / 1e6);
    for level in [1u32, 2, 3, 4, 6] {
        let t = Instant::now();
        let mut out = 0;
        for f in &sample {
            let mut enc =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
            enc.write_all(f).expect("compressing into memory");
            out += enc.finish().expect("compressing into memory").len();
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "gzip {level}: {:.0} MB/s, ratio {:.3}",
            total as f64 / 1e6 / s,
            out as f64 / total as f64
        );
    }
    for (q, w) in [(1, 18), (2, 18), (3, 18), (4, 18), (5, 18)] {
        let t = Instant::now();
        let mut out = 0;
        for f in &sample {
            let mut o = Vec::new();
            let params = brotli::enc::BrotliEncoderParams {
                quality: q,
                lgwin: w,
                ..Default::default()
            };
            brotli::BrotliCompress(&mut &f[..], &mut o, &params).expect("compressing into memory");
            out += o.len();
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "brotli q{q} w{w}: {:.0} MB/s, ratio {:.3}",
            total as f64 / 1e6 / s,
            out as f64 / total as f64
        );
    }
}
