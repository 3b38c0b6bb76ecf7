import Foundation

/// `hooksim import jira-webhooks FILE --scenario S`: the `webhooks: [...]` block equivalent to the
/// webhooks Jira's admin REST resource lists, matched to the integrations of S (DESIGN.md §7.4).
enum ImportCommand {
    struct Options: Equatable {
        var file: String
        var scenario: String
    }

    /// Reads the command line of `import` (without the command name) through its table.
    static func parse(_ args: [String]) throws(UsageError) -> Options {
        let table = OptionTable.importWebhooks
        let p = try table.parse(args)
        let kind = p.positional(0) ?? ""
        guard kind == "jira-webhooks" else {
            throw table.error("Unknown import '\(kind)': the one kind is 'jira-webhooks'")
        }
        return Options(file: p.positional(1) ?? "", scenario: p.value("--scenario") ?? "")
    }

    static func run(_ args: [String], console: Console) -> Int32 {
        let o: Options
        switch OptionTable.importWebhooks.read(args, console: console, parse) {
        case .success(let v): o = v
        case .failure(let status): return status.code
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
