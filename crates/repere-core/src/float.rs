//! Exact powers of two: the exponent of a number and multiplication by `2^k`.

/// `2^k` for `k` from -1074 (the smallest subnormal number) to 1023, exactly.
pub(crate) fn pow2(k: i32) -> f64 {
    debug_assert!((-1074..=1023).contains(&k), "2^{k} is not a finite double");
    if k >= -1022 {
        // A normal number: biased exponent k + 1023 in [1, 2046], no mantissa bits.
        let biased = u64::from((k.clamp(-1022, 1023) + 1023).unsigned_abs());
        f64::from_bits(biased << 52)
    } else {
        // A subnormal number: the single mantissa bit 2^(k + 1074).
        f64::from_bits(1u64 << (k.clamp(-1074, -1023) + 1074).unsigned_abs())
    }
}

/// `e = ⌊log₂ x⌋` for a positive finite `x` (subnormal included): `x` lies in `[2^e, 2^(e+1))`.
pub(crate) fn exponent(x: f64) -> i32 {
    let bits = x.abs().to_bits();
    let biased = i32::try_from(bits >> 52).unwrap_or(0);
    if biased > 0 {
        biased - 1023
    } else {
        // Subnormal: x = mantissa · 2^-1074, and ⌊log₂ mantissa⌋ is the top bit's position.
        let mantissa = bits & ((1u64 << 52) - 1);
        let top = 63 - i32::try_from(mantissa.leading_zeros()).unwrap_or(63);
        top - 1074
    }
}

/// `x · 2^k`, with one rounding at most: exact whenever the result is a normal number (or a
/// subnormal one with no bit lost), 0 or infinite when it is out of range.
pub(crate) fn scale_by_pow2(x: f64, k: i32) -> f64 {
    if k > 1023 {
        // Scaling up is exact until it overflows: in steps, each by a finite power.
        let (mut x, mut k) = (x, k);
        while k > 1023 {
            x *= pow2(1023);
            k -= 1023;
        }
        x * pow2(k)
    } else if k < -1074 {
        // Only a step that leaves the normal range can round: go down to it first.
        let first = (-1022 - exponent(x)).clamp(-1074, 0);
        let rest = k - first;
        if rest < -1074 {
            0.0 * x
        } else {
            x * pow2(first) * pow2(rest)
        }
    } else {
        x * pow2(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn powers_and_exponents() {
        assert_eq!(pow2(0), 1.0);
        assert_eq!(pow2(-1), 0.5);
        assert_eq!(pow2(1023), 2f64.powi(1023));
        assert_eq!(pow2(-1022), f64::MIN_POSITIVE);
        assert_eq!(pow2(-1074), 5e-324);
        assert_eq!(pow2(-1073), 1e-323);
        for (x, e) in [
            (1.0, 0),
            (1.5, 0),
            (2.0, 1),
            (0.75, -1),
            (3.0, 1),
            (f64::MAX, 1023),
            (1e308, 1023),
            (f64::MIN_POSITIVE, -1022),
            (5e-324, -1074),
            (1e-323, -1073),
            (1.5e-323, -1073),
            (f64::MIN_POSITIVE / 2.0, -1023),
        ] {
            assert_eq!(exponent(x), e, "{x}");
            assert_eq!(exponent(-x), e, "{x}");
            assert!(pow2(e) <= x && (e == 1023 || x < pow2(e + 1)), "{x}");
        }
    }

    #[test]
    fn scaling_is_exact() {
        assert_eq!(scale_by_pow2(5e-324, 1074), 1.0);
        assert_eq!(scale_by_pow2(3.0 * 5e-324, 1074), 3.0);
        assert_eq!(scale_by_pow2(1.0, -1074), 5e-324);
        assert_eq!(scale_by_pow2(1e308, -1023), 1e308 / 2f64.powi(1023));
        assert_eq!(scale_by_pow2(0.75, 2), 3.0);
        assert_eq!(scale_by_pow2(1.0, -1075), 0.0);
        assert_eq!(scale_by_pow2(2.0, -1075), 5e-324);
        assert_eq!(scale_by_pow2(f64::MAX, -2097), 1e-323); // (2 − 2⁻⁵²) units rounds to 2
        assert_eq!(scale_by_pow2(1.0, 2000), f64::INFINITY);
        assert_eq!(scale_by_pow2(f64::MAX, 1), f64::INFINITY);
        assert_eq!(scale_by_pow2(5e-324, 2098), f64::INFINITY);
        assert_eq!(scale_by_pow2(0.0, 2000), 0.0);
    }
}
