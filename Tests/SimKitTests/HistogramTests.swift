import Foundation
import Testing

@testable import SimKit

@Suite struct HistogramTests {
    /// The q-quantile of sorted values: the smallest value with at least q of them at or below it.
    func exactQuantile(_ sorted: [Int64], _ q: Double) -> Double {
        Double(sorted[max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1)])
    }

    enum Shape: String, CaseIterable, Sendable {
        case uniform, exponential, lognormal, bimodal, smallIntegers, constant, powersOfTwo
    }

    func values(_ shape: Shape, count n: Int = 100_000) -> [Int64] {
        var rng = Xoshiro256StarStar(seed: 99)
        switch shape {
        case .uniform: return (0..<n).map { _ in Int64(rng.nextInt(below: 10_000_000)) }
        case .exponential: return (0..<n).map { _ in Int64(-250_000 * log(rng.nextOpenUnit())) }
        case .lognormal:
            let d = Distribution.lognormal(median: .milliseconds(150), p99: .seconds(20))
            return (0..<n).map { _ in d.sample(using: &rng).microseconds }
        case .bimodal:
            // 90% fast (≈ 5 ms), 10% slow (≈ 30 s): percentiles straddle a huge gap.
            return (0..<n).map { _ in
                rng.nextBool(probability: 0.9)
                    ? 4_000 + Int64(rng.nextInt(below: 2_000)) : 29_000_000 + Int64(rng.nextInt(below: 2_000_000))
            }
        case .smallIntegers: return (0..<n).map { _ in Int64(rng.nextInt(below: 100)) }
        case .constant: return [Int64](repeating: 123_456_789, count: n)
        case .powersOfTwo: return (0..<n).map { _ in Int64(1) << Int64(rng.nextInt(below: 40)) }
        }
    }

    @Test(arguments: Shape.allCases)
    func quantilesWithinOnePercentOfExact(shape: Shape) {
        let xs = values(shape)
        var h = Histogram()
        for x in xs { h.record(x) }
        let sorted = xs.sorted()
        for q in [0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0] {
            let exact = exactQuantile(sorted, q)
            let got = h.quantile(q)
            if exact == 0 {
                #expect(got == 0, "\(shape) q=\(q)")
            } else {
                #expect(abs(got - exact) / exact <= 0.01, "\(shape) q=\(q): \(got) vs \(exact)")
            }
        }
        #expect(h.count == UInt64(xs.count))
        #expect(h.max == sorted.last!)
        #expect(h.min == sorted.first!)
        // The mean is exact: the histogram keeps the sum.
        let mean = Double(xs.reduce(0, +)) / Double(xs.count)
        #expect(abs(h.mean - mean) <= 1e-9 * mean)
    }

    @Test func smallValuesAreExact() {
        var h = Histogram()
        for v in [3, 1, 2, 127, 0] as [Int64] { h.record(v) }
        #expect(h.quantile(0.2) == 0)
        #expect(h.quantile(0.4) == 1)
        #expect(h.quantile(0.6) == 2)
        #expect(h.quantile(0.8) == 3)
        #expect(h.quantile(1) == 127)
    }

    @Test func emptyAndNegative() {
        var h = Histogram()
        #expect(h.quantile(0.5) == 0 && h.mean == 0 && h.count == 0)
        h.record(-5)  // recorded as zero
        #expect(h.count == 1 && h.max == 0 && h.quantile(0.5) == 0)
    }

    @Test func mergeEqualsRecordingEverything() {
        let a = values(.lognormal, count: 10_000)
        let b = values(.bimodal, count: 10_000)
        var ha = Histogram()
        var hb = Histogram()
        var hall = Histogram()
        for x in a {
            ha.record(x)
            hall.record(x)
        }
        for x in b {
            hb.record(x)
            hall.record(x)
        }
        ha.merge(hb)
        #expect(ha.count == hall.count && ha.max == hall.max && ha.min == hall.min)
        #expect(ha.buckets().map(\.count) == hall.buckets().map(\.count))
        for q in [0.5, 0.9, 0.99] { #expect(ha.quantile(q) == hall.quantile(q)) }
    }

    @Test func bucketsAreIncreasingAndCountEverything() {
        let xs = values(.exponential, count: 20_000)
        var h = Histogram()
        for x in xs { h.record(x) }
        let buckets = h.buckets()
        #expect(buckets.map(\.count).reduce(0, +) == UInt64(xs.count))
        #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.upper < $1.upper })
        // Every value lies below its bucket's upper bound, and the largest value is in the last bucket.
        #expect(Double(h.max) < buckets.last!.upper)
    }
}
