import Foundation
import SimKit

/// The pure parts of a saturation search: range bounds and service-level objectives.
///
/// The search itself, which loads files and prints, is the `saturate` command in Commands/.
enum Saturation {
    /// A range bound split into its number and unit: `60/h` → (60, "/h"), `150ms` → (150, "ms").
    static func split(_ text: String) -> (Double, String)? {
        let s = text.trimming(" ")
        let numberPart = s.prefix(while: { $0.isASCII && ($0.isNumber || $0 == ".") })
        guard let x = Double(numberPart), x.isFinite else { return nil }
        return (x, String(s.dropFirst(numberPart.count)))
    }

    /// One service-level objective: a measure, an operator and a bound in the measure's unit.
    struct SLO {
        var measure: ReportMeasure
        var op: ComparisonOperator
        var bound: Double
        var text: String
    }

    static func parseSLO(_ text: String, scenario: Scenario) throws(SweepInputError) -> SLO {
        let trimmed = text.trimming(" ")
        guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "=" || $0 == "!" })
        else {
            throw SweepInputError(
                "in '--slo \(text)': expected '<measure> <op> <bound>', such as \"latency.p99 < 60s\"")
        }
        let path = String(trimmed[..<space])
        guard let measure = SweepMeasures.measure(path, in: scenario) else {
            throw SweepInputError(
                "in '--slo \(text)': "
                    + Suggestion.unknown(
                        "report path", path, candidates: SweepMeasures.derived.map(\.path) + ReportPath.patterns))
        }
        let rest = String(trimmed[space...])
        let reader = ScenarioReader(file: "--slo", text: Array(rest.unicodeScalars))
        let node = JSON5Value(
            kind: .string(JSON5String(value: rest, isVerbatim: true)), position: SourcePosition(line: 1, column: 1),
            path: "")
        do {
            let (op, bound, _) = try ScenarioLoader.readComparison(node, measure: measure, reader)
            return SLO(measure: measure, op: op, bound: bound, text: trimmed)
        } catch {
            throw SweepInputError("in '--slo \(text)': \(error.message)")
        }
    }
}
