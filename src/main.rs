//! The `vardguide` binary: the command line lives in the library ([`vardguide::cli`]).

// mimalloc: a build of 37,000 pages allocates and frees millions of small strings across rayon's
// threads; with it a build takes about 15 % less CPU than with glibc's allocator (BENCHMARKS.md,
// "Build speed, third pass").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    vardguide::cli::main()
}
