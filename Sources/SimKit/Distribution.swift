import Foundation

/// A distribution of durations, in the forms a scenario file can write (DESIGN.md §6).
public enum Distribution: Hashable, Sendable {
    /// Always the same value.
    case constant(SimDuration)
    /// Exponential with the given mean.
    case exponential(mean: SimDuration)
    /// Uniform between two values (inclusive of the lower).
    case uniform(SimDuration, SimDuration)
    /// Lognormal with the given median and 99th percentile.
    case lognormal(median: SimDuration, p99: SimDuration)
    /// Normal, truncated at zero (negative draws are drawn again).
    case normal(mean: SimDuration, stddev: SimDuration)
    /// Points of the cumulative distribution, `(value, probability)` with both increasing and
    /// the last probability 1; values between points are interpolated linearly, and below the
    /// first point from zero at probability zero.
    case empirical([(SimDuration, Double)])

    /// μ and σ of the underlying normal for a lognormal given by its median and 99th percentile.
    @inlinable public static func lognormalParameters(median: SimDuration, p99: SimDuration) -> (
        mu: Double, sigma: Double
    ) {
        let mu = log(max(median.seconds, 1e-9))
        return (mu, max(0, (log(max(p99.seconds, 1e-9)) - mu) / z99))
    }

    /// The standard normal quantile at 0.99.
    public static let z99 = 2.326_347_874_040_841

    /// Draws one duration.
    @inlinable public func sample<G: RandomNumberGenerator>(using rng: inout G) -> SimDuration {
        .seconds(sampleSeconds(using: &rng))
    }

    /// Draws one value in seconds.
    @inlinable public func sampleSeconds<G: RandomNumberGenerator>(using rng: inout G) -> Double {
        switch self {
        case .constant(let d):
            return d.seconds
        case .exponential(let mean):
            return -mean.seconds * log(rng.nextOpenUnit())
        case .uniform(let a, let b):
            return a.seconds + (b.seconds - a.seconds) * rng.nextUnit()
        case .lognormal(let median, let p99):
            let (mu, sigma) = Distribution.lognormalParameters(median: median, p99: p99)
            return exp(mu + sigma * Distribution.standardNormal(using: &rng))
        case .normal(let mean, let sd):
            for _ in 0..<64 {
                let x = mean.seconds + sd.seconds * Distribution.standardNormal(using: &rng)
                if x >= 0 { return x }
            }
            return 0
        case .empirical(let points):
            let u = rng.nextUnit()
            var prevValue = 0.0
            var prevP = 0.0
            for (value, p) in points {
                if u < p {
                    let span = p - prevP
                    let frac = span > 0 ? (u - prevP) / span : 1
                    return prevValue + (value.seconds - prevValue) * frac
                }
                prevValue = value.seconds
                prevP = p
            }
            return points.last?.0.seconds ?? 0
        }
    }

    /// The mean of the distribution, in seconds (for the truncated normal, of the untruncated one
    /// when truncation is negligible, else computed exactly).
    public var meanSeconds: Double {
        switch self {
        case .constant(let d): return d.seconds
        case .exponential(let m): return m.seconds
        case .uniform(let a, let b): return (a.seconds + b.seconds) / 2
        case .lognormal(let median, let p99):
            let (mu, sigma) = Distribution.lognormalParameters(median: median, p99: p99)
            return exp(mu + sigma * sigma / 2)
        case .normal(let m, let s):
            let mu = m.seconds
            let sd = s.seconds
            guard sd > 0 else { return max(mu, 0) }
            let alpha = -mu / sd
            let phi = exp(-alpha * alpha / 2) / (2 * Double.pi).squareRoot()
            let tail = 0.5 * erfc(alpha / 2.0.squareRoot())
            return mu + sd * phi / tail
        case .empirical(let points):
            var mean = 0.0
            var prevV = 0.0
            var prevP = 0.0
            for (v, p) in points {
                mean += (p - prevP) * (prevV + v.seconds) / 2
                prevV = v.seconds
                prevP = p
            }
            return mean
        }
    }

    /// A standard normal draw (Box–Muller, one value per call).
    @inlinable static func standardNormal<G: RandomNumberGenerator>(using rng: inout G) -> Double {
        let u1 = rng.nextOpenUnit()
        let u2 = rng.nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    public static func == (a: Distribution, b: Distribution) -> Bool { a.description == b.description }
    public func hash(into h: inout Hasher) { h.combine(description) }
}

extension Distribution: CustomStringConvertible {
    /// The distribution as a scenario file writes it.
    public var description: String {
        switch self {
        case .constant(let d): return "\"\(d.format())\""
        case .exponential(let m): return "{exponential: \"\(m.format())\"}"
        case .uniform(let a, let b): return "{uniform: [\"\(a.format())\", \"\(b.format())\"]}"
        case .lognormal(let m, let p): return "{lognormal: {median: \"\(m.format())\", p99: \"\(p.format())\"}}"
        case .normal(let m, let s): return "{normal: {mean: \"\(m.format())\", stddev: \"\(s.format())\"}}"
        case .empirical(let pts):
            return "{empirical: [" + pts.map { "[\"\($0.0.format())\", \($0.1)]" }.joined(separator: ", ") + "]}"
        }
    }
}

/// Why a distribution is not valid.
public struct DistributionError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Distribution {
    /// Checks the parameters: order of bounds, median below p99, increasing CDF points ending at 1.
    public func validate() throws(DistributionError) {
        switch self {
        case .constant, .exponential: return
        case .uniform(let a, let b):
            if b < a {
                throw DistributionError("uniform: the upper bound \(b.format()) is below the lower \(a.format())")
            }
        case .lognormal(let m, let p):
            if m.microseconds <= 0 { throw DistributionError("lognormal: median must be above zero") }
            if p < m {
                throw DistributionError("lognormal: p99 \(p.format()) must not be below the median \(m.format())")
            }
        case .normal(_, let sd):
            if sd.microseconds < 0 { throw DistributionError("normal: stddev \(sd.format()) must not be negative") }
        case .empirical(let pts):
            if pts.isEmpty { throw DistributionError("empirical: needs at least one [value, probability] point") }
            var prevV = SimDuration.zero
            var prevP = 0.0
            for (i, (v, p)) in pts.enumerated() {
                if !(0...1).contains(p) {
                    throw DistributionError("empirical: point \(i) has probability \(p), outside 0...1")
                }
                if v < prevV || p < prevP {
                    throw DistributionError(
                        "empirical: points must increase in both value and probability (point \(i))")
                }
                prevV = v
                prevP = p
            }
            if abs(prevP - 1) > 1e-9 {
                throw DistributionError("empirical: the last point's probability must be 1, not \(prevP)")
            }
        }
    }
}
