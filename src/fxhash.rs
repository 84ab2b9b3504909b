//! FxHash (as in rustc): a fast, non-keyed hash for maps whose keys are not adversarial.
//! Search tokens and highlighter memo keys are hashed millions of times a build; with
//! SipHash, `std`'s default, hashing them dominated the phases that use them.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// A hash map hashed with [`FxHasher`].
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The FxHash state: one multiply and rotate per 8-byte word.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(std::array::from_fn(|i| chunk[i])));
        }
        // The last, partial word, zero-padded (a zero word when there is none).
        let mut last = 0u64;
        for (i, &b) in chunks.remainder().iter().enumerate() {
            last |= u64::from(b) << (8 * i);
        }
        self.add(last);
    }

    /// The same as `write` of the eight bytes (a word, then the empty remainder), without
    /// the byte loop: search tokens and memo keys are hashed millions of times a build.
    fn write_u64(&mut self, i: u64) {
        self.add(i);
        self.add(0);
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hasher as _;

    #[test]
    fn equal_input_hashes_equal_and_different_input_differs() {
        let hash = |s: &str| {
            let mut h = FxHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash("캐시 무효화"), hash("캐시 무효화"));
        assert_ne!(hash("cache"), hash("cachf"));
        // A trailing partial word counts.
        assert_ne!(hash("12345678a"), hash("12345678b"));
        // Hashing a u64 is hashing its little-endian bytes.
        for word in [0, 1, 0x0123_4567_89ab_cdef, u64::MAX] {
            let mut direct = FxHasher::default();
            direct.write_u64(word);
            let mut bytes = FxHasher::default();
            bytes.write(&word.to_le_bytes());
            assert_eq!(direct.finish(), bytes.finish(), "{word:#x}");
        }
    }
}
