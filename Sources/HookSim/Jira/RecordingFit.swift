import SimKit

/// The generated activity that looks like a recording (`hooksim fit`, DESIGN.md §7.4): a rate,
/// a mix, bursts, and per project a weight and issue-type shares.
///
/// Bursts are found by a deliberately simple rule, so a person can predict it: changes are counted
/// per minute of the capture; a minute holding more than `burstFactor` × the median count (at
/// least 1) is a burst minute, and consecutive burst minutes are one burst. Its size is what it
/// holds above the median, credited to its most frequent kind; the rest of the capture (rate, mix)
/// is what remains once bursts are taken out, since a generated burst comes on top of the rate.
struct RecordingFit {
    static let burstFactor = 10
    static let burstWindow = SimDuration.seconds(60)

    struct Project {
        var key: String
        /// The highest number of an issue that existed before the capture (keys run from 1), else
        /// how many such issues it touched.
        var issues: Int
        var weight: Double
        var types: [(String, Double)]
    }

    var changes: Int
    var span: SimDuration
    /// Changes per hour outside bursts.
    var ratePerHour: Double
    var mix: [(ChangeKind, Double)]
    /// Known only when the integration account is (`--scenario`).
    var echoShare: Double?
    var bursts: [BurstSpec] = []
    var medianPerMinute: Double = 0
    var projects: [Project] = []

    /// - Parameter projectKeys: the key of each project index the recording's issues refer to.
    init(_ recording: Recording, projectKeys: [String], echoKnown: Bool) {
        let entries = recording.entries
        changes = entries.count
        span = recording.span
        let window = Self.burstWindow.microseconds
        let bins = Int(span.microseconds / window) + 1
        var perMinute = Array(repeating: 0, count: bins)
        for e in entries { perMinute[Int(e.time.microseconds / window)] += 1 }
        let sorted = perMinute.sorted()
        medianPerMinute = bins % 2 == 1 ? Double(sorted[bins / 2]) : Double(sorted[bins / 2 - 1] + sorted[bins / 2]) / 2
        let threshold = Double(Self.burstFactor) * max(medianPerMinute, 1)
        var kindCounts = Array(repeating: 0, count: ChangeKind.allCases.count)
        for e in entries { kindCounts[e.kind.hashKey] += 1 }
        var projectCounts = Array(repeating: 0, count: projectKeys.count)
        for e in entries { projectCounts[recording.issues[Int(e.issue)].project] += 1 }
        var inBursts = 0
        var b = 0
        while b < bins {
            guard Double(perMinute[b]) > threshold else {
                b += 1
                continue
            }
            var last = b
            while last + 1 < bins && Double(perMinute[last + 1]) > threshold { last += 1 }
            let lo = Int64(b) * window
            let hi = Int64(last + 1) * window
            let inside = entries.filter { $0.time.microseconds >= lo && $0.time.microseconds < hi }
            var byKind = Array(repeating: 0, count: ChangeKind.allCases.count)
            for e in inside { byKind[e.kind.hashKey] += 1 }
            let top = byKind.indices.max { byKind[$0] < byKind[$1] || (byKind[$0] == byKind[$1] && $0 > $1) } ?? 0
            let kind = ChangeKind.allCases[top]
            let ofKind = inside.filter { $0.kind == kind }
            let count = min(
                ofKind.count, max(0, inside.count - Int((medianPerMinute * Double(last - b + 1)).rounded())))
            if count > 0, let firstTime = ofKind.first?.time, let lastTime = ofKind.last?.time {
                let projects = Set(ofKind.map { recording.issues[Int($0.issue)].project })
                let project = projects.count == 1 ? projects.first.map { projectKeys[$0] } : nil
                // NB: a generated burst of n spread over `over` puts its last change at over·(n−1)/n.
                let spread = count > 1 ? (lastTime - firstTime).microseconds * Int64(count) / Int64(count - 1) : 0
                bursts.append(
                    BurstSpec(
                        at: firstTime, count: count, kind: kind, project: project,
                        over: SimDuration(microseconds: spread)))
                kindCounts[top] -= count
                inBursts += count
                if let p = projects.count == 1 ? projects.first : nil { projectCounts[p] -= count }
            }
            b = last + 1
        }
        let base = max(changes - inBursts, 0)
        let hours = Double(span.microseconds) / 3.6e9
        ratePerHour = hours > 0 ? Double(base) / hours : 0
        mix = zip(ChangeKind.allCases, Self.shares(kindCounts)).filter { $0.1 > 0 }
        if echoKnown {
            let echoes = entries.reduce(0) { $0 + ($1.actor < 0 ? 1 : 0) }
            echoShare = changes > 0 ? Double(echoes) / Double(changes) : 0
        }
        let weights = Self.shares(projectCounts)
        for (p, key) in projectKeys.enumerated() {
            let mine = recording.issues.filter { $0.project == p }
            let existing = mine.filter(\.existing)
            let highest = existing.compactMap(\.number).max().map(Int.init) ?? 0
            var typeNames: [String] = []
            var typeCounts: [Int] = []
            for i in mine {
                guard let t = i.type else { continue }
                if let k = typeNames.firstIndex(of: t) {
                    typeCounts[k] += 1
                } else {
                    typeNames.append(t)
                    typeCounts.append(1)
                }
            }
            projects.append(
                Project(
                    key: key, issues: max(highest, existing.count), weight: weights[p],
                    types: zip(typeNames, Self.shares(typeCounts)).filter { $0.1 > 0 }))
        }
    }

