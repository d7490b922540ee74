//! Byte- and bit-level codecs of the index files (spec §9): LEB128 varints,
//! an MSB-first bit stream with Rice and Elias-gamma codes, base64, FNV-1a,
//! and a deterministic natural logarithm so Rust and JS score identically.

/// Appends `v` as an unsigned LEB128 varint.
#[inline]
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads an unsigned LEB128 varint at `*pos`.
// Always inlined: the loops that read postings call it two or three times a posting.
#[inline(always)]
pub fn get_varint(buf: &[u8], pos: &mut usize) -> Option<u64> {
    // One or two bytes, nearly all of them: the index's gaps and counts are small.
    match buf.get(*pos..) {
        Some(&[b, ..]) if b < 0x80 => {
            *pos += 1;
            Some(u64::from(b))
        }
        Some(&[b, c, ..]) if c < 0x80 => {
            *pos += 2;
            Some(u64::from(b & 0x7f) | u64::from(c) << 7)
        }
        _ => {
            let (v, end) = get_long_varint(buf, *pos)?;
            *pos = end;
            Some(v)
        }
    }
}

/// [`get_varint`] of more than two bytes, or past the end: the varint at `pos` and where it
/// ends. Takes the position by value, so that the caller's stays in a register.
fn get_long_varint(buf: &[u8], mut pos: usize) -> Option<(u64, usize)> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = *buf.get(pos)?;
        pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some((v, pos));
        }
        shift += 7;
        if shift > 56 {
            return None;
        }
    }
}

/// Appends a varint length followed by the bytes.
pub fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

/// Reads a varint-length-prefixed byte slice.
pub fn get_bytes<'a>(buf: &'a [u8], pos: &mut usize) -> Option<&'a [u8]> {
    let n = get_varint(buf, pos)? as usize;
    let s = buf.get(*pos..pos.checked_add(n)?)?;
    *pos += n;
    Some(s)
}

/// MSB-first bit writer.
#[derive(Debug, Default)]
pub struct BitWriter {
    bytes: Vec<u8>,
    /// Bits not yet in `bytes`, in the low `pending` bits (fewer than 32 between calls: they
    /// leave four bytes at a time, which costs a third of leaving one byte at a time).
    acc: u64,
    pending: u32,
}

impl BitWriter {
    /// A writer whose bits follow the bytes already in `bytes`.
    pub fn appending_to(bytes: Vec<u8>) -> Self {
        BitWriter {
            bytes,
            acc: 0,
            pending: 0,
        }
    }

    /// Writes the low `n` bits of `v`, most significant first.
    #[inline]
    pub fn bits(&mut self, v: u64, n: u32) {
        if n > 32 {
            return self.wide_bits(v, n);
        }
        // At most 31 pending bits plus 32 new ones fit in the accumulator.
        self.acc = (self.acc << n) | (v & ((1 << n) - 1));
        self.pending += n;
        if self.pending >= 32 {
            self.pending -= 32;
            let word = (self.acc >> self.pending) as u32;
            self.bytes.extend_from_slice(&word.to_be_bytes());
            self.acc &= (1 << self.pending) - 1;
        }
    }

    /// [`BitWriter::bits`] for more than 32 bits, in two steps (rare: kept out of line so
    /// that `bits` itself is inlined into the encoders).
    #[cold]
    fn wide_bits(&mut self, v: u64, n: u32) {
        self.bits(v >> 32, n - 32);
        self.bits(v, 32);
    }

    /// Writes one bit.
    #[inline]
    pub fn bit(&mut self, b: bool) {
        self.bits(u64::from(b), 1);
    }

    /// Rice code with parameter `k`: `v >> k` in unary (ones ended by a
    /// zero), then the low `k` bits.
    #[inline(always)]
    pub fn rice(&mut self, v: u64, k: u32) {
        match rice_code(v, k) {
            Some((code, n)) => self.bits(code, n),
            None => self.long_rice(v, k),
        }
    }

    /// [`BitWriter::rice`] of a code longer than 32 bits (rare: a long gap with a small `k`).
    #[cold]
    fn long_rice(&mut self, v: u64, k: u32) {
        let mut ones = v >> k;
        while ones > 0 {
            let t = ones.min(32) as u32;
            self.bits((1 << t) - 1, t);
            ones -= u64::from(t);
        }
        self.bit(false);
        self.bits(v, k);
    }

