//! The head of the journal's chain, as exported to be kept outside the portal.

use serde::{Deserialize, Serialize};

/// The head of the chain: the last entry's sequence number and hash. Kept elsewhere (printed,
/// sent to another system), it shows any later rewrite of the journal up to that entry, even
/// one that recomputed every hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

impl Head {
    /// A head as exported, `SEQ:HASH` (64 hexadecimal digits).
    pub fn parse(text: &str) -> Option<Head> {
        let (seq, hash) = text.trim().split_once(':')?;
        let seq = seq.trim().parse::<i64>().ok().filter(|seq| *seq >= 0)?;
        let hash = hash.trim().to_ascii_lowercase();
        (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(Head { seq, hash })
    }
}

impl std::fmt::Display for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_reads_as_it_is_exported() {
        let head = Head {
            seq: 42,
            hash: "ab".repeat(32),
        };
        assert_eq!(Head::parse(&head.to_string()), Some(head.clone()));
        assert_eq!(Head::parse(&format!(" 42 : {} ", "AB".repeat(32))), Some(head));
        for wrong in ["", "42", "x:ab", "-1:00", &format!("42:{}", "g".repeat(64)), "42:abcd"] {
            assert_eq!(Head::parse(wrong), None, "{wrong}");
        }
    }
}
