import SimKit

/// The `issue`, `changelog` and `comment` objects of a body.
extension JiraPayload {
    /// `issue`: `id`, `self`, `key` and `fields`. Comment events carry the trimmed field set Cloud
    /// sends with them (summary, issuetype, project, assignee, priority, status); issue events the
    /// fuller one of `jira:issue_updated` (JIRA-WEBHOOKS.md §2.4).
    static func issue(_ s: ChangeSnapshot, _ instance: PayloadInstance, trimmed: Bool, into w: inout ByteJSON) {
        let id = issueID(s)
        w.raw("{")
        w.key("id")
        w.quotedInt(id)
        w.next("self")
        w.quote()
        w.piece(instance.baseUrl)
        w.raw("/rest/api/2/issue/")
        w.int(id)
        w.quote()
        w.next("key")
        w.string(s.key)
        w.next("fields")
        w.raw("{")
        w.key("summary")
        w.quote()
        w.piece(s.key)
        w.raw(" summary ")
        w.int(Int64(s.values[Field.summary.rawValue]))
        w.quote()
        w.next("issuetype")
        w.raw("{")
        w.key("id")
        w.quotedInt(10000 + Int64(s.type))
        w.next("name")
        w.string(s.typeName)
        w.next("subtask")
        w.bool(s.subtask)
        w.raw("}")
        w.next("project")
        w.raw("{")
        w.key("id")
        w.quotedInt(10000 + Int64(s.project))
        w.next("key")
        w.string(s.projectKey)
        w.raw("}")
        w.next("assignee")
        let assignee = s.values[Field.assignee.rawValue]
        if assignee < 0 { w.raw("null") } else { user(assignee, instance, into: &w) }
        w.next("priority")
        priority(s.values[Field.priority.rawValue], into: &w)
        w.next("status")
        status(s.values[Field.status.rawValue], into: &w)
        if !trimmed {
            w.next("reporter")
            user(s.reporter, instance, into: &w)
            w.next("description")
            w.stringOrNull(description(s.values))
            w.next("labels")
            w.raw("[")
            for (i, name) in names(s.values[Field.labels.rawValue], JiraNames.labels).enumerated() {
                if i > 0 { w.raw(",") }
                w.string(name)
            }
            w.raw("]")
            w.next("components")
            w.raw("[")
            var first = true
            for (i, name) in JiraNames.components.enumerated() where s.values[Field.components.rawValue] & (1 << i) != 0
            {
                if !first { w.raw(",") }
                first = false
                w.raw("{")
                w.key("id")
                w.quotedInt(10000 + Int64(i))
                w.next("name")
                w.string(name)
                w.raw("}")
            }
            w.raw("]")
            w.next("fixVersions")
            w.raw("[")
            if s.fixVersion >= 0 {
                w.raw("{")
                w.key("name")
                w.string(JiraNames.versions[Int(s.fixVersion)])
                w.raw("}")
            }
            w.raw("]")
            if let parent = s.parentKey {
                w.next("parent")
                w.raw("{")
                w.key("key")
                w.string(parent)
                w.raw("}")
            }
            w.next("created")
            w.timestamp(s.created, jiraStyle: true)
            w.next("updated")
            w.timestamp(s.change.time, jiraStyle: true)
        }
        w.raw("}}")
    }

    /// The summary text JQL sees too (`IssueView`): the key and the version that wrote it.
    static func summary(_ key: String, _ values: FieldValues) -> String {
        "\(key) summary \(values[Field.summary.rawValue])"
    }

    static func description(_ values: FieldValues) -> String? {
        let d = values[Field.description.rawValue]
        return d == 0 ? nil : "description \(d)"
    }

    static func names(_ mask: Int32, _ table: [String]) -> [String] {
        table.indices.filter { mask & (1 << $0) != 0 }.map { table[$0] }
    }

    static func priority(_ value: Int32, into w: inout ByteJSON) {
        w.raw("{")
        w.key("id")
        w.quotedInt(Int64(value) + 1)
        w.next("name")
        w.string(JiraNames.priorities[Int(value)])
        w.raw("}")
    }

