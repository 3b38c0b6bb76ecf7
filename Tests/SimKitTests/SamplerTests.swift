import Foundation
import Testing

@testable import SimKit

@Suite struct SamplerTests {
    static func draws(_ d: Distribution, n: Int = 200_000, seed: UInt64 = 11) -> [Double] {
        let s = Sampler(d)
        var rng = Xoshiro256StarStar(seed: seed)
        return (0..<n).map { _ in s.seconds(using: &rng) }.sorted()
    }

    static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }

    /// Lognormal from median 150ms and p99 2s: the sample median and 99th percentile land on the
    /// parameters (within 2%), and the mean on exp(μ + σ²/2).
    @Test func lognormalQuantiles() {
        let x = Self.draws(.lognormal(median: .milliseconds(150), p99: .seconds(2)))
        let median: Double = x[x.count / 2]
        let p99: Double = x[Int(Double(x.count) * 0.99)]
        #expect(abs(median / 0.150 - 1) < 0.02)
        #expect(abs(p99 / 2.0 - 1) < 0.03)
        let mu: Double = log(0.150)
        let sigma: Double = (log(2.0) - mu) / 2.326_347_874
        let expected: Double = exp(mu + sigma * sigma / 2)
        let mean: Double = Self.mean(x)
        #expect(abs(mean / expected - 1) < 0.02)
    }

    /// Polar-method normals: mean 0, variance 1, and the two halves of a pair uncorrelated.
    @Test func polarPairs() {
        var rng = Xoshiro256StarStar(seed: 5)
        var sa = 0.0
        var saa = 0.0
        var sab = 0.0
        let n = 200_000
        for _ in 0..<n {
            let (a, b) = Sampler.normalPair(using: &rng)
            sa += a
            saa += a * a
            sab += a * b
        }
        #expect(abs(sa / Double(n)) < 0.01)
        #expect(abs(saa / Double(n) - 1) < 0.01)
        #expect(abs(sab / Double(n)) < 0.01)
    }

    /// Exponential mean 2s: sample mean 2s and median 2·ln 2 s.
    @Test func exponential() {
        let x = Self.draws(.exponential(mean: .seconds(2)))
        let mean: Double = Self.mean(x)
        let median: Double = x[x.count / 2]
        let expectedMedian: Double = 2 * log(2.0)
        #expect(abs(mean / 2 - 1) < 0.01)
        #expect(abs(median / expectedMedian - 1) < 0.02)
    }

    /// Uniform 5–15 minutes: mean 10 minutes, everything inside the bounds.
    @Test func uniform() {
        let x = Self.draws(.uniform(.minutes(5), .minutes(15)))
        #expect((x.first ?? -1) >= 300)
        #expect((x.last ?? 1e9) < 900)
        let mean: Double = Self.mean(x)
        #expect(abs(mean / 600 - 1) < 0.005)
    }
}
