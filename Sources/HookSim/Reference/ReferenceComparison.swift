import SimKit

/// Engine against reference on one topology (issue 10): the same measures under the same keys,
/// and every key whose values differ.
public enum ReferenceComparison {
    /// One measure the two implementations disagree on.
    public struct Difference: Sendable, Equatable, CustomStringConvertible {
        public var key: String
        public var engine: Int64
        public var reference: Int64
        public var description: String { "\(key): engine \(engine), reference \(reference)" }
    }

    /// How one topology compared.
    public enum Verdict: Sendable, Equatable {
        case agreed
        /// Two events fell on one instant, where the order is the implementation's (DESIGN.md §4).
        case skipped
        /// The differences vanish when the reference imitates these known engine findings (letters).
        case known([String], [Difference])
        case disagreed([Difference])
        /// The engine stopped with an error (an invariant, the event limit).
        case engineFailed(String)
    }

    public struct TopologyResult: Sendable, Equatable {
        public var topology: String
        public var verdict: Verdict
    }

    /// The report's latency percentiles, in whole microseconds.
    static func percentiles(_ h: Histogram) -> [(String, Int64)] {
        [("p50", 0.5), ("p90", 0.9), ("p95", 0.95), ("p99", 0.99), ("p999", 0.999)].map { name, q in
            ("latency.\(name)Microseconds", h.count > 0 ? Int64(h.quantile(q).rounded()) : 0)
        }
    }

    /// Every measure the comparison looks at, from the engine's counters, in a fixed order.
    static func keys(engine m: Measures, webhookNames: [String], scenario: Scenario) -> [(String, Int64)] {
        // NB: the histogram keeps the latency sum as a Double that SimKit does not expose; mean × count
        // gives it back to within far less than half a microsecond for sums below 2^50 µs.
        let sum =
            m.oracle.latency.count > 0 ? Int64((m.oracle.latency.mean * Double(m.oracle.latency.count)).rounded()) : 0
        var out: [(String, Int64)] = []
        func add(_ key: String, _ v: Int) { out.append((key, Int64(v))) }
        add("changes", m.oracle.changes)
        add("echoes", m.oracle.echoes)
        add("intended", m.oracle.intended)
        add("applied", m.oracle.applied)
        add("inFlight", m.oracle.inFlight)
        add("dropped.total", m.oracle.droppedTotal)
        for (i, name) in ReportPath.dropReasons.enumerated() { add("dropped.byReason." + name, m.oracle.dropped[i]) }
        add("duplicateWrites", m.aha.duplicateWrites)
        add("duplicates.comments", m.aha.duplicateComments)
        add("duplicates.records", m.aha.duplicateRecords)
        add("redundantDeliveries", m.aha.redundantDeliveries)
        add("staleOverwrites", m.oracle.staleOverwrites)
        add("divergentRecords", m.oracle.divergentRecords)
        add("exposure.total", m.jira.hookExposure.reduce(0, +))
        add("latency.count", Int(m.oracle.latency.count))
        out.append(("latency.sumMicroseconds", sum))
        out.append(("latency.maxMicroseconds", m.oracle.latency.count > 0 ? m.oracle.latency.max : 0))
        out += percentiles(m.oracle.latency)
        add("deliveries.attempted", m.jira.attempted)
        add("deliveries.succeeded", m.jira.succeeded)
        add("deliveries.retried", m.jira.retried)
        add("deliveries.failed", m.jira.failed)
        add("deliveries.inFlight", m.jira.attemptsInFlight)
        add("deliveries.lost", m.jira.lost)
        add("deliveries.exhausted", m.jira.deliveriesFailed)
        add("aha.writes", m.aha.writes)
        add("aha.peakQueue", m.aha.peakQueue)
        add("aha.rateLimited", m.aha.rateLimited)
        add("aha.outageAnswers", m.aha.outageAnswers)
        out.append(("aha.busyMicroseconds", m.aha.busyMicroseconds))
        add("jira.userDelayCount", m.jira.userDelay.count)
        out.append(
            (
                "jira.userDelayMaxMicroseconds",
                m.jira.userDelay.count > 0 ? Int64((m.jira.userDelay.max * 1000).rounded()) : 0
            ))
        for (i, u) in scenario.aha.users.enumerated() { add("writesByAuthor." + u.name, m.aha.writesByAuthor[i]) }
        for (i, spec) in scenario.aha.integrations.enumerated() {
            let c = m.oracle.byIntegration[i]
            add("byIntegration.\(spec.id).intended", c.intended)
            add("byIntegration.\(spec.id).applied", c.applied)
            add("byIntegration.\(spec.id).dropped", c.dropped)
            add("byIntegration.\(spec.id).duplicateWrites", c.duplicateWrites)
        }
        out += byWebhook(names: webhookNames, deliveries: m.jira.hookDeliveries, exposure: m.jira.hookExposure)
        return out
    }

