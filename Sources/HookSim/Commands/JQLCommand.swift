import Foundation
import JQL

/// `hooksim jql`: checks a JQL query, or lists which issues of a file it matches.
///
/// Lets a person try a webhook filter before putting it in a scenario, with the same parser,
/// validation and errors the simulator uses.
public enum JQLCommand {
    /// The parsed command line.
    struct Options: Equatable {
        var issuesPath: String?
        var check: Bool
        var dynamic: Bool
        var now: Double?
        var query: String?
        var help: Bool
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
        do { options = try parse(arguments) } catch {
            stderr(error.description)
            return 2
        }
        if options.help {
            stdout(OptionTable.jql.help)
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

    /// Reads the arguments after `jql` through its table; `--issues` and `--check` are either-or.
    static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        let table = OptionTable.jql
        let p = try table.parse(arguments)
        // NB: with help asked for, nothing else was read; every option reads as absent.
        let options = Options(
            issuesPath: p.value("--issues"), check: p.flag("--check"), dynamic: p.flag("--dynamic"),
            now: p.value("--now").flatMap { JQLValue.timestamp($0) }, query: p.positional(0),
            help: p.helpRequested, scenarioPath: p.value("--scenario"), jira: p.value("--jira"))
        if options.help { return options }
        if options.check && options.issuesPath != nil {
            throw table.error("'--check' and '--issues' cannot be used together")
        }
        if !options.check && options.issuesPath == nil { throw table.error("Missing '--issues <file>' or '--check'") }
        if options.jira != nil && options.scenarioPath == nil {
            throw table.error("'--jira' needs '--scenario <file>'")
        }
        return options
    }
}
