//! Small numeric helpers: compensated summation and exact power-of-two rescaling.

/// Neumaier's compensated sum (an improved Kahan sum): the error does not grow with
/// the number of terms, whatever their order of magnitude.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Sum {
    sum: f64,
    compensation: f64,
}

impl Sum {
    /// Adds one term.
    pub(super) fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
    }

    /// The compensated total.
    pub(super) fn value(self) -> f64 {
        self.sum + self.compensation
    }
}

/// `2^k` for `k` in the normal exponent range `[-1022, 1023]` (clamped to it).
fn pow2(k: i32) -> f64 {
    let k = k.clamp(-1022, 1023);
    // k + 1023 is in [1, 2046]: a normal biased exponent.
    let biased = u64::from((k + 1023).unsigned_abs());
    f64::from_bits(biased << 52)
}

/// The exponent `k` such that `max_abs · 2^k` lies in `[0.5, 1)` (0 for 0 or a non-finite
/// `max_abs`).
pub(super) fn normalising_exponent(max_abs: f64) -> i32 {
    if max_abs <= 0.0 || !max_abs.is_finite() {
        return 0;
    }
    // Bring subnormal maxima into the normal range first.
    let (m, pre) = if max_abs < f64::MIN_POSITIVE {
        (max_abs * pow2(600), 600)
    } else {
        (max_abs, 0)
    };
    let biased_exponent = i32::try_from((m.to_bits() >> 52) & 0x7ff).unwrap_or(1023);
    // m = 1.f · 2^(biased − 1023) lies in [2^(e−1), 2^e) with e = biased − 1022.
    pre - (biased_exponent - 1022)
}

/// `2^k` as two normal powers of two `(a, b)`, `a · b = 2^k`, for `k` in `[-2044, 2046]`.
pub(super) fn split_pow2(k: i32) -> (f64, f64) {
    let k1 = k / 2;
    (pow2(k1), pow2(k - k1))
}

/// Two powers of two whose product `f` brings `max_abs · f` into `[0.5, 1)`.
///
/// Multiplying by a power of two is exact (barring underflow of values negligible next to
/// `max_abs`), and interval and ratio alpha are invariant under scaling, so rescaling
/// changes no result but keeps squares and sums far from overflow. The factor is split in
/// two so that each half is a normal number.
#[cfg(test)]
fn normalising_factors(max_abs: f64) -> (f64, f64) {
    split_pow2(normalising_exponent(max_abs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compensated_sum_keeps_small_terms() {
        let mut s = Sum::default();
        s.add(1e16);
        for _ in 0..10 {
            s.add(1.0);
        }
        s.add(-1e16);
        assert_eq!(s.value(), 10.0);
    }

    #[test]
    fn factors_normalise() {
        for x in [
            1.0,
            0.75,
            3.0,
            1e300,
            f64::MAX,
            1e-300,
            5e-324,
            1e-310,
            1000.5,
        ] {
            let (a, b) = normalising_factors(x);
            let y = x * a * b;
            assert!((0.5..1.0).contains(&y), "{x} -> {y}");
        }
        assert_eq!(normalising_factors(0.0), (1.0, 1.0));
    }
}
