import Foundation
import SimKit

/// Turns a scenario file (JSON5, DESIGN.md §6) into a validated `Scenario`, or into one
/// `ScenarioError` that names the file, the path inside it, the line and column, and what was
/// expected.
///
/// Loading is strict: unknown keys, wrong types, unknown names and impossible values are errors,
/// because a scenario that silently runs with a default instead of what was written gives a
/// confident wrong answer. Sections are read in a fixed order (top-level values, Jira, activity,
/// network, Aha!, topologies, timeline, expectations) so that references can be checked against
/// what they refer to, and the first error found is the same on every run.
public enum ScenarioLoader {
    /// Largest file accepted: far beyond any hand-written scenario, small enough to read at once.
    public static let maxFileBytes = 16 << 20

    static let topKeys = [
        "name", "description", "seed", "duration", "drain", "limits", "jira", "activity", "network", "aha",
        "topologies", "timeline", "expect", "sweep",
    ]

    /// Loads the scenario file at `path`.
    /// - Throws: `ScenarioError` for a missing file, a directory, an unreadable or oversized file,
    ///   and every problem `load(bytes:file:)` reports.
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        try load(path: path, overrides: [])
    }

    /// Loads a scenario file with values replaced before validation (`run --set`, `sweep --vary`).
    static func load(path: String, overrides: [ScenarioOverride]) throws(ScenarioError) -> Scenario {
        func fileError(_ message: String) -> ScenarioError {
            ScenarioError(file: path, path: "", line: 0, column: 0, message: message, sourceLine: "")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fileError("no such file: \(JSON5Path.quoted(path))")
        }
        if isDirectory.boolValue {
            throw fileError(
                "\(JSON5Path.quoted(path)) is a directory, not a scenario file: give one of the .json5 files in it")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
            throw fileError("\(JSON5Path.quoted(path)) is not a regular file")
        }
        if let size = attributes?[.size] as? NSNumber, size.int64Value > Int64(maxFileBytes) {
            throw fileError(
                "the file is too large (\(size.int64Value) bytes); a scenario file may hold at most \(maxFileBytes) bytes"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fileError("cannot read \(JSON5Path.quoted(path)): check its permissions")
        }
        return try load(bytes: [UInt8](data), file: path, overrides: overrides)
    }

    /// Loads a scenario from text; `file` is the name used in messages and for the default `name`.
    public static func load(text: String, file: String) throws(ScenarioError) -> Scenario {
        try load(bytes: Array(text.utf8), file: file)
    }

    /// Loads a scenario from the bytes of a file; `file` is the name used in messages and for the
    /// default `name`.
    public static func load(bytes: [UInt8], file: String) throws(ScenarioError) -> Scenario {
        try load(bytes: bytes, file: file, overrides: [])
    }

    /// Loads a scenario with values replaced before validation (`sweep --vary`), so that an
    /// overridden value gets exactly the checks and messages a value written in the file gets.
    static func load(bytes: [UInt8], file: String, overrides: [ScenarioOverride]) throws(ScenarioError) -> Scenario {
        guard bytes.count <= maxFileBytes else {
            throw ScenarioError(
                file: file, path: "", line: 0, column: 0,
                message:
                    "the file is too large (\(bytes.count) bytes); a scenario file may hold at most \(maxFileBytes) bytes",
                sourceLine: "")
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw ScenarioError(
                file: file, path: "", line: 0, column: 0,
                message:
                    "the file is empty: a scenario is a JSON5 object such as {jira: […], aha: {…}, topologies: […]}",
                sourceLine: "")
        }
        let reader = ScenarioReader(file: file, text: Array(String(decoding: bytes, as: UTF8.self).unicodeScalars))
        let root: JSON5Value
        do {
            root = try JSON5.parse(bytes: bytes)
        } catch {
            throw reader.error(error.message, at: error.position, path: error.path)
        }
        var edited = root
        for o in overrides { try apply(o, to: &edited, reader) }
        do {
            return try decode(edited, reader)
        } catch {
            throw attribute(error, to: overrides)
        }
    }

    /// The scenario's default name: the file's base name without its extension.
    static func baseName(_ file: String) -> String {
        let last = file.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? file
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return last }
        return String(last[..<dot])
    }

    private static func decode(_ root: JSON5Value, _ r: ScenarioReader) throws(ScenarioError) -> Scenario {
        let top = try r.object(
            root, what: "a scenario object {jira, aha, topologies, …}", keys: topKeys,
            required: ["jira", "aha", "topologies"])
        // NB: sections that do not depend on one another are all read, and their errors collected,
        // so a user fixes a file in one round; a section others depend on stops the reading.
        var errors: [ScenarioError] = []
        func attempt<T>(_ fallback: T, _ read: () throws(ScenarioError) -> T) -> T {
            do { return try read() } catch {
                errors.append(error)
                return fallback
            }
        }
        func stop(_ error: ScenarioError) -> ScenarioError { combined(errors + [error]) ?? error }
        var name = baseName(r.file)
        if let n = top["name"] {
            name = attempt(name) { () throws(ScenarioError) in try r.name(n, what: "a scenario name") }
        }
        var description = ""
        if let n = top["description"] { description = attempt("") { () throws(ScenarioError) in try r.string(n) } }
        var seed: UInt64 = 1
        if let n = top["seed"] { seed = attempt(1) { () throws(ScenarioError) in try readSeed(n, r) } }
        var duration = SimDuration.hours(8)
        if let n = top["duration"] {
            duration = attempt(duration) { () throws(ScenarioError) in try r.positiveDuration(n) }
        }
        var drain = SimDuration.hours(2)
        if let n = top["drain"] { drain = attempt(drain) { () throws(ScenarioError) in try r.duration(n) } }
        guard duration.microseconds <= Int64.max / 4, drain.microseconds <= Int64.max / 4 else {
            throw stop(r.error("the run is too long to simulate", at: top["duration"] ?? top["drain"] ?? root))
        }
        var limits = Limits()
        if let n = top["limits"] { limits = attempt(limits) { () throws(ScenarioError) in try readLimits(n, r) } }
        var network = NetworkSpec()
        if let n = top["network"] { network = attempt(network) { () throws(ScenarioError) in try readNetwork(n, r) } }

        let jira: [JiraInstanceSpec]
        do throws(ScenarioError) { jira = try readJira(top.required("jira"), limits: limits, r) } catch {
            throw stop(error)
        }
        let activity = attempt(ActivitySpec()) { () throws(ScenarioError) in
            try readActivity(
                top["activity"], jira: jira, duration: duration, limits: limits, fallback: top["duration"] ?? root, r)
        }
        if let recording = activity.recording, top["duration"] == nil {
            // NB: the capture's last change lies on its span, and a recorded change at the end is replayed.
            duration = max(recording.span, .milliseconds(1))
        }
        let aha: AhaSpec
        do throws(ScenarioError) { aha = try readAha(top.required("aha"), jira: jira, r) } catch { throw stop(error) }
        let topologies: [TopologySpec]
        var notes: [String] = []
        do throws(ScenarioError) {
            topologies = try readTopologies(top.required("topologies"), aha: aha, jira: jira, notes: &notes, r)
        } catch {
            // NB: every filter's syntax error first (file order), then what stopped the reading.
            let syntax = checkFilterSyntax(top).map { r.error($0.1, inside: $0.0, offset: $0.2) }
            throw combined(errors + syntax + [error]) ?? error
        }
        var timeline: [TimelineEntry] = []
        var expect: [Expectation] = []
        var sweep: SweepSpec?
        // NB: filters are checked after the timeline so its addWebhook filters are too; a later
        // error is reported after the filter errors rather than hiding them.
        var later: ScenarioError?
        do throws(ScenarioError) {
            if let n = top["timeline"] {
                timeline = try readTimeline(n, end: duration + drain, aha: aha, jira: jira, topologies: topologies, r)
            }
            if let n = top["expect"] {
                expect = try readExpect(n, aha: aha, topologies: topologies, timeline: timeline, r)
            }
            if let n = top["sweep"] { sweep = try readSweep(n, aha: aha, topologies: topologies, r) }
        } catch {
            later = error
        }
        let filterErrors = checkFilters(top, topologies: topologies, timeline: timeline, aha: aha, jira: jira, r)
        if let all = combined(errors + filterErrors + (later.map { [$0] } ?? [])) { throw all }
        var scenario = Scenario(
            name: name, description: description, seed: seed, duration: duration, drain: drain, jira: jira,
            activity: activity, network: network, aha: aha, topologies: topologies, timeline: timeline,
            expect: expect, limits: limits)
        scenario.sweep = sweep
        scenario.notes = (activity.recording?.notes ?? []) + notes
        return scenario
    }

    /// A seed is any integer from 0 to 2^64−1, read exactly (a `Double` would round large seeds).
    static func readSeed(_ node: JSON5Value, _ r: ScenarioReader) throws(ScenarioError) -> UInt64 {
        let message = "expected a seed: a whole number from 0 to \(UInt64.max), found \(node.found)"
        guard case .number(let n) = node.kind else { throw r.error(message, at: node) }
        if let i = n.integer {
            guard !i.negative || i.magnitude == 0 else { throw r.error(message, at: node) }
            return i.magnitude
        }
        // NB: 1e3 is a whole number too; exact only up to 2^53, beyond which it must be written out.
        guard n.value.isFinite, n.value >= 0, n.value == n.value.rounded(), n.value <= 9_007_199_254_740_992 else {
            throw r.error(message, at: node)
        }
        return UInt64(n.value)
    }

    /// `limits` may lower the built-in bounds (to keep CI runs small) but may not raise the issue
    /// limit, which protects the machine from a world it cannot hold.
    static func readLimits(_ node: JSON5Value, _ r: ScenarioReader) throws(ScenarioError) -> Limits {
        let obj = try r.object(node, what: "an object {maxEvents, maxIssues}", keys: ["maxEvents", "maxIssues"])
        var limits = Limits()
        if let n = obj["maxEvents"] { limits.maxEvents = try r.count(n, minimum: 1) }
        if let n = obj["maxIssues"] {
            let value = try r.count(n, minimum: 1)
            guard value <= Limits().maxIssues else {
                throw r.error(
                    "maxIssues may lower the limit of \(grouped(Double(Limits().maxIssues))) issues, not raise it (found \(grouped(Double(value))))",
                    at: n)
            }
            limits.maxIssues = value
        }
        return limits
    }

    /// A whole number with thousands separators, for sizes in messages ("1,000,000,000,000").
    static func grouped(_ x: Double) -> String {
        guard x.isFinite, abs(x) < 9e18 else { return "\(x)" }
        let digits = String(Int64(x.rounded()).magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (x < 0 ? "-" : "") + out
    }

    /// A share or sum for a message, rounded to 6 decimals so float noise (0.30000000000000004)
    /// does not show.
    static func short(_ x: Double) -> String {
        let r = (x * 1e6).rounded() / 1e6
        return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : "\(r)"
    }
}
