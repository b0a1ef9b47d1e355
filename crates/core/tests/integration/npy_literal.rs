//! The header's Python-literal parser on its own: what `ast.literal_eval`
//! accepts in numpy headers parses, anything else is an error, never a panic.

use bmp_core::npy::literal::{parse_literal, Literal};
use Literal::*;

fn ok(s: &str) -> Literal {
    parse_literal(s).unwrap()
}

#[test]
fn numpy_header() {
    let d = ok("{'descr': '<f8', 'fortran_order': False, 'shape': (1000, 2000), }          \n");
    assert_eq!(
        d,
        Dict(vec![
            (Str("descr".into()), Str("<f8".into())),
            (Str("fortran_order".into()), Bool(false)),
            (Str("shape".into()), Tuple(vec![Int(1000), Int(2000)])),
        ])
    );
}

#[test]
fn tuples_and_parentheses() {
    assert_eq!(ok("()"), Tuple(vec![]));
    assert_eq!(ok("(5,)"), Tuple(vec![Int(5)]));
    assert_eq!(ok("( 5 , 6 , )"), Tuple(vec![Int(5), Int(6)]));
    assert_eq!(ok("(5)"), Int(5));
    assert_eq!(ok("(5L, 3l)"), Tuple(vec![Int(5), Int(3)]));
    assert_eq!(ok("- 1_000"), Int(-1000));
}

#[test]
fn strings_and_repr() {
    assert_eq!(ok(r#"u"a\'b\x41\u00e9""#), Str("a'bAé".into()));
    assert_eq!(ok("[('a', '<i4')]").to_string(), "[('a', '<i4')]");
    assert_eq!(ok("(1,)").to_string(), "(1,)");
}

#[test]
fn rejects_garbage_without_panicking() {
    for bad in [
        "",
        "{",
        "{'a' 1}",
        "{'a': }",
        "(1 2)",
        "'abc",
        "1.5",
        "0x10",
        "foo",
        "{'a': 1}}",
        "\"\\x4",
        "'\\u12'",
        "1e5",
        "--",
        "[1,,]",
        "{'a': 1,,}",
    ] {
        assert!(parse_literal(bad).is_err(), "{bad:?} should not parse");
    }
    let deep = "(".repeat(1000) + &")".repeat(1000);
    assert!(parse_literal(&deep).unwrap_err().contains("nesting"));
    let huge = "9".repeat(60);
    assert!(parse_literal(&huge).unwrap_err().contains("too large"));
}