    /// The same measures from a reference run, in the same order.
    static func keys(reference r: ReferenceMeasures, scenario: Scenario) -> [(String, Int64)] {
        var out: [(String, Int64)] = []
        func add(_ key: String, _ v: Int) { out.append((key, Int64(v))) }
        add("changes", r.oracle.changes)
        add("echoes", r.oracle.echoes)
        add("intended", r.oracle.intended)
        add("applied", r.oracle.applied)
        add("inFlight", r.oracle.inFlight)
        add("dropped.total", r.oracle.dropped.reduce(0, +))
        for reason in ReferenceReason.allCases {
            add("dropped.byReason." + reason.name, r.oracle.dropped[reason.rawValue])
        }
        add("duplicateWrites", r.aha.duplicateWrites)
        add("duplicates.comments", r.aha.duplicateComments)
        add("duplicates.records", r.aha.duplicateRecords)
        add("redundantDeliveries", r.aha.redundantDeliveries)
        add("staleOverwrites", r.oracle.staleOverwrites)
        add("divergentRecords", r.oracle.divergentRecords)
        add("exposure.total", r.jira.webhookExposure.reduce(0, +))
        add("latency.count", r.oracle.latency.count)
        out.append(("latency.sumMicroseconds", r.oracle.latency.sum))
        out.append(("latency.maxMicroseconds", r.oracle.latency.max))
        out += percentiles(r.oracle.latency.histogram)
        add("deliveries.attempted", r.jira.attempted)
        add("deliveries.succeeded", r.jira.succeeded)
        add("deliveries.retried", r.jira.retried)
        add("deliveries.failed", r.jira.failed)
        add("deliveries.inFlight", r.jira.attempted - r.jira.succeeded - r.jira.failed)
        add("deliveries.lost", r.jira.lost)
        add("deliveries.exhausted", r.jira.exhausted)
        add("aha.writes", r.aha.writes)
        add("aha.peakQueue", r.aha.peakQueue)
        add("aha.rateLimited", r.aha.rateLimited)
        add("aha.outageAnswers", r.aha.outageAnswers)
        out.append(("aha.busyMicroseconds", r.aha.busyMicroseconds))
        add("jira.userDelayCount", r.jira.userDelayCount)
        out.append(("jira.userDelayMaxMicroseconds", r.jira.userDelayMax))
        for (i, u) in scenario.aha.users.enumerated() { add("writesByAuthor." + u.name, r.aha.writesByAuthor[i]) }
        for (i, spec) in scenario.aha.integrations.enumerated() {
            add("byIntegration.\(spec.id).intended", r.byIntegration.intended[i])
            add("byIntegration.\(spec.id).applied", r.byIntegration.applied[i])
            add("byIntegration.\(spec.id).dropped", r.byIntegration.dropped[i])
            add("byIntegration.\(spec.id).duplicateWrites", r.byIntegration.duplicateWrites[i])
        }
        out += byWebhook(
            names: r.jira.webhookNames, deliveries: r.jira.webhookDeliveries, exposure: r.jira.webhookExposure)
        return out
    }

