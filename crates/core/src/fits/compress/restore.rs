//! The header of the image a compressed HDU holds, as astropy presents it:
//! Z keywords renamed to what they stand for, the table's own structure
//! keywords and the compression keywords dropped.

use super::super::card::{Card, Value};

/// Keywords a compressed HDU's header restores to their image names.
const RENAMED: [(&str, &str); 8] = [
    ("ZSIMPLE", "SIMPLE"),
    ("ZTENSION", "XTENSION"),
    ("ZBITPIX", "BITPIX"),
    ("ZNAXIS", "NAXIS"),
    ("ZEXTEND", "EXTEND"),
    ("ZPCOUNT", "PCOUNT"),
    ("ZGCOUNT", "GCOUNT"),
    ("ZHECKSUM", "CHECKSUM"),
];

/// The EXTNAME astropy and fpack give a compressed HDU when it had none.
const DEFAULT_EXTNAME: &str = "COMPRESSED_IMAGE";

/// True for keywords that describe the table or the compression only.
fn is_table_keyword(k: &str) -> bool {
    let indexed = |prefix: &str| {
        k.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    matches!(
        k,
        "XTENSION"
            | "BITPIX"
            | "NAXIS"
            | "PCOUNT"
            | "GCOUNT"
            | "TFIELDS"
            | "THEAP"
            | "ZIMAGE"
            | "ZCMPTYPE"
            | "ZQUANTIZ"
            | "ZDITHER0"
            | "ZMASKCMP"
            | "ZBLANK"
            | "CHECKSUM"
            | "DATASUM"
    ) || [
        "NAXIS", "TTYPE", "TFORM", "TUNIT", "TDIM", "TNULL", "TSCAL", "TZERO", "ZTILE", "ZNAME",
        "ZVAL",
    ]
    .iter()
    .any(|p| indexed(p))
}

/// The image header of a compressed HDU's cards.
pub fn image_cards(cards: &[Card]) -> Vec<Card> {
    let mut out: Vec<Card> = Vec::with_capacity(cards.len());
    for card in cards {
        let k = card.keyword.to_ascii_uppercase();
        let renamed = RENAMED
            .iter()
            .find(|(z, _)| *z == k)
            .map(|(_, to)| to.to_string())
            .or_else(|| {
                k.strip_prefix("ZNAXIS")
                    .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                    .map(|n| format!("NAXIS{n}"))
            });
        if k == "ZDATASUM" {
            out.push(Card::new("DATASUM", card.value.clone(), &card.comment));
        } else if let Some(to) = renamed {
            out.push(Card::new(&to, card.value.clone(), &card.comment));
        } else if k == "EXTNAME"
            && matches!(&card.value, Value::Str(s) if s.trim() == DEFAULT_EXTNAME)
        {
            // astropy hides the name it gives compressed HDUs by default.
        } else if !is_table_keyword(&k) {
            out.push(card.clone());
        }
    }
    // astropy lists a compressed image's scaling keywords last.
    let (mut scaling, mut out): (Vec<Card>, Vec<Card>) = out
        .into_iter()
        .partition(|c| c.is("BSCALE") || c.is("BZERO"));
    scaling.sort_by_key(|c| c.is("BZERO"));
    out.extend(scaling);
    if !out.iter().any(|c| c.is("SIMPLE") || c.is("XTENSION")) {
        out.insert(
            0,
            Card::new("XTENSION", Value::Str("IMAGE".into()), "Image extension"),
        );
    }
    out
}
