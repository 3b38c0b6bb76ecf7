/// SplitMix64: a fast 64-bit generator, used here only to expand a seed into a
/// xoshiro256** state and to mix keys.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    @inlinable public init(seed: UInt64) { state = seed }
    @inlinable public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The SplitMix64 finaliser applied to one value: a good 64-bit mixing function.
    @inlinable public static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256**: the generator every draw in a run comes from (Blackman & Vigna).
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    @usableFromInline var s0, s1, s2, s3: UInt64

    /// Seeds the four words of state from SplitMix64, as the authors recommend.
    @inlinable public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
    }

    @inlinable @inline(__always) public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    // NB: masking shifts and forced inlining: a called, checked rotate cost 300 instructions per
    // Jira change in the pipeline benchmark (callgrind).
    @inlinable @inline(__always) func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x &<< k) | (x &>> (64 &- k)) }
}

extension RandomNumberGenerator {
    /// A uniform double in [0, 1) with 53 random bits.
    ///
    /// HookSim maps bits to values itself, because the standard library's algorithm for
    /// `random(in:using:)` may change between Swift versions and so change every result.
    @inlinable public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in (0, 1]: safe to take the logarithm of.
    @inlinable public mutating func nextOpenUnit() -> Double {
        Double((next() >> 11) + 1) * 0x1.0p-53
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift; bias below 2⁻³² for small bounds).
    @inlinable public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// True with probability `p`.
    @inlinable public mutating func nextBool(probability p: Double) -> Bool {
        p > 0 && nextUnit() < p
    }
}

/// Derives independent random streams from a seed and a list of keys.
///
/// A draw that must agree across topologies (the world, the activity, the network latency
/// of one delivery attempt) takes its generator from the keys that say what it is about —
/// `KeyedRandom(seed).stream(Stream.network, changeID, webhookHash, attempt)` — so it does
/// not depend on how many draws happened before it.
public struct KeyedRandom: Sendable, Hashable {
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// A generator for the stream named by `keys`.
    // NB: disfavoured so that fixed-arity overloads of the same name, where they exist, win
    // instead of making a call with literal keys ambiguous.
    @_disfavoredOverload
    @inlinable public func stream(_ keys: UInt64...) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: key(keys))
    }

    /// A generator for the stream named by `keys` (array form).
    @inlinable public func stream(keys: [UInt64]) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: key(keys))
    }

    /// One uniform double in [0, 1) for the given keys: cheaper than a whole stream.
    @inlinable public func unit(_ keys: UInt64...) -> Double {
        Double(SplitMix64.mix(key(keys)) >> 11) * 0x1.0p-53
    }

    @inlinable func key(_ keys: [UInt64]) -> UInt64 {
        var h = SplitMix64.mix(seed ^ 0x5EED_5EED_5EED_5EED)
        for k in keys { h = SplitMix64.mix(h ^ SplitMix64.mix(k)) }
        return h
    }

    /// A stable 64-bit hash of a string (FNV-1a over UTF-8), for keying streams by name.
    ///
    /// Swift's `hashValue` is seeded per process and must never key a draw.
    public static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
