import SimKit

/// Reading and editing the scenario's JSON5 tree by path.
extension ScenarioShrinker {
    static func node(_ v: JSON5Value, _ path: [Step]) -> JSON5Value? {
        var cur = v
        for step in path {
            switch (step, cur.kind) {
            case (.key(let k), .object(let members)):
                guard let m = members.first(where: { $0.key == k }) else { return nil }
                cur = m.value
            case (.index(let i), .array(let items)):
                guard i >= 0 && i < items.count else { return nil }
                cur = items[i]
            default: return nil
            }
        }
        return cur
    }

    static func string(_ v: JSON5Value?) -> String? {
        if case .string(let s)? = v?.kind { return s.value }
        return nil
    }

    /// A short name for an element in messages: its `name`, `id` or `key`, or its text.
    static func label(_ v: JSON5Value?) -> String {
        guard let v else { return "?" }
        for key in ["name", "id", "key"] {
            if let s = string(node(v, [.key(key)])) { return "'\(s)'" }
        }
        if let s = string(v) { return "'\(s)'" }
        let text = v.rendered().split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(
            separator: " ")
        return text.count > 60 ? String(text.prefix(57)) + "…" : text
    }

    /// Applies `f` to the node at `path`, if it exists.
    static func edit(_ v: inout JSON5Value, _ path: ArraySlice<Step>, _ f: (inout JSON5Value) -> Void) {
        guard let step = path.first else { return f(&v) }
        switch (step, v.kind) {
        case (.key(let k), .object(var members)):
            guard let i = members.firstIndex(where: { $0.key == k }) else { return }
            edit(&members[i].value, path.dropFirst(), f)
            v.kind = .object(members)
        case (.index(let i), .array(var items)):
            guard i >= 0 && i < items.count else { return }
            edit(&items[i], path.dropFirst(), f)
            v.kind = .array(items)
        default: return
        }
    }

    /// Removes element `index` of the array at `path`.
    static func remove(_ v: inout JSON5Value, _ path: [Step], at index: Int) {
        edit(&v, path[...]) { node in
            if case .array(var items) = node.kind, index < items.count {
                items.remove(at: index)
                node.kind = .array(items)
            }
        }
    }

    /// Removes member `key` of the object at `path`.
    static func removeMember(_ v: inout JSON5Value, _ path: [Step], _ key: String) {
        edit(&v, path[...]) { node in
            if case .object(var members) = node.kind {
                members.removeAll { $0.key == key }
                node.kind = .object(members)
            }
        }
    }

    /// Sets the value at `path` (adding a top-level member when absent) to a number literal.
    static func set(_ v: inout JSON5Value, _ path: [Step], number text: String) {
        set(&v, path, Search.number(text, like: v))
    }

    static func set(_ v: inout JSON5Value, _ path: [Step], _ value: JSON5Value) {
        if node(v, path) != nil {
            edit(&v, path[...]) { $0 = value }
        } else if path.count == 1, case .key(let k) = path[0], case .object(var members) = v.kind {
            members.insert(JSON5Member(key: k, keyPosition: v.position, value: value), at: 0)
            v.kind = .object(members)
        }
    }

    static func stringValue(_ text: String, like old: JSON5Value) -> JSON5Value {
        JSON5Value(kind: .string(JSON5String(value: text, isVerbatim: true)), position: old.position, path: old.path)
    }

    /// Lists whose elements a repair may remove, as the loader writes their paths.
    static func isRemovableList(_ path: [Step]) -> Bool {
        switch path.count {
        case 1: return path[0] == .key("timeline")
        case 2:
            return path == [.key("activity"), .key("bursts")] || path == [.key("aha"), .key("integrations")]
                || path == [.key("aha"), .key("users")] || path == [.key("aha"), .key("workspaces")]
        case 3:
            if case .index = path[1] {
                return (path[0] == .key("topologies") && path[2] == .key("webhooks"))
                    || (path[0] == .key("jira") && path[2] == .key("projects"))
            }
            return false
        default: return false
        }
    }

    /// The candidate with dangling references removed, and the scenario it loads as; nil when it
    /// cannot be made to load.
    static func repaired(_ candidate: JSON5Value, file: String) -> (tree: JSON5Value, scenario: Scenario)? {
        var tree = candidate
        for _ in 0..<24 {
            let error: ScenarioError
            do {
                return (tree, try ScenarioLoader.load(text: tree.rendered(), file: file))
            } catch let e { error = e }
            guard let steps = ScenarioLoader.steps(error.path), fix(&tree, steps) else { return nil }
        }
        return nil
    }

    /// Removes what the loader complained about at `steps`: the list element that holds it, the
    /// `expect` entry, or the role it names. False when nothing there can go.
    static func fix(_ tree: inout JSON5Value, _ steps: [Step]) -> Bool {
        if steps.first == .key("expect"), steps.count >= 2, case .key(let topology) = steps[1] {
            if steps.count >= 3, case .key(let path) = steps[2] {
                removeMember(&tree, [.key("expect"), .key(topology)], path)
            } else {
                removeMember(&tree, [.key("expect")], topology)
            }
            return true
        }
        if steps.count >= 5, steps[0] == .key("aha"), steps[1] == .key("users"), steps[3] == .key("roles"),
            case .key(let workspace) = steps[4]
        {
            removeMember(&tree, Array(steps[0..<4]), workspace)
            return true
        }
        var prefix = steps
        while !prefix.isEmpty {
            if case .index(let i) = prefix.last!, isRemovableList(Array(prefix.dropLast())) {
                remove(&tree, Array(prefix.dropLast()), at: i)
                return true
            }
            prefix.removeLast()
        }
        return false
    }
}