    /// Per webhook name, in first-install order, summed over installs of that name.
    static func byWebhook(names: [String], deliveries: [Int], exposure: [Int]) -> [(String, Int64)] {
        var order: [String] = []
        for n in names where !order.contains(n) { order.append(n) }
        var out: [(String, Int64)] = []
        for n in order {
            let idx = names.indices.filter { names[$0] == n }
            out.append(("byWebhook.\(n).deliveries", Int64(idx.map { deliveries[$0] }.reduce(0, +))))
            out.append(("byWebhook.\(n).exposure", Int64(idx.map { exposure[$0] }.reduce(0, +))))
        }
        return out
    }

    /// The keys whose values differ, in the engine's key order; a key only one side has differs too.
    static func differences(engine: [(String, Int64)], reference: [(String, Int64)]) -> [Difference] {
        var theirs: [String: Int64] = [:]
        for (k, v) in reference { theirs[k] = v }
        var out: [Difference] = []
        for (k, v) in engine where theirs[k] != v {
            out.append(Difference(key: k, engine: v, reference: theirs[k] ?? -1))
        }
        let ours = Set(engine.map(\.0))
        for (k, v) in reference where !ours.contains(k) { out.append(Difference(key: k, engine: -1, reference: v)) }
        return out
    }

    /// Runs the engine on topology `index`, or says why it stopped.
    static func engine(_ scenario: Scenario, topology index: Int) -> Result<[(String, Int64)], SimulationError> {
        var sim = TopologySimulation(scenario: scenario, topology: index)
        do throws(SimulationError) {
            let m = try sim.run(maxEvents: scenario.limits.maxEvents)
            return .success(keys(engine: m, webhookNames: sim.jira.webhooks.names, scenario: scenario))
        } catch {
            return .failure(error)
        }
    }

    /// Runs the reference on topology `index` with these quirks; nil when it met a tie.
    static func reference(_ scenario: Scenario, topology index: Int, quirks: ReferenceQuirks) -> [(String, Int64)]? {
        var model = ReferenceModel(scenario: scenario, topology: index, quirks: quirks)
        let m = model.run()
        return m.tie ? nil : keys(reference: m, scenario: scenario)
    }

    /// Compares engine and reference on one topology. A disagreement is re-run with the reference
    /// imitating the known engine findings: when that agrees, the findings it needs are named.
    public static func compare(_ scenario: Scenario, topology index: Int) -> TopologyResult {
        let name = scenario.topologies[index].name
        let engineKeys: [(String, Int64)]
        switch engine(scenario, topology: index) {
        case .failure(let error): return TopologyResult(topology: name, verdict: .engineFailed(error.description))
        case .success(let k): engineKeys = k
        }
        guard let pure = reference(scenario, topology: index, quirks: []) else {
            return TopologyResult(topology: name, verdict: .skipped)
        }
        let differences = differences(engine: engineKeys, reference: pure)
        if differences.isEmpty { return TopologyResult(topology: name, verdict: .agreed) }
        guard let imitated = reference(scenario, topology: index, quirks: .all) else {
            return TopologyResult(topology: name, verdict: .skipped)
        }
        let residual = Self.differences(engine: engineKeys, reference: imitated)
        guard residual.isEmpty else { return TopologyResult(topology: name, verdict: .disagreed(residual)) }
        var needed: [String] = []
        for (letter, quirk) in ReferenceQuirks.named {
            let without = reference(scenario, topology: index, quirks: ReferenceQuirks.all.subtracting(quirk))
            if let without, !Self.differences(engine: engineKeys, reference: without).isEmpty { needed.append(letter) }
        }
        return TopologyResult(topology: name, verdict: .known(needed.isEmpty ? ["?"] : needed, differences))
    }

    /// Every topology of a scenario, in file order.
    public static func compare(_ scenario: Scenario) -> [TopologyResult] {
        scenario.topologies.indices.map { compare(scenario, topology: $0) }
    }
}