    /// Elias-gamma code of `v ≥ 1` ([`gamma_code`]).
    #[inline]
    pub fn gamma(&mut self, v: u64) {
        let (code, n) = gamma_code(v);
        self.bits(code, n);
    }

    /// The written bytes (last byte zero-padded).
    pub fn finish(mut self) -> Vec<u8> {
        while self.pending >= 8 {
            self.pending -= 8;
            self.bytes.push((self.acc >> self.pending) as u8);
        }
        if self.pending > 0 {
            self.bytes.push((self.acc << (8 - self.pending)) as u8);
        }
        self.bytes
    }
}

/// The Elias-gamma code of `v ≥ 1` as (bits, their number): `n` zeros then `v` in `n + 1`
/// bits, that is `v` itself written `2n + 1` wide. Callers may append more bits to it and
/// write them all at once.
#[inline]
pub fn gamma_code(v: u64) -> (u64, u32) {
    let v = v.max(1);
    (v, 2 * (63 - v.leading_zeros()) + 1)
}

/// The Rice code of `v` with parameter `k` ([`BitWriter::rice`]) as (bits, their number), if it
/// takes at most 32 bits, so that it can be written in one go, alone or with more bits.
#[inline(always)]
pub fn rice_code(v: u64, k: u32) -> Option<(u64, u32)> {
    let ones = v >> k;
    (ones + 1 + u64::from(k) <= 32).then(|| {
        // The ones, the zero, the low bits.
        let unary = ((1u64 << ones) - 1) << (k + 1);
        (unary | (v & ((1 << k) - 1)), ones as u32 + 1 + k)
    })
}

/// Number of bits the Rice code of `v` takes with parameter `k`.
pub fn rice_len(v: u64, k: u32) -> u64 {
    (v >> k) + 1 + u64::from(k)
}

