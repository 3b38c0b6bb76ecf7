import SimKit

extension AhaServer {
    /// The rate-limit buckets of `hooksim serve`: one per `aha.processing.rateLimits` entry, refilled
    /// in real time scaled by `--time-scale`.
    struct RateLimit {
        private(set) var buckets: TokenBuckets
        /// Uptime nanoseconds of the last refill.
        var refilledAt: UInt64

        init(rates: [Rate], now: UInt64) {
            buckets = TokenBuckets(rates)
            refilledAt = now
        }

        /// Takes one token from every bucket, or returns the whole seconds until all hold one.
        mutating func take(_ now: UInt64, timeScale: Double) -> Int? {
            guard !buckets.isEmpty else { return nil }
            let elapsed = Double(now &- refilledAt) / 1e9
            refilledAt = now
            let wait = buckets.refill(after: elapsed, scale: timeScale)
            if wait > 0 { return max(1, Int(wait.rounded(.up))) }
            buckets.take()
            return nil
        }

        /// Every bucket full again (`POST /admin/reset`).
        mutating func refill() { buckets.fill() }
    }
}
