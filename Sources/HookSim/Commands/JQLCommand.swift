import Foundation
import JQL

/// `hooksim jql`: checks a JQL query, or lists which issues of a file it matches.
///
/// Lets a person try a webhook filter before putting it in a scenario, with the same parser,
/// validation and errors the simulator uses.
public enum JQLCommand {
    static let usage = """
        USAGE: hooksim jql --issues <file> [--now <time>] [--dynamic] <query>
               hooksim jql --check [--dynamic] [--scenario <file> [--jira <id>]] <query>

        ARGUMENTS:
          <query>              The JQL query (quote it for the shell).

        OPTIONS:
          --issues <file>      JSON array of issues: [{"key": "WEB-1", "fields": {"project": "WEB", …}}].
                               Prints the keys of matching issues, one per line, in file order.
                               Each issue may carry "history": {"status": [{"from", "to", "at", "by"}, …]}
                               so WAS and CHANGED can be tried by hand.
          --check              Only validate the query; prints "ok".
          --scenario <file>    Also check fields and values against a scenario's Jira instance, as Jira
                               checks a webhook's filter when it is saved (unknown field, project, status, …).
          --jira <id>          The instance of --scenario to check against (default: its first).
          --dynamic            Apply Jira Cloud's dynamic-webhook restrictions (issueKey, project, issuetype,
                               status, assignee, reporter, issue.property, cf[id]; =, !=, IN, NOT IN).
          --now <time>         Reference time for relative dates, e.g. 2026-01-20T00:00:00Z
                               (default: the latest "created" or "updated" in the file).
          -h, --help           Show this help.

        Exit status: 0 on success (also when nothing matches), 2 for an invalid query, file or option.
        """

    /// The parsed command line.
    struct Options: Equatable {
        var issuesPath: String?
        var check = false
        var dynamic = false
        var now: Double?
        var query: String?
        var help = false
        var scenarioPath: String?
        var jira: String?
    }

    /// Runs the command.
    /// - Parameters:
    ///   - arguments: the arguments after `jql`.
    ///   - stdout: receives output, one complete line (or block) per call, without a trailing newline.
    ///   - stderr: receives errors in the same way.
    ///   - readFile: reads a file's bytes (injected so tests need no files).
    /// - Returns: the exit status: 0 on success, 2 for any error.
    public static func run(
        arguments: [String], stdout: (String) -> Void, stderr: (String) -> Void,
        readFile: (String) throws -> [UInt8]
    ) -> Int32 {
        let options: Options
        switch parse(arguments) {
        case .failure(let message):
            stderr("error: \(message.text)\nUsage: hooksim jql --issues <file> <query> | hooksim jql --check <query>")
            return 2
        case .success(let parsed):
            options = parsed
        }
        if options.help {
            stdout(usage)
            return 0
        }
        let text = options.query ?? ""
        let query: JQLQuery
        do {
            query = try JQLQuery.parse(text, mode: options.dynamic ? .dynamicWebhook : .standard)
        } catch {
            stderr(error.rendered(source: "<query>", query: text))
            return 2
        }
        if let scenarioPath = options.scenarioPath,
            !checkAgainstScenario(query, scenarioPath, jira: options.jira, stderr: stderr, readFile: readFile)
        {
            return 2
        }
        guard let path = options.issuesPath else {
            stdout("ok")
            return 0
        }
        let bytes: [UInt8]
        do {
            bytes = try readFile(path)
        } catch {
            stderr("error: cannot read the --issues file '\(path)': \(describe(error))")
            return 2
        }
        let file: JQLIssueFile
        do {
            file = try JQLIssueFile(bytes: bytes)
        } catch {
            stderr(error.rendered(source: path, query: String(decoding: bytes, as: UTF8.self)))
            return 2
        }
        let context = JQLContext(now: options.now ?? file.latestTime ?? 0)
        for issue in file.issues where query.matches(issue, context: context) { stdout(issue.key) }
        return 0
    }

    /// Checks `query` against the instance `jira` (default: the first) of the scenario at `path`,
    /// printing every problem; the scenario's own errors are printed as `validate` prints them.
    /// - Returns: whether the query passed.
    static func checkAgainstScenario(
        _ query: JQLQuery, _ path: String, jira: String?, stderr: (String) -> Void, readFile: (String) throws -> [UInt8]
    ) -> Bool {
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader.load(bytes: try readFile(path), file: path)
        } catch let error as ScenarioError {
            stderr(error.description)
            return false
        } catch {
            stderr("error: cannot read the --issues file '\(path)': \(describe(error))")
            return false
        }
        let ids = scenario.jira.map(\.id)
        guard let instance = jira.map({ id in scenario.jira.first { $0.id == id } }) ?? scenario.jira.first else {
            stderr("error: " + Suggestion.unknown("Jira instance", jira ?? "", in: path, candidates: ids))
            return false
        }
        guard let expression = query.expression else { return true }
        let problems = ScenarioLoader.vocabulary(of: instance).check(expression, text: query.text)
        for problem in problems { stderr(problem.rendered(source: "<query>", query: query.text)) }
        return problems.isEmpty
    }

    /// Words a file-reading error for a person: Foundation's own sentence rather than its debug dump.
    static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        return ns.domain == NSCocoaErrorDomain ? ns.localizedDescription : String(describing: error)
    }

    /// Parses the arguments after `jql`, in swift-argument-parser's wording for mistakes.
    static func parse(_ arguments: [String]) -> Result<Options, CommandError> {
        var options = Options()
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                guard options.query == nil else { return .failure(CommandError("Unexpected argument '\(argument)'")) }
                options.query = argument
                continue
            }
            switch argument {
            case "--": onlyPositionals = true
            case "-h", "--help": options.help = true
            case "--check": options.check = true
            case "--dynamic": options.dynamic = true
            case "--issues", "--now", "--scenario", "--jira":
                guard index < arguments.count else {
                    let names = [
                        "--issues": "--issues <file>", "--now": "--now <time>", "--scenario": "--scenario <file>",
                    ]
                    let name = names[argument] ?? "--jira <id>"
                    return .failure(CommandError("Missing value for '\(name)'"))
                }
                let value = arguments[index]
                index += 1
                if argument == "--issues" {
                    options.issuesPath = value
                } else if argument == "--scenario" {
                    options.scenarioPath = value
                } else if argument == "--jira" {
                    options.jira = value
                } else {
                    guard let t = JQLValue.timestamp(value) else {
                        return .failure(
                            CommandError(
                                "The value '\(value)' is invalid for '--now <time>'; use e.g. 2026-01-20T00:00:00Z"))
                    }
                    options.now = t
                }
            default:
                return .failure(CommandError("Unknown option '\(argument)'"))
            }
        }
        if options.help { return .success(options) }
        if options.check && options.issuesPath != nil {
            return .failure(CommandError("'--check' and '--issues' cannot be used together"))
        }
        if !options.check && options.issuesPath == nil {
            return .failure(CommandError("Missing '--issues <file>' or '--check'"))
        }
        if options.jira != nil && options.scenarioPath == nil {
            return .failure(CommandError("'--jira' needs '--scenario <file>'"))
        }
        if options.query == nil { return .failure(CommandError("Missing expected argument '<query>'")) }
        return .success(options)
    }

    /// A command-line mistake, worded for the person who typed it.
    struct CommandError: Error, Equatable {
        var text: String
        init(_ text: String) { self.text = text }
    }
}