    static func status(_ value: Int32, into w: inout ByteJSON) {
        let v = Int(value)
        w.raw("{")
        w.key("id")
        w.quotedInt(statusIDs[v])
        w.next("name")
        w.string(JiraNames.statuses[v])
        w.next("statusCategory")
        w.raw("{")
        w.key("key")
        w.raw("\"")
        w.raw(statusCategories[v].key)
        w.raw("\"")
        w.next("name")
        w.raw("\"")
        w.raw(statusCategories[v].name)
        w.raw("\"}}")
    }

    /// `changelog` of an update or transition: one item for the field it changed, `from`/`to` as
    /// ids and `fromString`/`toString` as names, the way Jira writes them (JIRA-WEBHOOKS.md §2.3).
    static func changelog(_ s: ChangeSnapshot, _ instance: PayloadInstance, into w: inout ByteJSON) {
        w.raw("{")
        w.key("id")
        w.quotedInt(10000 + Int64(s.change.id))
        w.next("items")
        w.raw("[")
        if s.change.field >= 0, let field = Field(rawValue: Int(s.change.field)), let before = s.before {
            item(field, from: before[field.rawValue], to: s.values[field.rawValue], s, instance, into: &w)
        }
        w.raw("]}")
    }

    static func item(
        _ field: Field, from: Int32, to: Int32, _ s: ChangeSnapshot, _ instance: PayloadInstance, into w: inout ByteJSON
    ) {
        /// (id, display string) of a value of this field.
        func shown(_ v: Int32) -> (String?, String?) {
            switch field {
            case .status: return (String(statusIDs[Int(v)]), JiraNames.statuses[Int(v)])
            case .priority: return (String(v + 1), JiraNames.priorities[Int(v)])
            case .summary: return (nil, summary(s.key, FieldValues(repeating: v)))
            case .description: return (nil, v == 0 ? nil : "description \(v)")
            case .labels:
                let n = names(v, JiraNames.labels)
                return (nil, n.isEmpty ? nil : n.joined(separator: " "))
            case .components:
                let i = JiraNames.components.indices.filter { v & (1 << $0) != 0 }
                return (
                    i.first.map { String(10000 + $0) },
                    i.isEmpty ? nil : i.map { JiraNames.components[$0] }.joined(separator: ", ")
                )
            case .assignee:
                guard v >= 0 else { return (nil, nil) }
                let slot = instance.slot(v)
                return (
                    instance.kind == .cloud ? instance.accountIDs[slot] : instance.names[slot], instance.names[slot]
                )
            }
        }
        let (fromID, fromString) = shown(from)
        let (toID, toString) = shown(to)
        w.raw("{")
        w.key("field")
        w.string(field == .components ? "Component" : field.name)
        w.next("fieldtype")
        w.raw("\"jira\"")
        if instance.kind == .cloud {
            w.next("fieldId")
            w.string(field.name)
        }
        w.next("from")
        w.stringOrNull(fromID)
        w.next("fromString")
        w.stringOrNull(fromString)
        w.next("to")
        w.stringOrNull(toID)
        w.next("toString")
        w.stringOrNull(toString)
        w.raw("}")
    }

    /// The comment a comment event is about: the newest on the issue (the one just added or
    /// edited, or the one just deleted). Its text is the one JQL's `comment ~` sees.
    static func comment(_ s: ChangeSnapshot, kind: EventKind, _ instance: PayloadInstance, into w: inout ByteJSON) {
        let number = Int64(kind == .commentDeleted ? s.comments + 1 : max(1, s.comments))
        let id = (10000 + Int64(s.change.issue)) * 10000 + number
        w.raw("{")
        w.key("self")
        w.quote()
        w.piece(instance.baseUrl)
        w.raw("/rest/api/2/issue/")
        w.int(issueID(s))
        w.raw("/comment/")
        w.int(id)
        w.quote()
        w.next("id")
        w.quotedInt(id)
        w.next("author")
        user(s.change.actor, instance, into: &w)
        w.next("body")
        w.quote()
        w.raw("comment ")
        w.int(number)
        w.raw(" on ")
        w.piece(s.key)
        w.quote()
        w.next("updateAuthor")
        user(s.change.actor, instance, into: &w)
        w.next("created")
        w.timestamp(s.change.time, jiraStyle: true)
        w.next("updated")
        w.timestamp(s.change.time, jiraStyle: true)
        w.next("jsdPublic")
        w.raw("true")
        w.raw("}")
    }
}
