extension KeyedRandom {
    // NB: fixed-arity forms of `stream(_:)` so the hot path builds no array per draw; each gives
    // exactly the generator the variadic form gives for the same keys.

    @inlinable func mixed(_ h: UInt64, _ k: UInt64) -> UInt64 { SplitMix64.mix(h ^ SplitMix64.mix(k)) }
    @inlinable var root: UInt64 { SplitMix64.mix(seed ^ 0x5EED_5EED_5EED_5EED) }

    @inlinable public func stream(_ a: UInt64) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: mixed(root, a))
    }
    @inlinable public func stream(_ a: UInt64, _ b: UInt64) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: mixed(mixed(root, a), b))
    }
    @inlinable public func stream(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: mixed(mixed(mixed(root, a), b), c))
    }
    @inlinable public func stream(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: mixed(mixed(mixed(mixed(root, a), b), c), d))
    }
    @inlinable public func stream(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64, _ e: UInt64) -> Xoshiro256StarStar
    {
        Xoshiro256StarStar(seed: mixed(mixed(mixed(mixed(mixed(root, a), b), c), d), e))
    }
    @inlinable public func unit(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> Double {
        Double(SplitMix64.mix(mixed(mixed(mixed(root, a), b), c)) >> 11) * 0x1.0p-53
    }
}

extension KeyedRandom {
    /// A light generator for a stream that makes only a few draws (a delivery attempt's network
    /// latency, a service time): SplitMix64 started at the mixed key, one mixing step per draw
    /// instead of the four a xoshiro256** seeding costs. Same keys, same values, any order.
    @inlinable public func few(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> SplitMix64 {
        SplitMix64(seed: mixed(mixed(mixed(mixed(root, a), b), c), d))
    }
    @inlinable public func few(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64, _ e: UInt64) -> SplitMix64 {
        SplitMix64(seed: mixed(mixed(mixed(mixed(mixed(root, a), b), c), d), e))
    }
}