    /// Counts as shares rounded to 4 decimals that add up to exactly 1 (largest remainders get the
    /// last ten-thousandths), since a scenario's mix must add up to 1.
    static func shares(_ counts: [Int]) -> [Double] {
        let total = counts.reduce(0, +)
        guard total > 0 else { return counts.map { _ in 0 } }
        let exact = counts.map { Double($0) * 10_000 / Double(total) }
        var units = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { (exact[$0] - Double(units[$0]), -$0) > (exact[$1] - Double(units[$1]), -$1) }
        var missing = 10_000 - units.reduce(0, +)
        for i in order where missing > 0 {
            units[i] += 1
            missing -= 1
        }
        return units.map { Double($0) / 10_000 }
    }

    /// The `projects` and `activity` blocks to paste into a scenario.
    func blocks(source: String, recording: Recording) -> String {
        func share(_ x: Double) -> String { ScenarioLoader.short(x) }
        var out = [
            "// hooksim fit \(source): \(changes) changes over \(span.format()) (\(recording.duplicates) duplicates, \(recording.companions) companion bodies, \(recording.skipped.reduce(0) { $0 + $1.count }) skipped lines)",
            "// bursts: a minute with more than \(Self.burstFactor)× the median of \(ScenarioLoader.short(medianPerMinute)) changes per minute; \(bursts.count) found",
            "// with duration: \"\(span.format())\" (the capture's span)",
            "// paste into jira[]:",
            "projects: [",
        ]
        for p in projects {
            var parts = ["key: \(JSON5Path.quoted(p.key))", "issues: \(p.issues)", "weight: \(share(p.weight))"]
            if !p.types.isEmpty {
                parts.append(
                    "types: {" + p.types.map { "\(JSON5Path.quoted($0.0)): \(share($0.1))" }.joined(separator: ", ")
                        + "}")
            }
            out.append("  {" + parts.joined(separator: ", ") + "},")
        }
        out.append("],")
        out.append("activity: {")
        out.append("  rate: \"\(ScenarioLoader.short((ratePerHour * 10).rounded() / 10))/h\",")
        out.append("  mix: {" + mix.map { "\($0.0.rawValue): \(share($0.1))" }.joined(separator: ", ") + "},")
        if let echoShare { out.append("  echoShare: \(share((echoShare * 10_000).rounded() / 10_000)),") }
        if !bursts.isEmpty {
            out.append("  bursts: [")
            for b in bursts {
                var parts = [
                    "at: \"\(b.at.format())\"", "count: \(b.count)", "kind: \"\(b.kind.rawValue)\"",
                    "over: \"\(b.over.format())\"",
                ]
                if let p = b.project { parts.append("project: \(JSON5Path.quoted(p))") }
                out.append("    {" + parts.joined(separator: ", ") + "},")
            }
            out.append("  ],")
        }
        out.append("},")
        return out.joined(separator: "\n") + "\n"
    }
}
