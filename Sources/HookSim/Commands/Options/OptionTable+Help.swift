/// The texts generated from a table: the usage line, `--help`, and the Markdown reference.
extension OptionTable {
    /// `hooksim run <file> [--topology <name>]... [--seed <n>]`: positionals, then options in
    /// table order; a required option without brackets, a repeated one followed by `...`.
    public var usage: String {
        var words = [program, command]
        for p in positionals {
            switch p.count {
            case .one: words.append(p.name)
            case .optional: words.append("[" + p.name + "]")
            case .oneOrMore: words.append(p.name + "...")
            }
        }
        for o in options {
            let shown = o.required ? o.shown : "[" + o.shown + "]"
            words.append(o.kind == .repeated ? shown + "..." : shown)
        }
        return words.joined(separator: " ")
    }

    /// An option's help and what the table says besides: repeatable, required, the values, the default.
    static func notes(_ o: Option) -> String {
        var parts: [String] = []
        if o.kind == .repeated { parts.append("repeatable") }
        if o.required { parts.append("required") }
        if !o.rule.choices.isEmpty { parts.append("one of " + o.rule.choices.joined(separator: ", ")) }
        switch o.defaultValue {
        case .value(let v)?: parts.append("default: " + v)
        case .note(let n)?: parts.append("default: " + n)
        case nil: break
        }
        return parts.isEmpty ? o.help : o.help + " (" + parts.joined(separator: "; ") + ")"
    }

    /// `hooksim help COMMAND` and `COMMAND --help`.
    public var help: String {
        var out = summary + "\n\nUSAGE: " + usage + "\n"
        if !about.isEmpty { out += "\n" + about + "\n" }
        let rows = options.map { ($0.shown, Self.notes($0)) } + [("-h, --help", "Show this help.")]
        let width = min(28, (positionals.map(\.name.count) + rows.map(\.0.count)).max() ?? 0)
        func line(_ left: String, _ right: String) -> String {
            let lines = Self.wrap(right, width: 100 - width - 4)
            let pad = String(repeating: " ", count: width + 4)
            var text = "  " + left
            if left.count > width {
                text += "\n" + pad
            } else {
                text += String(repeating: " ", count: width - left.count + 2)
            }
            return text + lines.joined(separator: "\n" + pad) + "\n"
        }
        if !positionals.isEmpty {
            out += "\nARGUMENTS:\n"
            for p in positionals { out += line(p.name, p.help) }
        }
        out += "\nOPTIONS:\n"
        for (left, right) in rows { out += line(left, right) }
        if !footer.isEmpty { out += "\n" + footer + "\n" }
        return out
    }

    /// Breaks `text` into lines of at most `width` characters at spaces (a longer word stands alone).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !current.isEmpty && current.count + 1 + word.count > width {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// The command's section of the README reference (`hooksim help --markdown`).
    public var markdown: String {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "|", with: "\\|")
                .replacingOccurrences(of: "*", with: "\\*")
        }
        var out = "#### `\(program) \(command)`\n\n" + summary + ".\n\n```\n" + usage + "\n```\n"
        let prose = about.split(separator: "\n").joined(separator: " ")
        if !prose.isEmpty { out += "\n" + escaped(prose) + "\n" }
        if !positionals.isEmpty || !options.isEmpty {
            out += "\n| argument or option | meaning |\n|---|---|\n"
            for p in positionals { out += "| `\(p.name)` | \(escaped(p.help)) |\n" }
            for o in options {
                out += "| `\(o.shown.replacingOccurrences(of: "|", with: "\\|"))` | \(escaped(Self.notes(o))) |\n"
            }
        }
        let footerProse = footer.split(separator: "\n").joined(separator: " ")
        if !footerProse.isEmpty { out += "\n" + escaped(footerProse) + "\n" }
        return out
    }
}
