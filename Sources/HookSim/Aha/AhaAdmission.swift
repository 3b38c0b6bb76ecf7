import SimKit

/// What an Aha! endpoint answers a request before any worker sees it: 503 during an outage, 429
/// past a rate limit or the queue limit, otherwise 202 (queued for a worker, acknowledged at once).
struct AhaAdmission {
    private(set) var outageUntil: SimTime = .zero
    /// One token bucket per rate limit, each holding at most one period's worth of requests.
    private var tokens: [Double]
    private var tokensAt: SimTime = .zero
    private let rates: [Rate]
    private let queueLimit: Int?

    init(_ processing: ProcessingSpec) {
        rates = processing.rateLimits
        queueLimit = processing.queueLimit
        tokens = rates.map { Self.bucketSize($0) }
    }

    /// A bucket holds one period's worth of requests as the limit was written (`"20/s"` holds 20,
    /// `"300/m"` holds 300): bursts up to the limit, then its pace.
    static func bucketSize(_ rate: Rate) -> Double {
        max(1, rate.perSecond * (rate.period ?? .seconds(1)).seconds)
    }

    /// The timeline's `outage`: every endpoint answers 503 until `now + span` (overlapping outages join).
    mutating func outage(from now: SimTime, for span: SimDuration) {
        outageUntil = max(outageUntil, now + span)
    }

    /// The status a request arriving at `now` is answered with; a 202 takes a token of every limit.
    /// `idleWorker` and `waiting` describe the processing queue: the limit is on requests waiting,
    /// so one an idle worker takes at once does not wait.
    @inline(__always) mutating func answer(at now: SimTime, idleWorker: Bool, waiting: Int) -> Int16 {
        if now < outageUntil { return 503 }
        if !tokens.isEmpty {
            let elapsed = (now - tokensAt).seconds
            tokensAt = now
            var allowed = true
            for (i, rate) in rates.enumerated() {
                tokens[i] = min(Self.bucketSize(rate), tokens[i] + elapsed * rate.perSecond)
                if tokens[i] < 1 { allowed = false }
            }
            guard allowed else { return 429 }
            for i in tokens.indices { tokens[i] -= 1 }
        }
        if let limit = queueLimit, !idleWorker, waiting >= limit { return 429 }
        return 202
    }
}
