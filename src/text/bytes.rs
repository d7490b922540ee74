//! Byte scans of UTF-8 text eight bytes at a time (SWAR: one `u64` as eight lanes), for the
//! checks every page's text goes through. A Vietnamese text mixes one-, two- and three-byte
//! characters at random, so deciding byte by byte mispredicts branches; most eight-byte words
//! need no decision at all.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The eight bytes at `i` as one word, if there are eight.
pub fn word_at(bytes: &[u8], i: usize) -> Option<u64> {
    bytes
        .get(i..)
        .and_then(<[u8]>::first_chunk::<8>)
        .map(|w| u64::from_le_bytes(*w))
}

/// Whether any byte of `word` equals `byte`.
pub fn has_byte(word: u64, byte: u8) -> bool {
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGHS != 0
}

/// Whether any byte of `word` is below `max`, for `max` ≤ 0x80.
pub fn has_byte_below(word: u64, max: u8) -> bool {
    debug_assert!(max <= 0x80);
    word.wrapping_sub(ONES * u64::from(max)) & !word & HIGHS != 0
}

/// Whether any byte of `word` is `min` or more, for `min` ≥ 0x80.
pub fn has_byte_at_least(word: u64, min: u8) -> bool {
    debug_assert!(min >= 0x80);
    // Per lane: the high bit, and the low seven bits plus (0x80 − low bits of min) carrying
    // into the lane's own high bit (never further: at most 0x7F + 0x80).
    let low = (word & !HIGHS) + ONES * u64::from(0x80 - (min & 0x7f));
    low & word & HIGHS != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_agree_with_bytes() {
        let mut x = 99u64;
        for _ in 0..20_000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let bytes = x.to_le_bytes();
            for probe in [
                0x00,
                0x20,
                0x80,
                0xC2,
                0xC3,
                0xCC,
                0xD0,
                0xE1,
                0xEF,
                0xFF,
                (x >> 7) as u8,
            ] {
                assert_eq!(
                    has_byte(x, probe),
                    bytes.contains(&probe),
                    "{x:x} {probe:x}"
                );
                if probe <= 0x80 {
                    let any = bytes.iter().any(|&b| b < probe);
                    assert_eq!(has_byte_below(x, probe), any, "{x:x} {probe:x}");
                }
                if probe >= 0x80 {
                    let any = bytes.iter().any(|&b| b >= probe);
                    assert_eq!(has_byte_at_least(x, probe), any, "{x:x} {probe:x}");
                }
            }
        }
        assert_eq!(
            word_at(b"abcdefgh", 0),
            Some(u64::from_le_bytes(*b"abcdefgh"))
        );
        assert_eq!(word_at(b"abcdefgh", 1), None);
    }
}
