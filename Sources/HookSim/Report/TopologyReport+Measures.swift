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
            changes: m.changes, echoes: m.echoes, intended: m.intended, applied: m.applied, inFlight: m.inFlight,
            duplicateWrites: m.duplicateWrites, redundantDeliveries: m.redundantDeliveries,
            staleOverwrites: m.staleOverwrites, divergentRecords: m.divergentRecords,
            exposure: m.hookExposure.reduce(0, +))
        f.dropped = ReportFigures.Dropped(byReason: Stage.allCases.map { m.dropped[Int($0.rawValue)] })
        f.duplicates = ReportFigures.Duplicates(comments: m.duplicateComments, records: m.duplicateRecords)
        f.latency = ReportFigures.Latency(
            count: Int(m.latency.count), mean: ms(m.latency.mean), p50: ms(m.latency.quantile(0.5)),
            p90: ms(m.latency.quantile(0.9)), p95: ms(m.latency.quantile(0.95)), p99: ms(m.latency.quantile(0.99)),
            p999: ms(m.latency.quantile(0.999)), max: ms(m.latency.count > 0 ? Double(m.latency.max) : 0))
        // NB: first attempts only (DESIGN.md §3): amplification by the topology, not by retries.
        let perChange = m.changes > 0 ? Double(m.attempted - m.retried) / Double(m.changes) : 0
        f.deliveries = ReportFigures.Deliveries(
            attempted: m.attempted, succeeded: m.succeeded, retried: m.retried, failed: m.failed,
            inFlight: m.attemptsInFlight, lost: m.lost, exhausted: m.deliveriesFailed, perChange: perChange,
            jiraUserDelayMean: m.userDelay.mean)
        let workers = scenario.aha.processing.workers
        precondition(workers >= 1, "the loader accepts at least 1 Aha! worker, got \(workers)")
        let utilization =
            end.microseconds > 0 ? Double(m.busyMicroseconds) / (Double(workers) * Double(end.microseconds)) : 0
        f.aha = ReportFigures.AhaLoad(
            writes: m.writes, utilization: utilization, peakQueue: m.peakQueue, rateLimited: m.rateLimited,
            outageAnswers: m.outageAnswers)
        precondition(m.writesByAuthor.count == scenario.aha.users.count, "one write count per Aha! user")
        f.writesByAuthor = scenario.aha.users.enumerated().map {
            ReportFigures.AuthorWrites(name: $1.name, writes: m.writesByAuthor[$0])
        }
        precondition(m.byIntegration.count == scenario.aha.integrations.count, "one set of counts per integration")
        f.byIntegration = scenario.aha.integrations.enumerated().map { i, spec in
            let c = m.byIntegration[i]
            return ReportFigures.Integration(
                id: spec.id, intended: c.intended, applied: c.applied, dropped: c.dropped,
                duplicateWrites: c.duplicateWrites,
                droppedByReason: Stage.allCases.map { c.droppedByReason[Int($0.rawValue)] })
        }
        precondition(
            m.hookDeliveries.count == hookNames.count && m.hookExposure.count == hookNames.count,
            "one delivery and exposure count per installed webhook")
        for (j, name) in hookNames.enumerated() {
            if let k = f.byWebhook.firstIndex(where: { $0.name == name }) {
                f.byWebhook[k].deliveries += m.hookDeliveries[j]
                f.byWebhook[k].exposure += m.hookExposure[j]
            } else {
                f.byWebhook.append(
                    ReportFigures.Webhook(name: name, deliveries: m.hookDeliveries[j], exposure: m.hookExposure[j]))
            }
        }
        f.engineEvents = m.engineEvents
        self.init(
            topology: topology, seed: seed, scenario: scenario, figures: f, series: m.series,
            runLength: end.sinceStart, latencyBuckets: m.latency.buckets().map { ($0.upper / 1000, Int($0.count)) },
            activityDigest: m.changeDigest)
    }
}
