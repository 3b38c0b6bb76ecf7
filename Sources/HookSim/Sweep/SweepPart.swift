/// One shard's output: the plan and the raw per-run values, enough for `merge` to rebuild the
/// unsharded sweep exactly.
///
/// Values are written as strings of Swift's shortest round-tripping decimal form, so a value read
/// back is the identical `Double` and means and intervals come out bit for bit the same.
public struct SweepPart: Sendable, Equatable {
    static let format = "hooksim-sweep-part"
    public var plan: SweepPlan
    public var shard: (k: Int, n: Int)
    /// Run index and values, ascending.
    public var runs: [(run: Int, values: [Double])]

    public static func == (a: SweepPart, b: SweepPart) -> Bool {
        a.plan == b.plan && a.shard == b.shard && a.runs.map(\.run) == b.runs.map(\.run)
            && a.runs.map(\.values) == b.runs.map(\.values)
    }

    public var json: JSONValue {
        .object([
            ("format", .string(Self.format)), ("version", .int(1)),
            ("scenario", .string(plan.scenario)), ("seed", .string(String(plan.seed))),
            ("replications", .int(plan.replications)),
            (
                "vary",
                .array(
                    plan.dimensions.map {
                        .object([("path", .string($0.path)), ("values", .array($0.values.map { .string($0) }))])
                    })
            ),
            ("topologies", .array(plan.topologies.map { .string($0) })),
            (
                "measures",
                .array(
                    plan.measures.map { .object([("path", .string($0.path)), ("unit", .string($0.unit.rawValue))]) })
            ),
            ("shard", .object([("index", .int(shard.k)), ("count", .int(shard.n))])),
            (
                "runs",
                .array(
                    runs.map { run in
                        let (point, replication) = plan.locate(run.run)
                        return .object([
                            ("run", .int(run.run)), ("point", .int(point)), ("replication", .int(replication)),
                            ("seed", .string(String(plan.replicationSeed(replication)))),
                            ("values", .array(run.values.map { .string("\($0)") })),
                        ])
                    })
            ),
        ])
    }

