import Testing

@testable import SimKit

@Suite struct RandomTests {
    // Reference outputs computed with an independent implementation of the published algorithms
    // (Vigna's splitmix64.c and xoshiro256starstar.c); SplitMix64(1234567) is the usual test vector.
    @Test func splitMix64MatchesTheReference() {
        var a = SplitMix64(seed: 1_234_567)
        #expect(
            [a.next(), a.next(), a.next()] == [
                6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            ])
        var b = SplitMix64(seed: 0)
        #expect(
            [b.next(), b.next(), b.next()] == [
                16_294_208_416_658_607_535, 7_960_286_522_194_355_700, 487_617_019_471_545_679,
            ])
        #expect(SplitMix64.mix(0) == 16_294_208_416_658_607_535)
    }

    @Test func xoshiroMatchesTheReference() {
        var g = Xoshiro256StarStar(seed: 42)
        #expect(
            [g.next(), g.next(), g.next()] == [
                1_546_998_764_402_558_742, 6_990_951_692_964_543_102, 12_544_586_762_248_559_009,
            ])
    }

    @Test(arguments: [UInt64(0), 1, 42, .max])
    func sameSeedSameDraws(seed: UInt64) {
        var a = Xoshiro256StarStar(seed: seed)
        var b = Xoshiro256StarStar(seed: seed)
        for _ in 0..<1_000 { #expect(a.next() == b.next()) }
    }

    @Test func differentSeedsDifferentDraws() {
        var a = Xoshiro256StarStar(seed: 1)
        var b = Xoshiro256StarStar(seed: 2)
        let same = (0..<1_000).filter { _ in a.next() == b.next() }.count
        #expect(same == 0)
    }

    @Test func unitRanges() {
        var g = Xoshiro256StarStar(seed: 3)
        var sum = 0.0
        for _ in 0..<100_000 {
            let u = g.nextUnit()
            #expect(u >= 0 && u < 1)
            let v = g.nextOpenUnit()
            #expect(v > 0 && v <= 1)
            sum += u
        }
        // Mean of U(0,1) is 1/2, standard error 1/sqrt(12 n) ≈ 0.0009.
        #expect(abs(sum / 100_000 - 0.5) < 0.005)
    }

    @Test func unitMapsBitsAsDocumented() {
        // The top 53 bits scaled by 2^-53: all ones is the largest double below 1.
        struct Fixed: RandomNumberGenerator {
            var value: UInt64
            mutating func next() -> UInt64 { value }
        }
        var ones = Fixed(value: .max)
        #expect(ones.nextUnit() == 1 - 0x1p-53)
        #expect(ones.nextOpenUnit() == 1)
        var zeros = Fixed(value: 0)
        #expect(zeros.nextUnit() == 0)
        #expect(zeros.nextOpenUnit() == 0x1p-53)
    }

    @Test func nextIntIsInRangeAndEven() {
        var g = Xoshiro256StarStar(seed: 9)
        var counts = [Int](repeating: 0, count: 6)
        let n = 60_000
        for _ in 0..<n {
            let k = g.nextInt(below: 6)
            #expect((0..<6).contains(k))
            counts[k] += 1
        }
        // Chi-square with 5 degrees of freedom; the 0.999 quantile is 20.5.
        let expected = Double(n) / 6
        let chi2 = counts.map { (Double($0) - expected) * (Double($0) - expected) / expected }.reduce(0, +)
        #expect(chi2 < 20.5)
    }

    @Test func nextBoolHasTheGivenProbability() {
        var g = Xoshiro256StarStar(seed: 11)
        let n = 100_000
        let hits = (0..<n).filter { _ in g.nextBool(probability: 0.3) }.count
        // Standard error sqrt(0.3 · 0.7 / n) ≈ 0.00145.
        #expect(abs(Double(hits) / Double(n) - 0.3) < 0.006)
        #expect(!(0..<1_000).contains { _ in g.nextBool(probability: 0) })
        #expect((0..<1_000).allSatisfy { _ in g.nextBool(probability: 1) })
    }

    @Test func keyedStreamsAreReproducibleAndDistinct() {
        let r = KeyedRandom(seed: 5)
        var a = r.stream(1, 2, 3)
        var a2 = r.stream(keys: [1, 2, 3])
        #expect((0..<100).allSatisfy { _ in a.next() == a2.next() })
        let firsts: [UInt64] = [
            r.stream(1, 2, 3), r.stream(3, 2, 1), r.stream(1, 2), r.stream(1, 2, 4),
            KeyedRandom(seed: 6).stream(1, 2, 3),
            r.stream(),
        ].map {
            var g = $0
            return g.next()
        }
        #expect(Set(firsts).count == firsts.count)
    }

    @Test func keyedDrawsDoNotDependOnDrawOrder() {
        // The draw for a key is the same whether it is made first, last, or alone.
        let r = KeyedRandom(seed: 2024)
        let keys: [UInt64] = Array(0..<100)
        let forward = keys.map { r.unit($0, 7) }
        var rng = Xoshiro256StarStar(seed: 1)
        var shuffled = keys
        shuffled.shuffle(using: &rng)
        var byKey = [Double](repeating: -1, count: keys.count)
        for k in shuffled { byKey[Int(k)] = r.unit(k, 7) }
        #expect(byKey == forward)
        // Streams too: interleaving draws from two streams does not change either.
        var a = r.stream(1)
        var b = r.stream(2)
        let interleaved = (0..<10).map { _ in (a.next(), b.next()) }
        var a2 = r.stream(1)
        var b2 = r.stream(2)
        #expect(interleaved.map(\.0) == (0..<10).map { _ in a2.next() })
        #expect(interleaved.map(\.1) == (0..<10).map { _ in b2.next() })
    }

    @Test func keyedUnitsAreUniform() {
        let r = KeyedRandom(seed: 77)
        let n = 100_000
        let mean = (0..<UInt64(n)).map { r.unit($0) }.reduce(0, +) / Double(n)
        #expect(abs(mean - 0.5) < 0.005)
    }

    @Test func stringHashIsFNV1a() {
        // Published FNV-1a 64-bit test vectors.
        #expect(KeyedRandom.hash("") == 0xCBF2_9CE4_8422_2325)
        #expect(KeyedRandom.hash("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(KeyedRandom.hash("foobar") == 0x8594_4171_F739_67E8)
    }
}
