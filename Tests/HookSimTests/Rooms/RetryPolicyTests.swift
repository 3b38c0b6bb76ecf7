import SimKit
import Testing

@testable import HookSim

@Suite struct RetryPolicyTests {
    /// JIRA-WEBHOOKS.md: Cloud retries 408, 409, 425, 429, any 5xx, a connection failure and a
    /// timeout (status 0 here); every other status is final.
    @Test func retryableStatusesAreJiras() {
        for s: Int16 in [0, 408, 409, 425, 429, 500, 502, 503, 504] { #expect(RetryPolicy.isRetryable(s), "\(s)") }
        for s: Int16 in [200, 202, 301, 400, 401, 403, 404, 410, 422] { #expect(!RetryPolicy.isRetryable(s), "\(s)") }
    }

    /// With a limit of 2 and a constant 5-minute backoff: attempts 0 and 1 are retried after 300 s,
    /// attempt 2 is the last; a final status is never retried and draws nothing.
    @Test func limitAndBackoff() {
        let policy = RetryPolicy.jira(limit: 2, backoff: Sampler(.constant(.minutes(5))))
        var draws = 0
        let rng = { () -> SplitMix64 in
            draws += 1
            return SplitMix64(seed: 1)
        }
        #expect(policy.delay(after: 503, attempt: 0, rng: rng) == .seconds(300))
        #expect(policy.delay(after: 0, attempt: 1, rng: rng) == .seconds(300))
        #expect(policy.delay(after: 503, attempt: 2, rng: rng) == nil)
        #expect(policy.delay(after: 404, attempt: 0, rng: rng) == nil)
        #expect(draws == 2)
    }

    /// Built from a scenario's delivery: Data Center's documented default never retries.
    @Test func dataCenterDefaultNeverRetries() {
        let policy = RetryPolicy(DeliverySpec.defaults(for: .datacenter))
        #expect(policy.delay(after: 503, attempt: 0) { SplitMix64(seed: 1) } == nil)
    }
}
