import SimKit

/// One broken property of a swarm run: which check, and what it saw.
public struct SwarmFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var check: String
    public var message: String
    public init(check: String, message: String) {
        self.check = check
        self.message = message
    }
    public var description: String { "\(check): \(message)" }
}

/// Properties every report must have, whatever the scenario (issue 10, deliverable 1), beyond
/// the engine's own invariants: sums that must add up, orders that must hold, and metamorphic
/// relations between runs of related scenarios. Failures are returned as values, never thrown.
public enum SwarmChecks {
    /// Name given to the disabled webhook the metamorphic check adds to every topology.
    public static let addedWebhook = "swarm-disabled-webhook"

    /// Loads `text` and checks it; a load error is the failure `load`.
    public static func check(text: String, file: String = "swarm.json5") -> [SwarmFailure] {
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader.load(text: text, file: file)
        } catch {
            return [SwarmFailure(check: "load", message: "\(error)")]
        }
        return check(scenario)
    }

    /// Runs every topology on its own (so one topology's broken invariant hides nothing about
    /// the others), checks each report, then the metamorphic relations.
    public static func check(_ scenario: Scenario) -> [SwarmFailure] {
        var failures: [SwarmFailure] = []
        var base: [JSONValue?] = []
        for t in scenario.topologies {
            switch run(scenario, only: [t.name]) {
            case .failure(let f):
                failures.append(f)
                base.append(nil)
            case .success(let reports):
                base.append(reports[0])
                failures += checkReport(reports[0])
            }
        }
        failures += checkReordered(scenario, base: base)
        failures += checkDisabledWebhook(scenario, base: base)
        failures += checkFaultFree(scenario)
        failures += checkTwins(scenario)
        return failures
    }

    static func run(_ scenario: Scenario, only: [String]? = nil, check: String = "invariant") -> Result<
        [JSONValue], SwarmFailure
    > {
        do throws(SimulationError) {
            return .success(try Simulator.run(scenario, only: only).topologies.map(\.json))
        } catch {
            let name: String
            switch error {
            case .invariant: name = check
            case .eventLimit: name = "eventLimit"
            case .interrupted: name = "interrupted"
            }
            return .failure(SwarmFailure(check: name, message: error.description))
        }
    }

    // MARK: one report

    /// The sums and orders one topology's report (`TopologyReport.json`) must satisfy.
    public static func checkReport(_ r: JSONValue) -> [SwarmFailure] {
        var failures: [SwarmFailure] = []
        let topology = name(of: r)
        func n(_ path: String) -> Double { r.lookup(path)?.number ?? .nan }
        func expect(_ ok: Bool, _ check: String, _ message: @autoclosure () -> String) {
            if !ok { failures.append(SwarmFailure(check: check, message: "topology '\(topology)': " + message())) }
        }
        func fmt(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)" }

        let byReason = members(r.lookup("dropped.byReason")).compactMap { $0.1.number }.reduce(0, +)
        expect(
            n("dropped.total") == byReason, "dropped.total",
            "dropped.total \(fmt(n("dropped.total"))) != sum of byReason \(fmt(byReason))")
        expect(
            n("latency.count") == n("applied"), "latency.count",
            "latency.count \(fmt(n("latency.count"))) != applied \(fmt(n("applied")))")
        let integrations = members(r.lookup("byIntegration"))
        for (key, total) in [
            ("intended", "intended"), ("applied", "applied"), ("dropped", "dropped.total"),
            ("duplicateWrites", "duplicateWrites"),
        ] {
            let sum = integrations.compactMap { $0.1.lookup(key)?.number }.reduce(0, +)
            expect(
                sum == n(total), "byIntegration.\(key)",
                "sum of byIntegration.*.\(key) \(fmt(sum)) != \(total) \(fmt(n(total)))")
        }
        let webhooks = members(r.lookup("byWebhook"))
        let exposure = webhooks.compactMap { $0.1.lookup("exposure")?.number }.reduce(0, +)
        expect(
            exposure == n("exposure.total"), "exposure.total",
            "sum of byWebhook.*.exposure \(fmt(exposure)) != exposure.total \(fmt(n("exposure.total")))")
        for (name, w) in webhooks {
            let e = w.lookup("exposure")?.number ?? .nan
            let d = w.lookup("deliveries")?.number ?? .nan
            expect(e <= d, "byWebhook.exposure", "webhook '\(name)' exposure \(fmt(e)) > deliveries \(fmt(d))")
        }
        let writes = members(r.lookup("writesByAuthor")).compactMap { $0.1.number }.reduce(0, +)
        expect(
            writes == n("aha.writes"), "writesByAuthor",
            "sum of writesByAuthor \(fmt(writes)) != aha.writes \(fmt(n("aha.writes")))")
        expect(
            n("duplicates.visible") <= n("duplicateWrites"), "duplicates.visible",
            "duplicates.visible \(fmt(n("duplicates.visible"))) > duplicateWrites \(fmt(n("duplicateWrites")))")
        let order = ["p50", "p90", "p95", "p99", "p999", "max"]
        for (a, b) in zip(order, order.dropFirst()) {
            let x = n("latency." + a)
            let y = n("latency." + b)
            expect(x <= y, "latency.order", "latency.\(a) \(fmt(x)) > latency.\(b) \(fmt(y))")
        }
        let settled = n("applied") + n("dropped.total") + n("inFlight")
        expect(
            n("intended") == settled, "intended",
            "intended \(fmt(n("intended"))) != applied + dropped.total + inFlight \(fmt(settled))")
        return failures
    }

    static func name(of report: JSONValue) -> String {
        if case .string(let s)? = report.lookup("topology") { return s }
        return "?"
    }

    static func members(_ v: JSONValue?) -> [(String, JSONValue)] {
        if case .object(let pairs)? = v { return pairs }
        return []
    }

    /// Every scalar of a report by dotted path, rendered.
    static func flatten(_ v: JSONValue, prefix: String = "", into out: inout [(String, String)]) {
        switch v {
        case .object(let pairs):
            for (k, child) in pairs { flatten(child, prefix: prefix.isEmpty ? k : prefix + "." + k, into: &out) }
        case .array(let items):
            for (i, child) in items.enumerated() { flatten(child, prefix: prefix + "[\(i)]", into: &out) }
        default: out.append((prefix, v.rendered(indent: nil)))
        }
    }

    // MARK: metamorphic relations

    /// Running every topology together in reverse order changes no topology's report from the
    /// one it had when run alone. (Skipped when a topology alone broke an invariant.)
    static func checkReordered(_ scenario: Scenario, base: [JSONValue?]) -> [SwarmFailure] {
        let base = base.compactMap { $0 }
        guard scenario.topologies.count > 1, base.count == scenario.topologies.count else { return [] }
        var reordered = scenario
        reordered.topologies.reverse()
        let reports: [JSONValue]
        switch run(reordered, check: "reorder.invariant") {
        case .failure(let f): return [f]
        case .success(let r): reports = r.reversed()
        }
        var failures: [SwarmFailure] = []
        for (a, b) in zip(base, reports) where a.rendered(indent: nil) != b.rendered(indent: nil) {
            failures.append(SwarmFailure(check: "reorder", message: firstDifference(a, b, ignoring: [])))
        }
        return failures
    }

    /// Adding a disabled webhook to every topology changes no count except its own `byWebhook`
    /// row and the split between noWebhook, webhookDisabled and notSubscribed.
    static func checkDisabledWebhook(_ scenario: Scenario, base: [JSONValue?]) -> [SwarmFailure] {
        guard let integration = scenario.aha.integrations.first else { return [] }
        var changed = scenario
        for t in changed.topologies.indices {
            // NB: the endpoint's user, as the topology or a webhook the timeline adds to it names it:
            // a webhook joins its endpoint's user, so a different one would change the added webhook.
            let added = changed.timeline.lazy.compactMap { entry -> WebhookSpec? in
                guard case .addWebhook(let w) = entry.action, w.integration == integration.id,
                    entry.topology == nil || entry.topology == changed.topologies[t].name
                else { return nil }
                return w
            }.first
            let runAs =
                changed.topologies[t].webhooks.first { $0.integration == integration.id }?.runAs
                ?? added?.runAs ?? integration.runAs ?? scenario.aha.users[0].name
            changed.topologies[t].webhooks.append(
                WebhookSpec(name: addedWebhook, integration: integration.id, runAs: runAs, enabled: false))
        }
        var pairs: [(JSONValue, JSONValue)] = []
        var failures: [SwarmFailure] = []
        for (t, report) in zip(changed.topologies, base) {
            guard let report else { continue }
            switch run(changed, only: [t.name], check: "disabledWebhook.invariant") {
            case .failure(let f): failures.append(f)
            case .success(let r): pairs.append((report, r[0]))
            }
        }
        let split = ["noWebhook", "webhookDisabled", "notSubscribed"].map { "dropped.byReason." + $0 }
        for (a, b) in pairs {
            let ignored =
                split + [
                    "engineEvents", "byWebhook." + addedWebhook + ".deliveries",
                    "byWebhook." + addedWebhook + ".exposure",
                ]
            if let difference = difference(a, b, ignoring: ignored) {
                failures.append(SwarmFailure(check: "disabledWebhook", message: difference))
                continue
            }
            let sum = { (r: JSONValue) in split.compactMap { r.lookup($0)?.number }.reduce(0, +) }
            if sum(a) != sum(b) {
                failures.append(
                    SwarmFailure(
                        check: "disabledWebhook",
                        message: "noWebhook + webhookDisabled + notSubscribed \(sum(a)) became \(sum(b))"))
            }
            let row = b.lookup("byWebhook." + addedWebhook + ".deliveries")?.number
            if row != 0 {
                failures.append(
                    SwarmFailure(
                        check: "disabledWebhook",
                        message: "the disabled webhook has \(row.map { "\($0)" } ?? "no") deliveries"))
            }
        }
        return failures
    }

    static func difference(_ a: JSONValue, _ b: JSONValue, ignoring: [String]) -> String? {
        var x: [(String, String)] = []
        var y: [(String, String)] = []
        flatten(a, into: &x)
        flatten(b, into: &y)
        x.removeAll { ignoring.contains($0.0) }
        y.removeAll { ignoring.contains($0.0) }
        let topology = "'" + name(of: a) + "'"
        for (p, q) in zip(x, y) where p != q {
            if p.0 != q.0 { return "topology \(topology): key \(p.0) became \(q.0)" }
            return "topology \(topology): \(p.0) \(p.1) became \(q.1)"
        }
        return x.count == y.count ? nil : "topology \(topology): \(x.count) values became \(y.count)"
    }

    static func firstDifference(_ a: JSONValue, _ b: JSONValue, ignoring: [String]) -> String {
        difference(a, b, ignoring: ignoring) ?? "reports differ"
    }
}
