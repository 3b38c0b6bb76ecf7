import SimKit

extension TopologyReport {
    /// The report of a finished run: the one place that reads `Measures` for the report.
    ///
    /// - Parameters:
    ///   - topology: the topology's name.
    ///   - seed: the run's seed.
    ///   - m: the run's measures.
    ///   - scenario: for the names of users and integrations, and the worker count.
    ///   - hookNames: the topology's webhook names, one per installation (a name may repeat).
    ///   - end: when the run stopped (activity plus drain), the span utilisation is taken over.
    init(topology: String, seed: UInt64, scenario: Scenario, hookNames: [String], m: Measures, end: SimTime) {
        let ms = { (us: Double) in us / 1000 }
        var f = ReportFigures()
        f.outcome = ReportFigures.Outcome(
            changes: m.oracle.changes, echoes: m.oracle.echoes, intended: m.oracle.intended, applied: m.oracle.applied,
            inFlight: m.oracle.inFlight,
            duplicateWrites: m.aha.duplicateWrites, redundantDeliveries: m.aha.redundantDeliveries,
            staleOverwrites: m.oracle.staleOverwrites, divergentRecords: m.oracle.divergentRecords,
            exposure: m.jira.hookExposure.reduce(0, +))
        f.dropped = ReportFigures.Dropped(byReason: Stage.allCases.map { m.oracle.dropped[Int($0.rawValue)] })
        f.duplicates = ReportFigures.Duplicates(comments: m.aha.duplicateComments, records: m.aha.duplicateRecords)
        f.latency = ReportFigures.Latency(
            count: Int(m.oracle.latency.count), mean: ms(m.oracle.latency.mean),
            p50: ms(m.oracle.latency.quantile(0.5)),
            p90: ms(m.oracle.latency.quantile(0.9)), p95: ms(m.oracle.latency.quantile(0.95)),
            p99: ms(m.oracle.latency.quantile(0.99)),
            p999: ms(m.oracle.latency.quantile(0.999)),
            max: ms(m.oracle.latency.count > 0 ? Double(m.oracle.latency.max) : 0))
        // NB: first attempts only (DESIGN.md §3): amplification by the topology, not by retries.
        let perChange = m.oracle.changes > 0 ? Double(m.jira.attempted - m.jira.retried) / Double(m.oracle.changes) : 0
        f.deliveries = ReportFigures.Deliveries(
            attempted: m.jira.attempted, succeeded: m.jira.succeeded, retried: m.jira.retried, failed: m.jira.failed,
            inFlight: m.jira.attemptsInFlight, lost: m.jira.lost, exhausted: m.jira.deliveriesFailed,
            perChange: perChange,
            jiraUserDelayMean: m.jira.userDelay.mean)
        let workers = scenario.aha.processing.workers
        precondition(workers >= 1, "the loader accepts at least 1 Aha! worker, got \(workers)")
        let utilization =
            end.microseconds > 0 ? Double(m.aha.busyMicroseconds) / (Double(workers) * Double(end.microseconds)) : 0
        f.aha = ReportFigures.AhaLoad(
            writes: m.aha.writes, utilization: utilization, peakQueue: m.aha.peakQueue, rateLimited: m.aha.rateLimited,
            outageAnswers: m.aha.outageAnswers)
        precondition(m.aha.writesByAuthor.count == scenario.aha.users.count, "one write count per Aha! user")
        f.writesByAuthor = scenario.aha.users.enumerated().map {
            ReportFigures.AuthorWrites(name: $1.name, writes: m.aha.writesByAuthor[$0])
        }
        precondition(
            m.oracle.byIntegration.count == scenario.aha.integrations.count, "one set of counts per integration")
        f.byIntegration = scenario.aha.integrations.enumerated().map { i, spec in
            let c = m.oracle.byIntegration[i]
            return ReportFigures.Integration(
                id: spec.id, intended: c.intended, applied: c.applied, dropped: c.dropped,
                duplicateWrites: c.duplicateWrites,
                droppedByReason: Stage.allCases.map { c.droppedByReason[Int($0.rawValue)] })
        }
        precondition(
            m.jira.hookDeliveries.count == hookNames.count && m.jira.hookExposure.count == hookNames.count,
            "one delivery and exposure count per installed webhook")
        for (j, name) in hookNames.enumerated() {
            if let k = f.byWebhook.firstIndex(where: { $0.name == name }) {
                f.byWebhook[k].deliveries += m.jira.hookDeliveries[j]
                f.byWebhook[k].exposure += m.jira.hookExposure[j]
            } else {
                f.byWebhook.append(
                    ReportFigures.Webhook(
                        name: name, deliveries: m.jira.hookDeliveries[j], exposure: m.jira.hookExposure[j]))
            }
        }
        f.engineEvents = m.engineEvents
        self.init(
            topology: topology, seed: seed, scenario: scenario, figures: f, series: m.series,
            runLength: end.sinceStart,
            latencyBuckets: m.oracle.latency.buckets().map { ($0.upper / 1000, Int($0.count)) },
            activityDigest: m.oracle.changeDigest)
    }
}
