import SimKit

/// What an Aha! endpoint answers a request before any worker sees it: 503 during an outage, 429
/// past a rate limit or the queue limit, otherwise 202 (queued for a worker, acknowledged at once).
struct AhaAdmission {
    private(set) var outageUntil: SimTime = .zero
    /// One token bucket per rate limit.
    private var buckets: TokenBuckets
    private var refilledAt: SimTime = .zero
    private let queueLimit: Int?

    init(_ processing: ProcessingSpec) {
        buckets = TokenBuckets(processing.rateLimits)
        queueLimit = processing.queueLimit
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
        if !buckets.isEmpty {
            let elapsed = (now - refilledAt).seconds
            refilledAt = now
            guard buckets.refill(after: elapsed) == 0 else { return 429 }
            buckets.take()
        }
        if let limit = queueLimit, !idleWorker, waiting >= limit { return 429 }
        return 202
    }
}
