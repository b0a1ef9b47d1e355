//! Float images stored as quantized integers: `value = code × ZSCALE + ZZERO`
//! per tile, with cfitsio's subtractive dithering undone (its table of
//! 10,000 uniform deviates and its walk through it), and ZBLANK codes as NaN.

use super::super::card::{Card, Value};
use super::super::hdu::find;
use super::table::Table;
use crate::kernels::num::Num;

/// Length of cfitsio's table of random deviates.
const N_RANDOM: usize = 10_000;
/// The code SUBTRACTIVE_DITHER_2 uses for an exact zero.
const ZERO_VALUE: i64 = -2_147_483_646;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Method {
    NoDither,
    Dither1,
    Dither2,
}

/// How a tile's integer codes become values.
#[derive(Debug, Clone)]
pub struct Quantization {
    /// True when codes are quantized floats (ZSCALE/ZZERO present).
    pub quantized: bool,
    method: Method,
    scales: Vec<f64>,
    zeros: Vec<f64>,
    blanks: Vec<Option<i64>>,
    dither0: i64,
    randoms: Vec<f32>,
}

impl Quantization {
    /// Codes are the values.
    pub const NONE: Quantization = Quantization {
        quantized: false,
        method: Method::NoDither,
        scales: Vec::new(),
        zeros: Vec::new(),
        blanks: Vec::new(),
        dither0: 0,
        randoms: Vec::new(),
    };

    /// Reads ZQUANTIZ, ZDITHER0 and the ZSCALE/ZZERO/ZBLANK columns.
    pub fn from_header(
        cards: &[Card],
        table: &Table<'_>,
        float: bool,
    ) -> Result<Quantization, String> {
        let (Some(sc), Some(zc)) = (table.column("ZSCALE"), table.column("ZZERO")) else {
            return Ok(Quantization::NONE);
        };
        if !float {
            return Ok(Quantization::NONE);
        }
        let method = match find(cards, "ZQUANTIZ").map(|c| &c.value) {
            Some(Value::Str(s)) if s.trim() == "SUBTRACTIVE_DITHER_1" => Method::Dither1,
            Some(Value::Str(s)) if s.trim() == "SUBTRACTIVE_DITHER_2" => Method::Dither2,
            _ => Method::NoDither,
        };
        let blank_key = find(cards, "ZBLANK")
            .and_then(Card::int)
            .and_then(|v| i64::try_from(v).ok());
        let blank_col = table.column("ZBLANK");
        let mut q = Quantization {
            quantized: true,
            method,
            scales: Vec::with_capacity(table.rows),
            zeros: Vec::with_capacity(table.rows),
            blanks: Vec::with_capacity(table.rows),
            dither0: find(cards, "ZDITHER0")
                .and_then(Card::int)
                .and_then(|v| i64::try_from(v).ok())
                .unwrap_or(0),
            randoms: if method == Method::NoDither {
                Vec::new()
            } else {
                randoms()
            },
        };
        for row in 0..table.rows {
            q.scales.push(table.number(sc, row)?);
            q.zeros.push(table.number(zc, row)?);
            let b = match blank_col {
                Some(c) => Some(table.number(c, row)? as i64),
                None => blank_key,
            };
            q.blanks.push(b);
        }
        Ok(q)
    }

    /// Appends the values of tile `row`'s codes to `out`.
    pub fn convert<D: Num>(&self, row: usize, codes: &[i64], out: &mut Vec<D>) {
        if !self.quantized {
            out.extend(codes.iter().map(|&c| D::from_i128(i128::from(c))));
            return;
        }
        let (scale, zero, blank) = (self.scales[row], self.zeros[row], self.blanks[row]);
        let nan = D::from_f64(f64::NAN);
        if self.method == Method::NoDither {
            out.extend(codes.iter().map(|&c| {
                if blank == Some(c) {
                    nan
                } else {
                    D::from_f64(c as f64 * scale + zero)
                }
            }));
            return;
        }
        // cfitsio's walk: start from the tile's seed, step once per pixel.
        let start = (row as i64 + self.dither0 - 1).rem_euclid(N_RANDOM as i64) as usize;
        let mut iseed = start;
        let mut next = (self.randoms[iseed] * 500.0) as usize;
        for &c in codes {
            let v = if self.method == Method::Dither2 && c == ZERO_VALUE {
                D::from_f64(0.0)
            } else if blank == Some(c) {
                nan
            } else {
                D::from_f64((c as f64 - f64::from(self.randoms[next]) + 0.5) * scale + zero)
            };
            out.push(v);
            next += 1;
            if next == N_RANDOM {
                iseed = (iseed + 1) % N_RANDOM;
                next = (self.randoms[iseed] * 500.0) as usize;
            }
        }
    }
}

/// cfitsio's `fits_init_randoms`: a Park-Miller sequence, stored as floats.
fn randoms() -> Vec<f32> {
    let (a, m) = (16807.0f64, 2147483647.0f64);
    let mut seed = 1.0f64;
    (0..N_RANDOM)
        .map(|_| {
            let temp = a * seed;
            seed = temp - m * ((temp / m) as i32 as f64);
            (seed / m) as f32
        })
        .collect()
}
