import Foundation

/// A distribution prepared for drawing many values: parameters that cost a logarithm (the
/// lognormal's μ and σ) are worked out once, and normal draws use Marsaglia's polar method
/// (one logarithm and one square root per pair, no trigonometry).
///
/// Use it on hot paths; `Distribution.sample(using:)` stays the simple reference form. Both
/// follow the same distribution, though not the same sequence of values for a given generator.
public struct Sampler: Sendable {
    @usableFromInline enum Form: Sendable {
        case constant(Double)
        case exponential(mean: Double)
        case uniform(low: Double, width: Double)
        case lognormal(mu: Double, sigma: Double)
        case normal(mean: Double, sd: Double)
        case other(Distribution)
    }

    @usableFromInline let form: Form

    public init(_ d: Distribution) {
        switch d {
        case .constant(let c): form = .constant(c.seconds)
        case .exponential(let m): form = .exponential(mean: m.seconds)
        case .uniform(let a, let b): form = .uniform(low: a.seconds, width: b.seconds - a.seconds)
        case .lognormal(let median, let p99):
            let (mu, sigma) = Distribution.lognormalParameters(median: median, p99: p99)
            form = .lognormal(mu: mu, sigma: sigma)
        case .normal(let m, let s): form = .normal(mean: m.seconds, sd: s.seconds)
        case .empirical: form = .other(d)
        }
    }

    /// A pair of independent standard normal values (Marsaglia's polar method).
    @inlinable public static func normalPair<G: RandomNumberGenerator>(using rng: inout G) -> (Double, Double) {
        while true {
            let u = 2 * rng.nextUnit() - 1
            let v = 2 * rng.nextUnit() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let f = (-2 * log(s) / s).squareRoot()
                return (u * f, v * f)
            }
        }
    }

    /// One value in seconds.
    @inlinable public func seconds<G: RandomNumberGenerator>(using rng: inout G) -> Double {
        switch form {
        case .constant(let c): return c
        case .exponential(let mean): return -mean * log(rng.nextOpenUnit())
        case .uniform(let low, let width): return low + width * rng.nextUnit()
        case .lognormal(let mu, let sigma):
            if sigma == 0 { return exp(mu) }
            return exp(mu + sigma * Sampler.normalPair(using: &rng).0)
        case .normal(let mean, let sd):
            for _ in 0..<32 {
                let (a, b) = Sampler.normalPair(using: &rng)
                if mean + sd * a >= 0 { return mean + sd * a }
                if mean + sd * b >= 0 { return mean + sd * b }
            }
            return 0
        case .other(let d): return d.sampleSeconds(using: &rng)
        }
    }

    /// Two independent values in seconds; for the normal family both halves of one polar draw
    /// are used, so a pair costs hardly more than one value.
    @inlinable public func pair<G: RandomNumberGenerator>(using rng: inout G) -> (SimDuration, SimDuration) {
        switch form {
        case .lognormal(let mu, let sigma) where sigma > 0:
            let (a, b) = Sampler.normalPair(using: &rng)
            return (.seconds(exp(mu + sigma * a)), .seconds(exp(mu + sigma * b)))
        default:
            let a = seconds(using: &rng)
            return (.seconds(a), .seconds(seconds(using: &rng)))
        }
    }

    /// One duration.
    @inlinable public func duration<G: RandomNumberGenerator>(using rng: inout G) -> SimDuration {
        .seconds(seconds(using: &rng))
    }
}
