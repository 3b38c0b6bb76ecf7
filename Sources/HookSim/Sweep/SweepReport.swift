import SimKit

/// Renders complete sweep results as text, Markdown, CSV, JSON and HTML.
///
/// Everything printed comes from the plan and the per-run values, in plan order, so a merged
/// sharded sweep prints byte for byte what the unsharded sweep prints.
public enum SweepReport {
    public static func render(_ format: SweepFormat, _ results: SweepResults) -> String {
        switch format {
        case .text: return text(results)
        case .md: return markdown(results)
        case .csv: return csv(results)
        case .json: return json(results).rendered() + "\n"
        case .html: return SweepHTML.render(results)
        }
    }

    /// A mean for people, in the measure's unit: durations for times, three decimals for ratios,
    /// one decimal for counts whose mean is not whole (and none when it is: `12`, not `12.0`).
    static func human(_ x: Double, _ unit: ReportUnit) -> String {
        switch unit {
        case .milliseconds: return HumanFormat.duration(milliseconds: x)
        case .ratio: return HumanFormat.decimal(x, places: 3)
        case .count: return x == x.rounded() ? HumanFormat.count(x) : HumanFormat.decimal(x, places: 1)
        }
    }

    /// `12.4s ± 1.1s`: the mean and half the 95% interval; the mean alone with one replication,
    /// where no spread is known and `± 0` would claim a certainty the sweep does not have.
    static func cell(_ ci: ConfidenceInterval, _ unit: ReportUnit) -> String {
        ci.n > 1 ? human(ci.mean, unit) + " ± " + human(ci.halfWidth, unit) : human(ci.mean, unit)
    }

    static func heading(_ r: SweepResults) -> String {
        let p = r.plan
        return
            "Sweep of \(p.scenario): \(p.points.count) point\(p.points.count == 1 ? "" : "s") × \(p.replications) replication\(p.replications == 1 ? "" : "s"), seed \(p.seed); "
            + (p.replications == 1
                ? "one replication, so one value per point and no interval"
                : "mean ± half-width of the 95% confidence interval (Student's t)")
    }

    static func text(_ r: SweepResults) -> String {
        let p = r.plan
        var out = heading(r) + "\n\n"
        let points = p.points
        for (m, measure) in p.measures.enumerated() {
            var table = TextTable(columns: p.topologies)
            table.heading(measure.path)
            for (i, point) in points.enumerated() {
                table.row(
                    p.label(point),
                    p.topologies.indices.map { cell(r.interval(point: i, topology: $0, measure: m), measure.unit) })
            }
            out += table.render(color: false) + "\n"
        }
        return out
    }

    static func markdown(_ r: SweepResults) -> String {
        let p = r.plan
        var out = "# Sweep: \(p.scenario)\n\n" + heading(r) + ".\n"
        let points = p.points
        for (m, measure) in p.measures.enumerated() {
            out += "\n## `\(measure.path)`\n\n| point | " + p.topologies.map(escape).joined(separator: " | ") + " |\n"
            out += "|---|" + String(repeating: "---:|", count: p.topologies.count) + "\n"
            for (i, point) in points.enumerated() {
                out += "| " + escape(p.label(point)) + " | "
                out +=
                    p.topologies.indices.map { cell(r.interval(point: i, topology: $0, measure: m), measure.unit) }
                    .joined(separator: " | ") + " |\n"
            }
        }
        return out
    }

    private static func escape(_ s: String) -> String { s.replacingAll("|", with: "\\|") }

    /// One row per point × topology × measure; raw numbers (milliseconds for times) for spreadsheets.
    static func csv(_ r: SweepResults) -> String {
        let p = r.plan
        var out =
            (p.dimensions.map(\.path) + ["topology", "measure", "mean", "low", "high", "n"]).map(field).joined(
                separator: ",") + "\n"
        for (i, point) in p.points.enumerated() {
            for (t, topology) in p.topologies.enumerated() {
                for (m, measure) in p.measures.enumerated() {
                    let ci = r.interval(point: i, topology: t, measure: m)
                    let row =
                        point + [
                            topology, measure.path, JSONValue.format(ci.mean), JSONValue.format(ci.low),
                            JSONValue.format(ci.high), String(ci.n),
                        ]
                    out += row.map(field).joined(separator: ",") + "\n"
                }
            }
        }
        return out
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
    }

    static func json(_ r: SweepResults) -> JSONValue {
        let p = r.plan
        var points: [JSONValue] = []
        for (i, point) in p.points.enumerated() {
            var topologies: [JSONValue] = []
            for (t, topology) in p.topologies.enumerated() {
                var measures: [(String, JSONValue)] = []
                for (m, measure) in p.measures.enumerated() {
                    let ci = r.interval(point: i, topology: t, measure: m)
                    measures.append(
                        (
                            measure.path,
                            .object([
                                ("mean", .double(ci.mean)), ("low", .double(ci.low)), ("high", .double(ci.high)),
                                ("n", .int(ci.n)),
                            ])
                        ))
                }
                topologies.append(.object([("topology", .string(topology)), ("measures", .object(measures))]))
            }
            points.append(
                .object([
                    ("values", .object(zip(p.dimensions, point).map { ($0.path, .string($1)) })),
                    ("topologies", .array(topologies)),
                ]))
        }
        return .object([
            ("scenario", .string(p.scenario)), ("seed", .string(String(p.seed))),
            ("replications", .int(p.replications)),
            ("replicationSeeds", .array((0..<p.replications).map { .string(String(p.replicationSeed($0))) })),
            ("confidence", .double(0.95)),
            (
                "vary",
                .array(
                    p.dimensions.map {
                        .object([("path", .string($0.path)), ("values", .array($0.values.map { .string($0) }))])
                    })
            ),
            ("measures", .array(p.measures.map { .string($0.path) })),
            ("points", .array(points)),
        ])
    }
}

/// Output formats of `sweep` and `merge` (the report formats plus CSV).
public enum SweepFormat: String, Sendable, CaseIterable {
    case text, json, csv, md, html
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free, so report code stays locale-proof).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
