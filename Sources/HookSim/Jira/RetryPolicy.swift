import SimKit

/// When Jira tries a failed delivery again, and after how long (DESIGN.md §2, Delivery). A new
/// policy is a new case: `delay(after:attempt:rng:)` is the one place the engine asks.
enum RetryPolicy {
    /// Jira's rule: 408, 409, 425, 429, 5xx, connection failure and timeout (status 0) are retried
    /// up to `limit` times after the first attempt, each after a wait drawn from `backoff`; any
    /// other status is final.
    case jira(limit: Int, backoff: Sampler)

    init(_ delivery: DeliverySpec) {
        self = .jira(limit: delivery.retryMax, backoff: Sampler(delivery.retryBackoff))
    }

    /// Whether Jira's rule retries this status (0: no answer, a connection failure or a timeout).
    static func isRetryable(_ status: Int16) -> Bool {
        status == 0 || status == 408 || status == 409 || status == 425 || status == 429 || status >= 500
    }

    /// The wait before the next attempt, after attempt `attempt` (0 for the first) ended with
    /// `status`; nil when Jira gives up. `rng` is drawn from only when it retries.
    @inline(__always) func delay<G: RandomNumberGenerator>(after status: Int16, attempt: Int32, rng: () -> G)
        -> SimDuration?
    {
        switch self {
        case .jira(let limit, let backoff):
            guard Self.isRetryable(status), Int(attempt) < limit else { return nil }
            var g = rng()
            return backoff.duration(using: &g)
        }
    }
}
