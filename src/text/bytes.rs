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

/// The lanes (high bit of each byte) where `word`'s byte equals `byte`. The lowest lane set is
/// exact; lanes above a match may be set falsely (a borrow), which "any" and "first" never see.
pub fn lanes_equal(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The lanes where `word`'s byte is `min` (≥ 0x80) or more; every lane exact.
pub fn lanes_at_least(word: u64, min: u8) -> u64 {
    debug_assert!(min >= 0x80);
    // Per lane: the high bit, and the low seven bits plus (0x80 − low bits of min) carrying
    // into the lane's own high bit (never further: at most 0x7F + 0x80).
    let low = (word & !HIGHS) + ONES * u64::from(0x80 - (min & 0x7f));
    low & word & HIGHS
}

/// The byte index of the lowest lane set, if any.
pub fn first_lane(lanes: u64) -> Option<usize> {
    (lanes != 0).then(|| lanes.trailing_zeros() as usize / 8)
}

/// The index of the first byte at or after `from` that `wanted` accepts. `lanes` gives, for
/// a word of eight bytes, lanes whose lowest set one is the first byte `wanted` accepts (the
/// `lanes_*` functions, or'ed); the bytes after the last whole word are tried one by one.
pub fn find(
    bytes: &[u8],
    mut from: usize,
    lanes: impl Fn(u64) -> u64,
    wanted: impl Fn(u8) -> bool,
) -> Option<usize> {
    while let Some(word) = word_at(bytes, from) {
        if let Some(lane) = first_lane(lanes(word)) {
            return Some(from + lane);
        }
        from += 8;
    }
    let rest = bytes.get(from..)?;
    rest.iter().position(|&b| wanted(b)).map(|i| from + i)
}

/// [`find`] for any byte of `set`.
pub fn find_any(bytes: &[u8], from: usize, set: &[u8]) -> Option<usize> {
    let lanes = |word| set.iter().fold(0, |m, &b| m | lanes_equal(word, b));
    find(bytes, from, lanes, |b| set.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_agree_with_bytes() {
        let mut x = 99u64;
        for n in 0..30_000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            // Some words with repeated neighbouring bytes, where borrows cross lanes.
            let word = if n % 3 == 0 {
                x & 0xFFFF_0000_FFFF_0000 | 0x0000_C3C3_0000_C3C3
            } else {
                x
            };
            let bytes = word.to_le_bytes();
            let first = |f: &dyn Fn(u8) -> bool| bytes.iter().position(|&b| f(b));
            let probes = [
                0x00,
                0x20,
                0x80,
                0xC2,
                0xC3,
                0xCC,
                0xD0,
                0xE1,
                0xFF,
                (x >> 7) as u8,
            ];
            for probe in probes {
                let what = format!("{word:x} {probe:x}");
                let equal = first_lane(lanes_equal(word, probe));
                assert_eq!(equal, first(&|b| b == probe), "{what}");
                if probe >= 0x80 {
                    let lanes = lanes_at_least(word, probe);
                    let got: Vec<bool> = (0..8).map(|k| lanes >> (8 * k + 7) & 1 == 1).collect();
                    let want: Vec<bool> = bytes.iter().map(|&b| b >= probe).collect();
                    assert_eq!(got, want, "{what}");
                }
            }
        }
        let text = "tiết kiệm năng lượng – 1419/QĐ-TTg\n".repeat(3);
        let bytes = text.as_bytes();
        for from in 0..bytes.len() {
            for set in [&[0xE1u8, b'/'][..], &b"\n"[..], &[0xC4, 0xC6, 0xE2]] {
                let want = bytes[from..]
                    .iter()
                    .position(|b| set.contains(b))
                    .map(|i| from + i);
                assert_eq!(find_any(bytes, from, set), want, "{from} {set:?}");
            }
        }
        let abc = u64::from_le_bytes(*b"abcdefgh");
        assert_eq!(word_at(b"abcdefgh", 0), Some(abc));
        assert_eq!(word_at(b"abcdefgh", 1), None);
    }
}
