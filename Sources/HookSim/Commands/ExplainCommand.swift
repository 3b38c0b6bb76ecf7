import SimKit

/// `hooksim explain`: the story of one Jira issue in one topology, so a figure in a report can be
/// traced to its cases (issue 17). It costs one run of the topology with an `ExplainProbe`.
enum ExplainCommand {
    struct Options: Equatable {
        var file: String
        var topology: String?
        var issue: String?
        var seed: UInt64?
        var sets: [String]
        var change: Int32?
        var pairsOnly: Bool
        var reason: Stage?
        var limit: Int
        var json: Bool
    }

    /// Reads the command line of `explain` (without the command name) through its table.
    static func parse(_ args: [String]) throws(UsageError) -> Options {
        let table = OptionTable.explain
        let p = try table.parse(args)
        let o = Options(
            file: p.positional(0) ?? "", topology: p.value("--topology"), issue: p.value("--issue"),
            seed: p.uint64("--seed"), sets: p.values("--set"), change: p.value("--change").flatMap { Int32($0) },
            pairsOnly: p.flag("--pair"),
            reason: p.value("--reason").flatMap { name in Stage.allCases.first { $0.name == name } },
            limit: p.defaulted("--limit", as: { Int($0) }), json: p.value("--format") == "json")
        if o.issue == nil && o.reason == nil {
            throw table.error("Missing expected option '--issue <key>' (or '--reason <reason>' to list cases)")
        }
        return o
    }

    static func run(_ args: [String], console: Console) -> Int32 {
        let o: Options
        switch OptionTable.explain.read(args, console: console, parse) {
        case .success(let v): o = v
        case .failure(let status): return status.code
        }
        func fail(_ message: String) -> Int32 {
            console.err("error: " + message + "\n")
            return CLI.exitBadInput
        }
        guard var scenario = CLI.load(o.file, sets: o.sets, console: console) else { return CLI.exitBadInput }
        if let seed = o.seed { scenario.seed = seed }
        let names = scenario.topologies.map(\.name)
        let index: Int
        if let name = o.topology {
            guard let k = names.firstIndex(of: name) else {
                return fail(
                    "no topology named '\(name)' in \(o.file) for '--topology <name>' (topologies: \(names.joined(separator: ", ")))"
                )
            }
            index = k
        } else {
            guard names.count == 1 else {
                return fail(
                    "Missing expected option '--topology <name>': \(o.file) has \(names.count) (\(names.joined(separator: ", ")))"
                )
            }
            index = 0
        }
        let key = o.issue.flatMap(IssueKey.init)
        if let key {
            let projects = scenario.jira.flatMap { $0.projects.map(\.key) }
            guard projects.contains(key.project) else {
                let near = Suggestion.closest(to: key.project, in: projects).map {
                    "; did you mean '\($0)-\(key.number)'?"
                }
                return fail(
                    "no project '\(key.project)' in \(o.file) for '--issue <key>'"
                        + (near ?? " (projects: \(projects.joined(separator: ", ")))"))
            }
        }
        let target: ExplainTarget =
            key.map { .issue(project: $0.project, number: $0.number) }
            ?? .reason(o.reason ?? .noWebhook, limit: o.limit)
        var command = [
            "hooksim", "explain", ScenarioReport.quotedArgument(o.file), "--topology",
            ScenarioReport.quotedArgument(names[index]),
        ]
        command += o.sets.flatMap { ["--set", ScenarioReport.quotedArgument($0)] } + ["--seed", String(scenario.seed)]
        if let key { command += ["--issue", key.text] }
        if let reason = o.reason { command += ["--reason", reason.name] }
        if key == nil { command += ["--limit", String(o.limit)] }
        if let change = o.change { command += ["--change", String(change)] }
        if o.pairsOnly { command.append("--pair") }
        let headline =
            " · topology '\(names[index])' of \(scenario.name) · seed \(scenario.seed)\n"
            + command.joined(separator: " ")
        let title = { (sim: TopologySimulation, issue: Int32?) -> String in
            guard let key, let issue else {
                return "Changes with a pair dropped as \(o.reason?.name ?? "") (the first \(o.limit) by change)"
                    + headline
            }
            let parent = sim.world.issues[Int(issue)].parent
            return key.text + " (" + sim.world.typeName(of: issue)
                + (parent >= 0 ? " under " + sim.world.key(of: parent) : "") + ")" + headline
        }
        let options = StoryOptions(change: o.change, pairsOnly: o.pairsOnly, reason: o.reason)
        let result: (story: IssueStory?, sim: TopologySimulation, measures: Measures)
        do {
            result = try IssueStory.explain(
                scenario, topology: index, target: target, options: options, title: title,
                progress: CLI.progress(console: console))
            if console.stderrIsTerminal { console.err("\r\u{1B}[K") }
        } catch {
            if console.stderrIsTerminal { console.err("\r\u{1B}[K") }
            // NB: the same statuses as `run`: interrupted 130, an invariant (a bug) 3, a limit 2.
            switch error {
            case .interrupted:
                console.err("hooksim: interrupted\n")
                return CLI.exitInterrupted
            case .invariant:
                console.err("\(error)\n")
                return CLI.exitInternal
            case .eventLimit:
                return fail("\(error)\n --> \(o.file)")
            }
        }
        guard let story = result.story else {
            let world = result.sim.world
            let keys = world.issues.indices.map { world.key(of: Int32($0)) }
            let near = IssueKey.closeMatches(to: key?.text ?? "", in: keys)
            return fail(
                "no issue '\(key?.text ?? "")' in topology '\(names[index])' of \(o.file) (seed \(scenario.seed)) for '--issue <key>'"
                    + (near.isEmpty ? "" : "; close matches: " + near.joined(separator: ", ")))
        }
        console.out(o.json ? StoryJSON.render(story) : StoryText.render(story))
        return CLI.exitOK
    }
}

/// An issue key as a person types it: `WEB-42`.
struct IssueKey: Equatable {
    var project: String
    var number: Int32
    var text: String { project + "-" + String(number) }

    init?(_ text: String) {
        guard let dash = text.lastIndex(of: "-"), dash != text.startIndex,
            let n = Int32(text[text.index(after: dash)...]), n > 0
        else { return nil }
        project = String(text[..<dash]).uppercased()
        number = n
    }

    /// Up to five keys within two edits of `key`, closest first, then in the order given.
    static func closeMatches(to key: String, in keys: [String]) -> [String] {
        let a = Array(key.uppercased().unicodeScalars)
        var scored: [(Int, Int, String)] = []
        for (i, k) in keys.enumerated() {
            let d = distance(a, Array(k.unicodeScalars))
            if d <= 2 { scored.append((d, i, k)) }
        }
        return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(5).map(\.2)
    }

    /// Levenshtein distance.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let old = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = old
            }
        }
        return row[b.count]
    }
}
