import JQL
import SimKit

/// What a JQL filter sees of an issue at the moment of an event.
///
/// Built per evaluation from the flat issue array; names come from tables made once per run, so
/// evaluating a filter allocates nothing for the fields webhooks filter on.
struct IssueView: JQLIssue {
    let world: JiraWorld
    let index: Int32
    let userNames: [String]

    /// Simulated time zero, as seconds since 1970: 2026-01-01T00:00:00Z. Relative JQL dates
    /// (`created > -7d`) are measured from the event's simulated time after this instant.
    static let epoch: Double = 1_767_225_600

    func jqlValue(of field: JQLField) -> JQLValue {
        let issue = world.issues[Int(index)]
        switch field {
        case .project: return .text(world.projects[Int(issue.project)].key)
        case .issuetype: return .text(world.typeNames[Int(issue.type)])
        case .status: return .text(JiraNames.statuses[Int(issue.values[Field.status.rawValue])])
        case .statusCategory:
            let s = Int(issue.values[Field.status.rawValue])
            return .text(s == 0 ? "To Do" : s == JiraNames.statuses.count - 1 ? "Done" : "In Progress")
        case .priority: return .text(JiraNames.priorities[Int(issue.values[Field.priority.rawValue])])
        case .assignee:
            let a = Int(issue.values[Field.assignee.rawValue])
            return a < 0 || a >= userNames.count ? .empty : .text(userNames[a])
        case .reporter:
            let r = Int(issue.reporter)
            return r < 0 || r >= userNames.count ? .empty : .text(userNames[r])
        case .summary: return .text("\(world.key(of: index)) summary \(issue.values[Field.summary.rawValue])")
        case .description:
            let d = issue.values[Field.description.rawValue]
            return d == 0 ? .empty : .text("description \(d)")
        case .labels: return Self.names(issue.values[Field.labels.rawValue], JiraNames.labels)
        case .components: return Self.names(issue.values[Field.components.rawValue], JiraNames.components)
        case .key: return .text(world.key(of: index))
        case .parent: return issue.parent < 0 ? .empty : .text(world.key(of: issue.parent))
        case .created: return .date(Self.epoch + issue.created.sinceStart.seconds)
        case .resolution:
            return issue.values[Field.status.rawValue] == Int32(JiraNames.statuses.count - 1) ? .text("Done") : .empty
        case .updated: return .date(Self.epoch + issue.updated.sinceStart.seconds)
        case .resolved:
            return issue.resolved == JiraWorld.never ? .empty : .date(Self.epoch + issue.resolved.sinceStart.seconds)
        case .fixVersions: return issue.fixVersion < 0 ? .empty : .text(JiraNames.versions[Int(issue.fixVersion)])
        case .comment:
            guard issue.comments > 0 else { return .empty }
            return .texts((1...Int(issue.comments)).map { "comment \($0) on \(world.key(of: index))" })
        case .custom(let name):
            let instance = world.instance(of: index)
            // NB: a world built by hand (tests, benchmarks) may declare no custom fields at all.
            let fields = instance < world.customFields.count ? world.customFields[instance] : []
            guard let spec = fields.first(where: { $0.jqlNames.contains(name) }) else { return .empty }
            let k = world.customValue(spec, issue: index)
            return k < 0 ? .empty : .text(spec.options[k])
        default: return .empty
        }
    }

    /// The issue's changes of `field`, oldest first, as names; empty when the run keeps no history.
    func jqlHistory(of field: JQLField) -> [JQLChange] {
        guard let which = HistoryField(field), Int(index) < world.history.count else { return [] }
        let account = world.instances[world.instance(of: index)].integrationAccount
        return world.history[Int(index)].compactMap { entry in
            guard entry.field == which else { return nil }
            return JQLChange(
                from: name(entry.from, which), to: name(entry.to, which),
                at: Self.epoch + entry.at.sinceStart.seconds,
                by: entry.by < 0 ? account : entry.by < userNames.count ? userNames[Int(entry.by)] : nil)
        }
    }

    private func name(_ value: Int32, _ field: HistoryField) -> String? {
        guard value >= 0 else { return nil }
        let v = Int(value)
        switch field {
        case .status: return JiraNames.statuses[v]
        case .priority: return JiraNames.priorities[v]
        case .assignee, .reporter: return v < userNames.count ? userNames[v] : nil
        case .resolution: return "Done"
        case .fixVersion: return v < JiraNames.versions.count ? JiraNames.versions[v] : nil
        }
    }

    private static func names(_ mask: Int32, _ table: [String]) -> JQLValue {
        var out: [String] = []
        for (i, name) in table.enumerated() where mask & (1 << i) != 0 { out.append(name) }
        return out.isEmpty ? .empty : .texts(out)
    }
}
