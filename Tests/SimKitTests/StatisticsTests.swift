import Testing

@testable import SimKit

@Suite struct StatisticsTests {
    @Test func runningStatisticsOfAHandExample() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5; squared deviations sum to 32, so variance 32/7.
        var s = RunningStatistics()
        for x in [2.0, 4, 4, 4, 5, 5, 7, 9] { s.add(x) }
        #expect(s.count == 8)
        #expect(s.mean == 5)
        #expect(abs(s.variance - 32.0 / 7) < 1e-12)
        #expect(abs(s.standardDeviation - (32.0 / 7).squareRoot()) < 1e-12)
        #expect(s.min == 2)
        #expect(s.max == 9)
    }

    @Test func runningStatisticsEdgeCases() {
        var s = RunningStatistics()
        #expect(s.count == 0 && s.mean == 0 && s.variance == 0)
        s.add(3)
        #expect(s.mean == 3 && s.variance == 0 && s.min == 3 && s.max == 3)
    }

    @Test func runningStatisticsIsStableForLargeOffsets() {
        // Naive sum-of-squares would lose all precision here; Welford keeps it.
        var s = RunningStatistics()
        for x in [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16] { s.add(x) }
        #expect(s.mean == 1e9 + 10)
        #expect(abs(s.variance - 30) < 1e-6)  // deviations ±3, ±6: (9 + 36 + 9 + 36) / 3
    }

    @Test func timeWeightedAverageOfAHandExample() {
        // 0 for 10 s, 2 for 20 s, 1 for 10 s: (0·10 + 2·20 + 1·10) / 40 = 1.25.
        var a = TimeWeightedAverage()
        a.set(2, at: .zero + .seconds(10))
        a.set(1, at: .zero + .seconds(30))
        #expect(a.average(until: .zero + .seconds(40)) == 1.25)
        #expect(a.peak == 2)
        #expect(a.value == 1)
        // Until the last change: (0·10 + 2·20) / 30.
        #expect(abs(a.average(until: .zero + .seconds(30)) - 40.0 / 30) < 1e-12)
    }

    @Test func timeWeightedAverageFromALaterStart() {
        var a = TimeWeightedAverage(initial: 4, at: .zero + .seconds(100))
        #expect(a.average(until: .zero + .seconds(100)) == 4)  // no time has passed: the value itself
        a.set(0, at: .zero + .seconds(101))
        #expect(a.average(until: .zero + .seconds(104)) == 1)  // 4·1 / 4
    }
}
