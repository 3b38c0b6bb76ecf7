import SimKit
import Testing

/// Confidence intervals against a known answer: the mean time in system of an M/M/2 queue.
///
/// λ = 1.6, μ = 1, c = 2: offered load a = 1.6, ρ = 0.8. Erlang C gives the chance of waiting
/// P = (a²/2!)/(1−ρ) / (1 + a + (a²/2!)/(1−ρ)) = 6.4 / 9 and the mean wait Wq = P/(cμ − λ) = 16/9,
/// so the mean time in system is W = Wq + 1/μ = 25/9 ≈ 2.778. Each replication estimates W by
/// batch means (customers in a queue are correlated; batches of 1,000 are nearly independent)
/// and builds its 95% interval with `ConfidenceInterval`, the code sweeps use. About 95 of 100
/// intervals should cover W; the test accepts 90…99.
@Suite struct ErlangCTests {
    static let exact = 25.0 / 9.0

    /// One replication: FCFS M/M/c customers, each taking the server that frees first.
    static func replication(seed: UInt64, warmup: Int, batches: Int, batchSize: Int) -> ConfidenceInterval {
        var rng = Xoshiro256StarStar(seed: seed)
        let arrivals = Distribution.exponential(mean: .seconds(1 / 1.6))
        let service = Distribution.exponential(mean: .seconds(1.0))
        var free = [SimTime.zero, SimTime.zero]
        var now = SimTime.zero
        var means: [Double] = []
        var sum = 0.0
        var inBatch = 0
        for i in 0..<(warmup + batches * batchSize) {
            now = now + arrivals.sample(using: &rng)
            let server = free[0] <= free[1] ? 0 : 1
            let start = max(now, free[server])
            free[server] = start + service.sample(using: &rng)
            guard i >= warmup else { continue }
            sum += Double((free[server] - now).microseconds) / 1e6
            inBatch += 1
            if inBatch == batchSize {
                means.append(sum / Double(batchSize))
                sum = 0
                inBatch = 0
            }
        }
        return ConfidenceInterval(means)
    }

    @Test func intervalsCoverErlangC() {
        var covered = 0
        for r in 0..<100 {
            let ci = Self.replication(
                seed: SplitMix64.mix(2024 ^ UInt64(r)), warmup: 1_000, batches: 20, batchSize: 1_000)
            if ci.contains(Self.exact) { covered += 1 }
        }
        #expect((90...99).contains(covered), "covered \(covered) of 100")
    }
}
