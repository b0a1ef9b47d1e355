//! astropy.visualization's stretches, on values already scaled to 0..1.

use crate::error::{Error, Result};

/// A stretch (astropy's definitions; `a` as astropy names it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stretch {
    /// `y = x` (`LinearStretch()`).
    Linear,
    /// `y = sqrt(x)` (`SqrtStretch()`).
    Sqrt,
    /// `y = log(a x + 1) / log(a + 1)` (`LogStretch(a)`, astropy's default a = 1000).
    Log {
        /// Larger is more logarithmic; must be > 0.
        a: f64,
    },
    /// `y = asinh(x / a) / asinh(1 / a)` (`AsinhStretch(a)`, astropy's default a = 0.1).
    Asinh {
        /// Where the curve turns from linear to logarithmic; must be > 0.
        a: f64,
    },
}

impl Stretch {
    /// An error when the stretch's parameter is out of range (as astropy refuses it).
    pub fn validate(self) -> Result<()> {
        match self {
            Stretch::Log { a } | Stretch::Asinh { a } if !(a > 0.0 && a.is_finite()) => {
                Err(Error::invalid(format!(
                    "preview: the stretch parameter a must be a finite number > 0 (got {a})"
                )))
            }
            _ => Ok(()),
        }
    }

    /// The stretched value of `x` in 0..1.
    pub fn apply(self, x: f64) -> f64 {
        match self {
            Stretch::Linear => x,
            Stretch::Sqrt => x.sqrt(),
            Stretch::Log { a } => (a * x + 1.0).ln() / (a + 1.0).ln(),
            Stretch::Asinh { a } => (x / a).asinh() / (1.0 / a).asinh(),
        }
    }
}
