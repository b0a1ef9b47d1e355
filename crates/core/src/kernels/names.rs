//! The names callers use for operations (`"add"`, `"median"`, ...): one
//! list per enum, parsed with `FromStr`, so no binding keeps its own table.

use std::str::FromStr;

use crate::array::NdArray;
use crate::error::{Error, Result};

use super::BinaryOp;

impl BinaryOp {
    /// Every elementwise binary operation.
    pub const ALL: [BinaryOp; 4] = [BinaryOp::Add, BinaryOp::Sub, BinaryOp::Mul, BinaryOp::Div];

    /// The operation's name (numpy's ufunc name, shortened as the TS API has it).
    pub fn name(self) -> &'static str {
        match self {
            BinaryOp::Add => "add",
            BinaryOp::Sub => "sub",
            BinaryOp::Mul => "mul",
            BinaryOp::Div => "div",
        }
    }
}

impl FromStr for BinaryOp {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self> {
        find(&BinaryOp::ALL, name, BinaryOp::name, "operation")
    }
}

/// A whole-array reduction to one number (`std`, which takes `ddof`, has its
/// own entry point).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reduction {
    /// `np.median`.
    Median,
    /// `np.mean`.
    Mean,
    /// `np.average` (unweighted).
    Average,
    /// `np.sum`.
    Sum,
    /// `np.min`.
    Min,
    /// `np.max`.
    Max,
}

impl Reduction {
    /// Every reduction.
    pub const ALL: [Reduction; 6] = [
        Reduction::Median,
        Reduction::Mean,
        Reduction::Average,
        Reduction::Sum,
        Reduction::Min,
        Reduction::Max,
    ];

    /// numpy's name of the reduction.
    pub fn name(self) -> &'static str {
        match self {
            Reduction::Median => "median",
            Reduction::Mean => "mean",
            Reduction::Average => "average",
            Reduction::Sum => "sum",
            Reduction::Min => "min",
            Reduction::Max => "max",
        }
    }

    /// Reduces `a` (on Rayon's current pool).
    pub fn apply(self, a: &NdArray) -> Result<f64> {
        match self {
            Reduction::Median => super::median(a),
            Reduction::Mean => super::mean(a),
            Reduction::Average => super::average(a),
            Reduction::Sum => super::sum(a),
            Reduction::Min => super::min(a),
            Reduction::Max => super::max(a),
        }
    }
}

impl FromStr for Reduction {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self> {
        find(&Reduction::ALL, name, Reduction::name, "reduction")
    }
}

/// The member of `all` called `name`, or an error listing the names.
fn find<T: Copy>(all: &[T], name: &str, name_of: fn(T) -> &'static str, what: &str) -> Result<T> {
    all.iter()
        .copied()
        .find(|&t| name_of(t) == name)
        .ok_or_else(|| {
            let names: Vec<_> = all.iter().map(|&t| name_of(t)).collect();
            Error::invalid(format!(
                "unknown {what} '{name}': use one of {}",
                names.join(", ")
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for op in BinaryOp::ALL {
            assert_eq!(op.name().parse::<BinaryOp>().unwrap(), op);
        }
        for r in Reduction::ALL {
            assert_eq!(r.name().parse::<Reduction>().unwrap(), r);
        }
        let err = "pow".parse::<BinaryOp>().unwrap_err().to_string();
        assert_eq!(
            err,
            "unknown operation 'pow': use one of add, sub, mul, div"
        );
        assert!("avg".parse::<Reduction>().is_err());
    }
}
