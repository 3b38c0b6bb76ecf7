import Foundation
import Testing

@testable import SimKit

@Suite struct DistributionTests {
    static let draws = 200_000

    /// `draws` samples in seconds, sorted.
    func sortedSamples(_ d: Distribution, seed: UInt64 = 1) -> [Double] {
        var rng = Xoshiro256StarStar(seed: seed)
        return (0..<Self.draws).map { _ in d.sample(using: &rng).seconds }.sorted()
    }

    /// The q-quantile of sorted values: the smallest value with at least q of them at or below it.
    func quantile(_ sorted: [Double], _ q: Double) -> Double {
        sorted[max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1)]
    }

    func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }

    func close(_ x: Double, _ expected: Double, within relative: Double) -> Bool {
        abs(x - expected) <= relative * abs(expected)
    }

    @Test func exponential() {
        // Mean 2 s; p90 = −2 ln(0.1) = 2 ln 10 = 4.6052 s.
        let d = Distribution.exponential(mean: .seconds(2))
        let xs = sortedSamples(d)
        #expect(close(mean(xs), 2, within: 0.01))
        #expect(close(quantile(xs, 0.9), 2 * log(10.0), within: 0.015))
        #expect(d.meanSeconds == 2)
        #expect(xs.first! >= 0)
    }

    @Test func uniform() {
        // U(300 s, 900 s): mean 600 s, p25 = 300 + 0.25 · 600 = 450 s.
        let d = Distribution.uniform(.minutes(5), .minutes(15))
        let xs = sortedSamples(d)
        #expect(close(mean(xs), 600, within: 0.005))
        #expect(close(quantile(xs, 0.25), 450, within: 0.01))
        #expect(xs.first! >= 300 && xs.last! <= 900)
        #expect(d.meanSeconds == 600)
    }

    @Test func lognormalFromMedianAndP99() {
        // median 0.15 s, p99 2 s: σ = ln(2/0.15)/z₀.₉₉ = 1.11345, mean = 0.15 · e^(σ²/2) = 0.278807 s.
        let d = Distribution.lognormal(median: .milliseconds(150), p99: .seconds(2))
        let xs = sortedSamples(d)
        #expect(close(mean(xs), 0.278_807, within: 0.02))
        #expect(close(quantile(xs, 0.5), 0.15, within: 0.01))
        #expect(close(quantile(xs, 0.99), 2, within: 0.03))
        #expect(close(d.meanSeconds, 0.278_807, within: 1e-5))
    }

    @Test func normalTruncatedAtZero() {
        // N(1 s, 1 s) cut at 0 (α = −1): mean = 1 + φ(1)/Φ(1) = 1.287600 s;
        // median = 1 + Φ⁻¹(Φ(−1) + 0.5 (1 − Φ(−1))) = 1.200174 s; p90 = 2.377787 s.
        let d = Distribution.normal(mean: .seconds(1), stddev: .seconds(1))
        let xs = sortedSamples(d)
        #expect(xs.first! >= 0)
        #expect(close(mean(xs), 1.287_600, within: 0.01))
        #expect(close(quantile(xs, 0.5), 1.200_174, within: 0.015))
        #expect(close(quantile(xs, 0.9), 2.377_787, within: 0.015))
        #expect(close(d.meanSeconds, 1.287_600, within: 1e-5))
    }

    @Test func normalWithNegligibleTruncation() {
        // N(1 s, 0.2 s): mean 1 s, p84.13 = 1 + 0.2 = 1.2 s (one standard deviation).
        let d = Distribution.normal(mean: .seconds(1), stddev: .milliseconds(200))
        let xs = sortedSamples(d)
        #expect(close(mean(xs), 1, within: 0.005))
        #expect(close(quantile(xs, 0.841_345), 1.2, within: 0.01))
    }

    @Test func empirical() {
        // CDF through (0, 0), (0.1 s, 0.5), (1 s, 0.9), (2 s, 1), linear between.
        // Mean = 0.5 · 0.05 + 0.4 · 0.55 + 0.1 · 1.5 = 0.395 s; p75 = 0.1 + (0.25/0.4) · 0.9 = 0.6625 s;
        // p95 = 1 + (0.05/0.1) · 1 = 1.5 s.
        let d = Distribution.empirical([(.milliseconds(100), 0.5), (.seconds(1), 0.9), (.seconds(2), 1.0)])
        let xs = sortedSamples(d)
        #expect(close(mean(xs), 0.395, within: 0.01))
        #expect(close(quantile(xs, 0.75), 0.6625, within: 0.01))
        #expect(close(quantile(xs, 0.95), 1.5, within: 0.01))
        #expect(xs.last! <= 2)
        #expect(close(d.meanSeconds, 0.395, within: 1e-12))
    }

    @Test func empiricalStepAtTheFirstPoint() {
        // A first point with probability 0 means no value below it: U(1 s, 3 s).
        let d = Distribution.empirical([(.seconds(1), 0), (.seconds(3), 1)])
        let xs = sortedSamples(d)
        #expect(xs.first! >= 1)
        #expect(close(mean(xs), 2, within: 0.005))
        #expect(d.meanSeconds == 2)
    }

    @Test func constant() {
        let d = Distribution.constant(.seconds(3))
        var rng = Xoshiro256StarStar(seed: 1)
        #expect((0..<1_000).allSatisfy { _ in d.sample(using: &rng) == .seconds(3) })
        #expect(d.meanSeconds == 3)
    }

    @Test func sameSeedSameSamples() {
        let d = Distribution.lognormal(median: .milliseconds(150), p99: .seconds(2))
        var a = Xoshiro256StarStar(seed: 8)
        var b = Xoshiro256StarStar(seed: 8)
        #expect((0..<1_000).allSatisfy { _ in d.sample(using: &a) == d.sample(using: &b) })
    }

    @Test(arguments: [
        (Distribution.uniform(.seconds(2), .seconds(1)), "upper bound 1s is below the lower 2s"),
        (.lognormal(median: .zero, p99: .seconds(1)), "median must be above zero"),
        (.lognormal(median: .seconds(2), p99: .seconds(1)), "must not be below the median"),
        (.normal(mean: .seconds(1), stddev: .seconds(-1)), "must not be negative"),
        (.empirical([]), "at least one"),
        (.empirical([(.seconds(1), 0.5)]), "must be 1"),
        (.empirical([(.seconds(2), 0.5), (.seconds(1), 1)]), "must increase"),
        (.empirical([(.seconds(1), 1.5)]), "outside 0...1"),
    ])
    func validateRejects(d: Distribution, messagePart: String) {
        #expect {
            try d.validate()
        } throws: { error in
            (error as? DistributionError)?.message.contains(messagePart) == true
        }
    }

    @Test func validateAcceptsGoodParameters() throws {
        try Distribution.uniform(.seconds(1), .seconds(1)).validate()
        try Distribution.lognormal(median: .seconds(1), p99: .seconds(1)).validate()
        try Distribution.empirical([(.seconds(1), 0.5), (.seconds(1), 1)]).validate()
    }

    @Test func descriptionIsTheScenarioSpelling() {
        #expect(Distribution.exponential(mean: .seconds(2)).description == "{exponential: \"2s\"}")
        #expect(Distribution.constant(.milliseconds(250)).description == "\"250ms\"")
    }
}
