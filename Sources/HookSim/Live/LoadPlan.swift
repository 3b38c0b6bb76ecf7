import SimKit

/// One request of a load run: the first attempt of one simulated delivery.
struct LoadRequest: Sendable {
    /// Simulated send time of the first attempt.
    var due: SimTime
    /// Position in the whole schedule (before sharding): shard membership and retry draws are keyed by it.
    var index: Int
    var webhook: String
    var integrationID: String
    /// The integration's `webhookUrl` or HookSim's stand-in, for `--target as-configured`.
    var configuredURL: String
    var instance: Int
    var identifier: String
    /// What the body is written from, when it is sent: a snapshot is a tenth of a body's bytes, so
    /// a long schedule holds ten times more requests in the same memory.
    var snapshot: ChangeSnapshot
    var kind: EventKind
    /// The integration's `secret`: the body is then signed (`X-Hub-Signature`), as Jira's admin webhooks do.
    var secret: String?

    /// The body, byte for byte what `trace` writes for this attempt.
    func body(_ instances: [PayloadInstance]) -> [UInt8] {
        var w = ByteJSON(capacity: 2048)
        JiraPayload.body(snapshot, kind: kind, instance: instances[snapshot.instance], into: &w)
        return w.bytes
    }
}

/// `--shard K/N`: every N-th delivery of the schedule, starting at the K-th (1-based).
struct Shard: Equatable, Sendable, CustomStringConvertible {
    var k: Int
    var n: Int

    /// `K/N` with 1 ≤ K ≤ N, or nil.
    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else { return nil }
        self.k = k
        self.n = n
    }

    func contains(_ index: Int) -> Bool { index % n == k - 1 }
    var description: String { "\(k)/\(n)" }
}

/// What `load` sends: the topology's first attempts in send order, from the same probe run as `trace`
/// (so the bytes are those `trace` writes), cut to `--max-requests` and then to the shard.
///
/// Cutting before sharding makes the shards of one command line a partition of exactly the requests
/// the unsharded command sends.
struct LoadPlan: Sendable {
    var scenario: String
    var topology: String
    var requests: [LoadRequest]
    /// Requests of the whole schedule (all shards).
    var total: Int
    /// Simulated time from the first to the last due request of the whole schedule.
    var span: SimDuration
    var first: SimTime
    /// Per Jira instance: how it delivers (kind, retries, backoff, timeout).
    var delivery: [(kind: JiraKind, spec: DeliverySpec)]
    /// Per Jira instance: what bodies need of it (names, ids, base URL).
    var instances: [PayloadInstance]
    var seed: UInt64

    /// Simulates topology `index` and keeps the first attempts.
    static func build(
        _ scenario: Scenario, topology index: Int, maxRequests: Int?, shard: Shard?,
        interrupted: @escaping () -> Bool = { false }
    ) throws(SimulationError) -> LoadPlan {
        var requests: [LoadRequest] = []
        var total = 0
        var first = SimTime.zero
        var last = SimTime.zero
        let limit = maxRequests ?? Int.max
        _ = try Tracer.run(scenario, topology: index, interrupted: interrupted) { entry in
            guard entry.attempt == 1 else { return true }
            if total == 0 { first = entry.sentAt }
            last = entry.sentAt
            if shard?.contains(total) ?? true {
                requests.append(
                    LoadRequest(
                        due: entry.sentAt, index: total, webhook: entry.hook.name,
                        integrationID: entry.hook.integrationID, configuredURL: entry.hook.url,
                        instance: entry.snapshot.instance,
                        identifier: TraceWriter.identifier(entry, seed: scenario.seed),
                        snapshot: entry.snapshot, kind: entry.key.kind, secret: entry.hook.secret))
            }
            total += 1
            return total < limit
        }
        return LoadPlan(
            scenario: scenario.name, topology: scenario.topologies[index].name, requests: requests, total: total,
            span: last - first, first: first, delivery: scenario.jira.map { ($0.kind, $0.delivery) },
            instances: scenario.jira.map(PayloadInstance.init), seed: scenario.seed)
    }
}
