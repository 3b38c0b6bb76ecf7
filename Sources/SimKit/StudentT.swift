import Foundation

/// Student's t distribution: the quantiles a confidence interval of a replication mean needs.
///
/// A sweep has a handful of replications per point, so the normal 1.96 would give intervals that
/// are too narrow (at 5 replications the right factor is 2.776). The quantile is computed from the
/// exact distribution function for integer degrees of freedom (Abramowitz & Stegun 26.7.3–4), by
/// bisection, so every df from 1 up is exact to double precision rather than read off a short
/// table; above 300 df the Cornish–Fisher expansion around the normal quantile is used, whose
/// error there is below 1e-9.
public enum StudentT {
    /// P(T ≤ t) for `df` degrees of freedom (df ≥ 1).
    public static func cdf(_ t: Double, df: Int) -> Double {
        precondition(df >= 1, "Student's t needs at least one degree of freedom")
        let a = centralProbability(abs(t), df: df)
        return t >= 0 ? 0.5 + a / 2 : 0.5 - a / 2
    }

    /// P(|T| < t) for t ≥ 0: the closed forms in cos θ, θ = atan(t/√df).
    static func centralProbability(_ t: Double, df: Int) -> Double {
        let theta = atan(t / Double(df).squareRoot())
        let c = cos(theta)
        let s = sin(theta)
        let c2 = c * c
        if df % 2 == 1 {
            guard df > 1 else { return 2 * theta / Double.pi }
            // NB: sum over k of (2·4···2k)/(3·5···(2k+1)) cos^(2k+1) θ, for 2k+1 ≤ df−2.
            var term = c
            var sum = c
            var k = 1
            while 2 * k + 1 <= df - 2 {
                term *= c2 * Double(2 * k) / Double(2 * k + 1)
                sum += term
                k += 1
            }
            return 2 / Double.pi * (theta + s * sum)
        }
        var term = 1.0
        var sum = 1.0
        var k = 1
        while 2 * k <= df - 2 {
            term *= c2 * Double(2 * k - 1) / Double(2 * k)
            sum += term
            k += 1
        }
        return s * sum
    }

    /// The standard normal quantile, by bisection on `erfc` (only used for large df and tests).
    public static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "a quantile needs 0 < p < 1")
        var lo = -40.0
        var hi = 40.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if 0.5 * erfc(-mid / 2.0.squareRoot()) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// The p-quantile of Student's t with `df` degrees of freedom: t(0.975, 4) = 2.776.
    /// - Parameters:
    ///   - p: in (0, 1).
    ///   - df: at least 1; `Int.max` means the normal limit.
    public static func quantile(_ p: Double, df: Int) -> Double {
        precondition(p > 0 && p < 1, "a quantile needs 0 < p < 1")
        precondition(df >= 1, "Student's t needs at least one degree of freedom")
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, df: df) }
        if df > 300 {
            let z = normalQuantile(p)
            let n = Double(df)
            let z3 = z * z * z
            let z5 = z3 * z * z
            let z7 = z5 * z * z
            let z9 = z7 * z * z
            return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n)
                + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * n * n * n * n)
        }
        var hi = 1.0
        while cdf(hi, df: df) < p { hi *= 2 }
        var lo = 0.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if cdf(mid, df: df) < p { lo = mid } else { hi = mid }
            if hi - lo <= 1e-13 * hi { break }
        }
        return (lo + hi) / 2
    }
}

/// The mean of replicated measurements and its two-sided confidence interval.
///
/// Sweeps, saturation searches and the Erlang C test all compute intervals with this one type,
/// so the test that checks coverage against a known answer checks the code users rely on.
public struct ConfidenceInterval: Sendable, Equatable {
    public var mean: Double
    public var low: Double
    public var high: Double
    /// Number of replications.
    public var n: Int

    /// Mean ± t(1 − α/2, n − 1) · s / √n, summing in the order given so the result is
    /// reproducible bit for bit. With one value the interval is that value (no spread is known).
    /// - Parameter level: confidence level, 0.95 by default.
    public init(_ values: [Double], level: Double = 0.95) {
        n = values.count
        guard n > 0 else {
            mean = 0
            low = 0
            high = 0
            return
        }
        var sum = 0.0
        for v in values { sum += v }
        let m = sum / Double(n)
        mean = m
        guard n > 1 else {
            low = m
            high = m
            return
        }
        var squares = 0.0
        for v in values { squares += (v - m) * (v - m) }
        let sd = (squares / Double(n - 1)).squareRoot()
        let half = StudentT.quantile(1 - (1 - level) / 2, df: n - 1) * sd / Double(n).squareRoot()
        low = m - half
        high = m + half
    }

    /// Half the interval's width: what "± x" shows.
    public var halfWidth: Double { (high - low) / 2 }

    public func contains(_ x: Double) -> Bool { low <= x && x <= high }
}
