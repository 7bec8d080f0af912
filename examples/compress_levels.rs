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
    for level in [1i32, 2, 3, 4, 6] {
        let t = Instant::now();
        let mut out = 0;
        let mut c = libdeflater::Compressor::new(
            libdeflater::CompressionLvl::new(level).expect("a libdeflate level"),
        );
        for f in &sample {
            let mut o = vec![0; c.gzip_compress_bound(f.len())];
            out += c.gzip_compress(f, &mut o).expect("compressing into memory");
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "gzip (libdeflate) {level}: {:.0} MB/s, ratio {:.3}",
            total as f64 / 1e6 / s,
            out as f64 / total as f64
        );
    }
    for (q, w) in [(3, 18), (3, 16), (3, 0)] {
        let t = Instant::now();
        let mut out = 0;
        for f in &sample {
            let mut o = Vec::new();
            let params = brotli::enc::BrotliEncoderParams {
                quality: q,
                // w = 0: the window fitted to the file (at least 2^16, at most 2^18)
                lgwin: if w == 0 { window_bits(f.len()) } else { w },
                size_hint: f.len(),
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

fn window_bits(len: usize) -> i32 {
    (usize::BITS - len.saturating_sub(1).leading_zeros()).clamp(16, 18) as i32
}