/// MSB-first bit reader.
#[derive(Debug)]
pub struct BitReader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> BitReader<'a> {
    /// Reads bits from `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        BitReader { buf, pos: 0 }
    }

    /// Reads one bit (false past the end).
    pub fn bit(&mut self) -> bool {
        let b = self
            .buf
            .get(self.pos / 8)
            .is_some_and(|x| x & (0x80 >> (self.pos % 8)) != 0);
        self.pos += 1;
        b
    }

    /// Reads `n` bits as an unsigned number.
    pub fn bits(&mut self, n: u32) -> u64 {
        (0..n).fold(0, |v, _| (v << 1) | u64::from(self.bit()))
    }

    /// Reads a Rice code.
    pub fn rice(&mut self, k: u32) -> Option<u64> {
        let mut q = 0u64;
        while self.bit() {
            q += 1;
            if self.pos > self.buf.len() * 8 {
                return None;
            }
        }
        Some((q << k) | self.bits(k))
    }

    /// Reads an Elias-gamma code.
    pub fn gamma(&mut self) -> Option<u64> {
        let mut n = 0;
        while !self.bit() {
            n += 1;
            if n > 63 {
                return None;
            }
        }
        Some((1 << n) | self.bits(n))
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (what `atob` reads).
pub fn base64_encode(data: &[u8]) -> String {
    let mut s = String::with_capacity(data.len().div_ceil(3) * 4);
    for ch in data.chunks(3) {
        let n = (u32::from(ch[0]) << 16)
            | (u32::from(*ch.get(1).unwrap_or(&0)) << 8)
            | u32::from(*ch.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= ch.len() {
                s.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

/// Decodes standard base64 (padding optional); `None` on bad input.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut nbits) = (0u32, 0);
    for c in s.bytes().filter(|&c| c != b'=') {
        let v = B64.iter().position(|&x| x == c)? as u32;
        acc = (acc << 6) | v;
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push((acc >> nbits) as u8);
        }
    }
    Some(out)
}

/// 32-bit FNV-1a over the UTF-8 bytes (bucket choice).
pub fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// A fast, deterministic hasher for build-time maps (FxHash).
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut it = bytes.chunks_exact(8);
        for c in &mut it {
            if let Ok(a) = <[u8; 8]>::try_from(c) {
                self.add(u64::from_le_bytes(a));
            }
        }
        let rest = it.remainder();
        if !rest.is_empty() {
            let w = rest
                .iter()
                .rev()
                .fold(0u64, |w, &b| (w << 8) | u64::from(b));
            self.add(w);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// `HashMap` builder using [`FxHasher`].
pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// ln 2 as the JS literal `0.6931471805599453`.
const LN2: f64 = std::f64::consts::LN_2;

/// Natural logarithm computed with only `+ - * /` (exactly rounded in both
/// Rust and JS), so scores agree bit for bit. `x` must be positive.
pub fn ln(x: f64) -> f64 {
    let mut m = x;
    let mut k = 0.0;
    while m > 2.0 {
        m /= 2.0;
        k += 1.0;
    }
    while m < 1.0 {
        m *= 2.0;
        k -= 1.0;
    }
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut term = s;
    let mut sum = 0.0;
    let mut n = 1.0;
    while n < 60.0 {
        sum += term / n;
        term *= s2;
        n += 2.0;
    }
    2.0 * sum + k * LN2
}

/// Lowercase hex of the first `n` bytes.
pub fn hex(bytes: &[u8], n: usize) -> String {
    bytes.iter().take(n).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_round_trip() {
        let mut b = Vec::new();
        for v in [0u64, 1, 127, 128, 300, 1 << 40] {
            put_varint(&mut b, v);
        }
        let mut p = 0;
        for v in [0u64, 1, 127, 128, 300, 1 << 40] {
            assert_eq!(get_varint(&b, &mut p), Some(v));
        }
        assert_eq!(get_varint(&b, &mut p), None);
    }

    #[test]
    fn bit_codes_round_trip() {
        let mut w = BitWriter::default();
        w.rice(0, 0);
        w.rice(37, 3);
        w.gamma(1);
        w.gamma(12);
        w.bits(5, 3);
        w.rice(1000, 7);
        let bytes = w.finish();
        let mut r = BitReader::new(&bytes);
        assert_eq!(r.rice(0), Some(0));
        assert_eq!(r.rice(3), Some(37));
        assert_eq!(r.gamma(), Some(1));
        assert_eq!(r.gamma(), Some(12));
        assert_eq!(r.bits(3), 5);
        assert_eq!(r.rice(7), Some(1000));
        assert_eq!(rice_len(37, 3), 4 + 1 + 3);
    }

    #[test]
    fn bit_codes_round_trip_across_byte_edges() {
        let mut w = BitWriter::default();
        let mut expect = Vec::new();
        let mut x = 12345u64;
        for i in 0..2000u32 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let (k, v) = (i % 13, (x >> 40) % 5000);
            w.rice(v, k);
            w.gamma(v + 1);
            w.bits(x, i % 64);
            expect.push((k, v, x & ((1u128 << (i % 64)) - 1) as u64, i % 64));
        }
        w.bit(true);
        let bytes = w.finish();
        let mut r = BitReader::new(&bytes);
        for (k, v, low, n) in expect {
            assert_eq!(r.rice(k), Some(v));
            assert_eq!(r.gamma(), Some(v + 1));
            assert_eq!(r.bits(n), low);
        }
        assert!(r.bit());
        // MSB first: 101 then 0xABC then 1 fill two bytes exactly.
        let mut w = BitWriter::default();
        w.bits(0b101, 3);
        w.bits(0xABC, 12);
        w.bit(true);
        assert_eq!(w.finish(), [0b1011_0101, 0b0111_1001]);
    }

    #[test]
    fn base64_round_trip() {
        for data in [&b""[..], b"a", b"ab", b"abc", b"\xff\x00\x10\x20"] {
            let s = base64_encode(data);
            assert_eq!(base64_decode(&s).as_deref(), Some(data));
        }
        assert_eq!(base64_encode(b"ab"), "YWI=");
    }

    #[test]
    fn fnv_known_value() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
    }

    #[test]
    fn ln_matches_std() {
        for x in [0.01, 0.5, 1.0, 1.5, 2.0, 3.7, 10.0, 12345.678, 1e9] {
            let d = (ln(x) - f64::ln(x)).abs();
            assert!(d < 1e-12, "{x}: {d}");
        }
    }
}
