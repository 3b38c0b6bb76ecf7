import Testing

@testable import JQL

/// The jumping code AND/OR/NOT compile to must agree with plain boolean logic over the same clauses.
@Suite struct JQLCodeTests {
    /// A random boolean formula over single clauses, with the JQL text and its truth value per issue.
    private indirect enum Formula {
        case atom(Int)
        case and(Formula, Formula)
        case or(Formula, Formula)
        case not(Formula)

        func jql(_ atoms: [String]) -> String {
            switch self {
            case .atom(let i): atoms[i]
            case .and(let a, let b): "(\(a.jql(atoms)) AND \(b.jql(atoms)))"
            case .or(let a, let b): "(\(a.jql(atoms)) OR \(b.jql(atoms)))"
            case .not(let a): "NOT \(a.jql(atoms))"
            }
        }

        func value(_ truth: [Bool]) -> Bool {
            switch self {
            case .atom(let i): truth[i]
            case .and(let a, let b): a.value(truth) && b.value(truth)
            case .or(let a, let b): a.value(truth) || b.value(truth)
            case .not(let a): !a.value(truth)
            }
        }
    }

    private static let atoms = ["project = WEB", "labels = ui", "votes > 2", "status = Done", "assignee is empty"]

    private func formula(_ state: inout UInt64, depth: Int) -> Formula {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let pick = Int(state >> 59)  // 0...31
        if depth == 0 || pick < 8 { return .atom(pick % Self.atoms.count) }
        switch pick % 3 {
        case 0: return .and(formula(&state, depth: depth - 1), formula(&state, depth: depth - 1))
        case 1: return .or(formula(&state, depth: depth - 1), formula(&state, depth: depth - 1))
        default: return .not(formula(&state, depth: depth - 1))
        }
    }

    @Test func jumpingCodeAgreesWithBooleanLogic() throws {
        let single = try Self.atoms.map { try JQLQuery.parse($0) }
        var state: UInt64 = 42
        for _ in 0..<300 {
            let f = formula(&state, depth: 5)
            let query = try JQLQuery.parse(f.jql(Self.atoms))
            for issue in Fixture.issues {
                let truth = single.map { $0.matches(issue, context: Fixture.context) }
                #expect(query.matches(issue, context: Fixture.context) == f.value(truth), "\(f.jql(Self.atoms))")
            }
        }
    }

    @Test func eachFieldIsAskedForOnceInTheFieldTable() throws {
        let query = try JQLQuery.parse("project = A OR project = B OR (status = C AND project != D)")
        #expect(query.code.fields == [.project, .status])
        #expect(query.code.instructions.count == 4)
    }
}
