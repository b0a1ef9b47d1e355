//! A short, deterministic fuzz run for `cargo test`: a few thousand inputs
//! made by mutating the generated FITS fixtures (astropy-written files and
//! the malformed corpus), byte-wise and card-wise, each checked with the
//! very properties the long cargo-fuzz run checks (`fuzz/src/fits_oracles.rs`,
//! `fuzz/src/alloc_bound.rs`). See fuzz/README.md for the long run.

// Shared with the npy run, which uses the parts this one does not.
#[allow(dead_code)]
#[path = "../../../fuzz/src/alloc_bound.rs"]
mod alloc_bound;
#[path = "../../../fuzz/src/fits_oracles.rs"]
mod fits_oracles;
#[path = "../../../fuzz/src/rng.rs"]
mod rng;

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use alloc_bound::{with_allocation_limit, TrackingAlloc};
use fits_oracles::{check_read_fits_bytes, fits_allocation_limit};
use rng::Rng;

#[global_allocator]
static ALLOC: TrackingAlloc = TrackingAlloc;

/// Seeds: every small generated fixture.
fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/fixtures");
    let mut files = Vec::new();
    for dir in [
        "fits_astropy/written",
        "fits_astropy/astropy_data",
        "fits_malformed",
    ] {
        let d = root.join(dir);
        assert!(
            d.is_dir(),
            "{} is missing: run `npm run fixtures` first",
            d.display()
        );
        let mut paths: Vec<_> = fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        files.extend(
            paths
                .iter()
                .filter(|p| p.to_string_lossy().contains(".fits"))
                .map(|p| fs::read(p).unwrap())
                .filter(|b| b.len() < 200_000),
        );
    }
    assert!(files.len() > 40, "only {} seeds", files.len());
    files
}

/// Hostile and plausible values for a card's value field.
const VALUES: &[&str] = &[
    "0",
    "-1",
    "1",
    "8",
    "16",
    "-32",
    "-64",
    "12",
    "999",
    "1000",
    "2880",
    "32768",
    "99999999999999999999999",
    "-9223372036854775809",
    "1.5D+03",
    "1E400",
    "'abc'",
    "'",
    "T",
    "F",
    "(1, 2)",
    "",
    "'RICE_1'",
    "'GZIP_2'",
    "'GZIP_1'",
    "'HCOMPRESS_1'",
    "'1PB(9)'",
    "'1QB(9)'",
    "'BINTABLE'",
    "'IMAGE'",
    "2147483647",
    "4294967296",
];

/// One random edit of `data`.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>) {
    let len = data.len();
    let cards = len.min(2880 * 3) / 80;
    match rng.below(6) {
        0 if len > 0 => data[rng.below(len)] ^= 1 << rng.below(8),
        1 => data.truncate(rng.below(len + 1)),
        2 | 3 if cards > 0 => {
            // Replace the value field of a card.
            let at = rng.below(cards) * 80 + 10;
            let v = VALUES[rng.below(VALUES.len())];
            let field = format!("{v:>20}");
            let end = (at + 20).min(data.len());
            data[at..end].copy_from_slice(&field.as_bytes()[..end - at]);
        }
        4 if len > 2880 => {
            // Corrupt a byte of the data or heap (tiles).
            let at = 2880 + rng.below(len - 2880);
            data[at] = rng.next() as u8;
        }
        _ => data.extend((0..rng.below(64)).map(|_| rng.next() as u8)),
    }
}

#[test]
fn mutated_fixtures_keep_every_property() {
    let seeds = seeds();
    let mut rng = Rng(0x5eed_f175);
    let mut runs = 0;
    for round in 0..40 {
        for seed in &seeds {
            let mut input = seed.clone();
            for _ in 0..=(round % 4) {
                mutate(&mut rng, &mut input);
            }
            let limit = fits_allocation_limit(&input);
            catch_unwind(AssertUnwindSafe(|| {
                with_allocation_limit(input.len(), limit, || check_read_fits_bytes(&input))
            }))
            .unwrap_or_else(|_| {
                let path = std::env::temp_dir().join(format!("fits_fuzz_failure_{runs}.fits"));
                fs::write(&path, &input).unwrap();
                panic!("input {runs} broke a property; saved to {}", path.display())
            });
            runs += 1;
        }
    }
    assert!(runs > 2000, "only {runs} inputs");
}

#[test]
fn the_seeds_themselves_pass() {
    for seed in seeds() {
        with_allocation_limit(seed.len(), fits_allocation_limit(&seed), || {
            check_read_fits_bytes(&seed)
        });
    }
}
