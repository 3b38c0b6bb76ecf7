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
        default: return .empty
        }
    }

    private static func names(_ mask: Int32, _ table: [String]) -> JQLValue {
        var out: [String] = []
        for (i, name) in table.enumerated() where mask & (1 << i) != 0 { out.append(name) }
        return out.isEmpty ? .empty : .texts(out)
    }
}
