import SimKit

/// Aha!'s rate limits as token buckets (DESIGN.md §2): one per limit, each holding at most one
/// period's worth of requests as the limit was written, refilled at the limit's pace. The simulated
/// account (`AhaAdmission`) and `hooksim serve` (`AhaServer.RateLimit`) both answer 429 by it.
struct TokenBuckets {
    let rates: [Rate]
    /// The tokens in each bucket.
    private(set) var tokens: [Double]

    init(_ rates: [Rate]) {
        self.rates = rates
        tokens = rates.map(Self.size)
    }

    /// A bucket holds one period's worth of requests as the limit was written (`"20/s"` holds 20,
    /// `"300/m"` holds 300), at least one: bursts up to the limit, then its pace.
    static func size(_ rate: Rate) -> Double {
        max(1, rate.perSecond * (rate.period ?? .seconds(1)).seconds)
    }

    var isEmpty: Bool { rates.isEmpty }

    /// The buckets `elapsed` seconds later, each filled at `scale` times its limit's pace; returns
    /// the seconds until every bucket holds a token (0 when all do now).
    mutating func refill(after elapsed: Double, scale: Double = 1) -> Double {
        var wait = 0.0
        for (i, rate) in rates.enumerated() {
            let perSecond = rate.perSecond * scale
            tokens[i] = min(Self.size(rate), tokens[i] + elapsed * perSecond)
            if tokens[i] < 1 { wait = max(wait, (1 - tokens[i]) / max(perSecond, 1e-9)) }
        }
        return wait
    }

    /// A request is let through: one token from every bucket.
    mutating func take() {
        for i in tokens.indices { tokens[i] -= 1 }
    }

    /// Every bucket full again.
    mutating func fill() { tokens = rates.map(Self.size) }
}
