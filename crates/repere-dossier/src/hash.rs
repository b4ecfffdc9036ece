//! SHA-256 hashes as the dossier writes them, and hexadecimal text.

use sha2::{Digest as _, Sha256};

/// The prefix of every hash the dossier writes.
pub(crate) const PREFIX: &str = "sha256:";

/// The hash of some bytes as the dossier writes it: `sha256:` followed by 64 lower-case
/// hexadecimal digits.
///
/// ```
/// assert_eq!(
///     repere_dossier::sha256(b""),
///     "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// ```
pub fn sha256(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(PREFIX.len() + 64);
    out.push_str(PREFIX);
    out.push_str(&hex(&Sha256::digest(bytes)));
    out
}

/// Lower-case hexadecimal digits of some bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// The bytes of exactly `N * 2` lower-case hexadecimal digits; `None` for anything else
/// (upper case included, so that a value has one spelling only).
pub(crate) fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let b = s.as_bytes();
    if b.len() != N * 2 {
        return None;
    }
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; N];
    for (i, pair) in b.chunks_exact(2).enumerate() {
        out[i] = (digit(pair[0])? << 4) | digit(pair[1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_refuses_other_spellings() {
        assert_eq!(hex(&[0, 0xab, 0xff]), "00abff");
        assert_eq!(unhex::<3>("00abff"), Some([0, 0xab, 0xff]));
        assert_eq!(unhex::<3>("00ABFF"), None);
        assert_eq!(unhex::<3>("00abf"), None);
        assert_eq!(unhex::<3>("00abfg"), None);
        assert_eq!(unhex::<2>("é1"), None);
    }
}
