import Foundation

/// `hooksim import jira-webhooks FILE --scenario S`: the `webhooks: [...]` block equivalent to the
/// webhooks Jira's admin REST resource lists, matched to the integrations of S (DESIGN.md §7.4).
enum ImportCommand {
    struct Options: Equatable {
        var file = ""
        var scenario = ""
    }

    /// Reads the command line of `import` (without the command name).
    static func parse(_ args: [String]) throws(UsageError) -> Options {
        var o = Options()
        var positional: [String] = []
        var scenario: String?
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "--scenario" {
                guard i + 1 < args.count, !args[i + 1].hasPrefix("--") else {
                    throw UsageError(message: "Missing value for '--scenario <file>'", command: "import")
                }
                scenario = args[i + 1]
                i += 1
            } else if a.hasPrefix("-") && a != "-" {
                throw UsageError(message: "Unknown option '\(a)'", command: "import")
            } else {
                positional.append(a)
            }
            i += 1
        }
        guard let kind = positional.first else {
            throw UsageError(message: "Missing expected argument 'jira-webhooks'", command: "import")
        }
        guard kind == "jira-webhooks" else {
            throw UsageError(message: "Unknown import '\(kind)': the one kind is 'jira-webhooks'", command: "import")
        }
        guard positional.count >= 2 else { throw UsageError(message: "Missing expected argument '<file>'", command: "import") }
        if positional.count > 2 { throw UsageError(message: "Unexpected argument '\(positional[2])'", command: "import") }
        guard let scenario else { throw UsageError(message: "Missing expected option '--scenario <file>'", command: "import") }
        o.file = positional[1]
        o.scenario = scenario
        return o
    }

    static func run(_ args: [String], console: Console) -> Int32 {
        let o: Options
        do { o = try parse(args) } catch {
            console.err(error.description + "\n")
            return CLI.exitBadInput
        }
        guard let scenario = CLI.load(o.scenario, console: console) else { return CLI.exitBadInput }
        guard let data = FileManager.default.contents(atPath: o.file) else {
            console.err("error: cannot read '\(o.file)'\n")
            return CLI.exitBadInput
        }
        do {
            let imported = try ScenarioLoader.jiraWebhooks(
                bytes: [UInt8](data), file: o.file, aha: scenario.aha, jira: scenario.jira)
            console.out(ScenarioLoader.webhooksBlock(imported))
            return CLI.exitOK
        } catch {
            console.err(error.description + "\n")
            return CLI.exitBadInput
        }
    }
}
