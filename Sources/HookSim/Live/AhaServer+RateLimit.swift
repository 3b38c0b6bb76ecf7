import SimKit

extension AhaServer {
    /// The rate-limit buckets of `hooksim serve`: one per `aha.processing.rateLimits` entry, refilled
    /// in real time scaled by `--time-scale`.
    struct RateLimit {
        let rates: [Rate]
        /// The tokens in each bucket at `refilledAt`.
        var tokens: [Double]
        /// Uptime nanoseconds of the last refill.
        var refilledAt: UInt64

        init(rates: [Rate], now: UInt64) {
            self.rates = rates
            tokens = rates.map { AhaAdmission.bucketSize($0) }
            refilledAt = now
        }

        /// Takes one token from every bucket, or returns the whole seconds until all hold one.
        mutating func take(_ now: UInt64, timeScale: Double) -> Int? {
            guard !rates.isEmpty else { return nil }
            let elapsed = Double(now &- refilledAt) / 1e9
            refilledAt = now
            var wait = 0.0
            for (i, rate) in rates.enumerated() {
                let perSecond = rate.perSecond * timeScale
                tokens[i] = min(AhaAdmission.bucketSize(rate), tokens[i] + elapsed * perSecond)
                if tokens[i] < 1 { wait = max(wait, (1 - tokens[i]) / max(perSecond, 1e-9)) }
            }
            if wait > 0 { return max(1, Int(wait.rounded(.up))) }
            for i in tokens.indices { tokens[i] -= 1 }
            return nil
        }

        /// Every bucket full again (`POST /admin/reset`).
        mutating func refill() { tokens = rates.map { AhaAdmission.bucketSize($0) } }
    }
}
