/// What a run needs to know of an Aha! integration, fixed for the whole run: the Jira project it
/// links, the endpoint version and instance that serve it, the workspace it writes and what it syncs.
/// Shared by the Aha! account (which writes) and the oracle (which says what should be written).
struct IntegrationRule {
    var version: IntegrationVersion
    var instance: Int
    /// Index in `JiraWorld.projects`, -1 when the world has no such project.
    var project: Int
    var workspace: Int
    /// Bit per `Field` that this integration syncs (status is `Field.status`).
    var fieldMask: Int32
    var syncsComments: Bool
    var autoImport: Bool
    /// Whether each issue type (by `JiraWorld.typeNames` index) is mapped to a record type.
    var mapped: [Bool]

    @inline(__always) func maps(_ type: Int16) -> Bool { Int(type) < mapped.count && mapped[Int(type)] }

    @inline(__always) func syncs(field f: Int) -> Bool { fieldMask & (1 << Int32(f)) != 0 }

    /// Whether a change of this kind is written to a linked record of this integration.
    func syncs(_ change: Change) -> Bool {
        switch change.kind {
        case .update: return change.field > 0 && syncs(field: Int(change.field))
        case .transition: return syncs(field: Field.status.rawValue)
        case .comment, .commentEdit, .commentDelete: return syncsComments
        case .delete, .create: return true
        }
    }

    /// Whether an endpoint of `version` on Jira instance `instance` serves this integration.
    @inline(__always) func isServed(by version: IntegrationVersion, on instance: Int) -> Bool {
        self.version == version && self.instance == instance
    }

    /// The rules of a scenario's integrations, in file order.
    static func rules(of scenario: Scenario, world: JiraWorld) -> [IntegrationRule] {
        let aha = scenario.aha
        return aha.integrations.map { spec in
            guard let instance = world.instances.firstIndex(where: { $0.id == spec.jira }) else {
                preconditionFailure(
                    "integration '\(spec.id)': Jira instance '\(spec.jira)' passed the loader but is unknown")
            }
            guard let workspace = aha.workspaces.firstIndex(of: spec.workspace) else {
                preconditionFailure(
                    "integration '\(spec.id)': workspace '\(spec.workspace)' passed the loader but is unknown")
            }
            let project = world.projects.firstIndex(where: { $0.instance == instance && $0.key == spec.project }) ?? -1
            var mask: Int32 = spec.sync.status ? 1 << Int32(Field.status.rawValue) : 0
            for f in Field.allCases where spec.sync.fields.contains(f.name) { mask |= 1 << Int32(f.rawValue) }
            return IntegrationRule(
                version: spec.version, instance: instance, project: project, workspace: workspace, fieldMask: mask,
                syncsComments: spec.sync.comments, autoImport: spec.autoImport,
                mapped: world.typeNames.map { spec.recordType(for: $0) != nil })
        }
    }

    /// Integrations by Jira project index: the only ones that can link that project's issues.
    static func byProject(_ rules: [IntegrationRule], projects: Int) -> [[Int]] {
        var byProject: [[Int]] = Array(repeating: [], count: projects)
        for (k, rule) in rules.enumerated() where rule.project >= 0 { byProject[rule.project].append(k) }
        return byProject
    }
}