    /// Reads a part file; the message says what is wrong in words (`file` names it).
    static func parse(_ bytes: [UInt8], file: String) throws(SweepInputError) -> SweepPart {
        func bad(_ why: String) -> SweepInputError { SweepInputError("\(file) is not a sweep part: \(why)") }
        let root: JSON5Value
        do { root = try JSON5.parse(bytes: bytes) } catch { throw bad("\(error)") }
        func member(_ v: JSON5Value, _ key: String) throws(SweepInputError) -> JSON5Value {
            guard case .object(let ms) = v.kind, let m = ms.first(where: { $0.key == key }) else {
                throw bad("missing '\(key)'")
            }
            return m.value
        }
        func string(_ v: JSON5Value) throws(SweepInputError) -> String {
            guard case .string(let s) = v.kind else { throw bad("'\(v.path)' should be a string") }
            return s.value
        }
        func int(_ v: JSON5Value) throws(SweepInputError) -> Int {
            guard case .number(let n) = v.kind, let i = n.integer, !i.negative, i.magnitude < 1 << 40 else {
                throw bad("'\(v.path)' should be a whole number")
            }
            return Int(i.magnitude)
        }
        func array(_ v: JSON5Value) throws(SweepInputError) -> [JSON5Value] {
            guard case .array(let a) = v.kind else { throw bad("'\(v.path)' should be an array") }
            return a
        }
        guard (try? string(member(root, "format"))) == Self.format else {
            throw bad("no \"format\": \"\(Self.format)\"")
        }
        guard try int(member(root, "version")) == 1 else { throw bad("unknown version (this hooksim reads version 1)") }
        guard let seed = UInt64(try string(member(root, "seed"))) else { throw bad("'seed' is not a 64-bit integer") }
        var dimensions: [SweepDimension] = []
        for d in try array(member(root, "vary")) {
            var values: [String] = []
            for v in try array(member(d, "values")) { values.append(try string(v)) }
            dimensions.append(SweepDimension(path: try string(member(d, "path")), values: values))
        }
        var topologies: [String] = []
        for t in try array(member(root, "topologies")) { topologies.append(try string(t)) }
        var measures: [ReportMeasure] = []
        for m in try array(member(root, "measures")) {
            guard let unit = ReportUnit(rawValue: try string(member(m, "unit"))) else { throw bad("unknown unit") }
            let path = try string(member(m, "path"))
            // NB: a unit is declared once, in ReportKey; a part that disagrees was written by another version.
            if let known = (SweepMeasures.derived + ReportPath.fixed).first(where: { $0.path == path }),
                known.unit != unit
            {
                throw bad("'\(path)' is a \(known.unit.rawValue) measure, not \(unit.rawValue)")
            }
            measures.append(ReportMeasure(path, unit))
        }
        let replications = try int(member(root, "replications"))
        guard replications >= 1 else { throw bad("'replications' must be at least 1") }
        let plan = SweepPlan(
            scenario: try string(member(root, "scenario")), seed: seed, dimensions: dimensions, topologies: topologies,
            measures: measures, replications: replications)
        let shardNode = try member(root, "shard")
        let k = try int(member(shardNode, "index"))
        let n = try int(member(shardNode, "count"))
        guard n >= 1, k >= 1, k <= n else { throw bad("shard \(k)/\(n) is out of range") }
        var runs: [(Int, [Double])] = []
        let width = topologies.count * measures.count
        for r in try array(member(root, "runs")) {
            let index = try int(member(r, "run"))
            guard index < plan.runCount, index % n == k - 1 else {
                throw bad("run \(index) does not belong to shard \(k)/\(n)")
            }
            var values: [Double] = []
            for v in try array(member(r, "values")) {
                guard let x = Double(try string(v)), x.isFinite else { throw bad("'\(v.path)' is not a number") }
                values.append(x)
            }
            guard values.count == width else { throw bad("run \(index) has \(values.count) values, expected \(width)") }
            runs.append((index, values))
        }
        return SweepPart(plan: plan, shard: (k, n), runs: runs)
    }

    /// Combines parts into complete results, checking that they come from one sweep and cover it.
    static func merge(_ parts: [(file: String, part: SweepPart)]) throws(SweepInputError) -> SweepResults {
        guard let first = parts.first else { throw SweepInputError("merge needs at least one part") }
        var runs: [[Double]?] = Array(repeating: nil, count: first.part.plan.runCount)
        var seen: [Int] = []
        for (file, part) in parts {
            guard part.plan == first.part.plan else {
                throw SweepInputError(
                    "\(file) and \(first.file) are parts of different sweeps (scenario, seed, grid, topologies, measures or replications differ)"
                )
            }
            guard part.shard.n == first.part.shard.n else {
                throw SweepInputError(
                    "\(file) is shard \(part.shard.k)/\(part.shard.n) but \(first.file) is shard \(first.part.shard.k)/\(first.part.shard.n): parts must split the sweep the same way"
                )
            }
            guard !seen.contains(part.shard.k) else {
                throw SweepInputError("shard \(part.shard.k)/\(part.shard.n) is given twice (\(file))")
            }
            seen.append(part.shard.k)
            for (run, values) in part.runs {
                guard runs[run] == nil else { throw SweepInputError("run \(run) appears twice (\(file))") }
                runs[run] = values
            }
        }
        let n = first.part.shard.n
        let missing = (1...n).filter { !seen.contains($0) }
        guard missing.isEmpty else {
            throw SweepInputError(
                "missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(n)" }.joined(separator: ", ")): give every part of the sweep"
            )
        }
        if let gap = runs.firstIndex(where: { $0 == nil }) {
            throw SweepInputError("run \(gap) is in no part: a part file is incomplete")
        }
        return SweepResults(plan: first.part.plan, runs: runs)
    }
}

/// A sweep input that cannot be used (a part file, a --slo, a --vary range): exit status 2.
public struct SweepInputError: Error, Sendable, CustomStringConvertible {
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { "error: " + message }
}
