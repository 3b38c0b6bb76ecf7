/// A compiled `~` search, after Jira's "search syntax for text fields".
///
/// Terms are words (case-insensitive, `?` and `*` wildcards anywhere but first) or quoted phrases.
/// Bare terms are joined with AND, as Jira does; `OR` joins alternatives, and `NOT`, `!` or a leading `-`
/// excludes a term. Jira's stemming, fuzzy (`~`) and proximity searches are not modelled.
struct JQLTextQuery: Sendable {
    enum Term: Sendable {
        /// A whole word, lowercase.
        case word(String)
        /// A word with `?` (one character) and `*` (any run) wildcards, lowercase.
        case pattern([Character])
        /// Consecutive words, lowercase.
        case phrase([String])
    }

    /// Every group must have a term that occurs (a group is several terms joined by OR).
    var groups: [[Term]]
    /// No excluded term may occur.
    var excluded: [Term]

    /// Compiles the search text of a `~` clause.
    /// - Throws: a message when the text has no terms or a term starts with a wildcard.
    static func compile(_ text: String) throws(JQLMessage) -> JQLTextQuery {
        var query = JQLTextQuery(groups: [], excluded: [])
        var joinWithPrevious = false
        var negateNext = false
        for var chunk in chunks(text) {
            if !chunk.quoted {
                switch chunk.text {
                case "AND", "&&": continue
                case "OR", "||":
                    joinWithPrevious = !query.groups.isEmpty
                    continue
                case "NOT", "!":
                    negateNext = true
                    continue
                default: break
                }
                if chunk.text.hasPrefix("-") {
                    negateNext = true
                    chunk.text.removeFirst()
                } else if chunk.text.hasPrefix("+") {
                    chunk.text.removeFirst()
                }
            }
            guard let term = try term(chunk.text, quoted: chunk.quoted) else { continue }
            if negateNext {
                query.excluded.append(term)
            } else if joinWithPrevious {
                query.groups[query.groups.count - 1].append(term)
            } else {
                query.groups.append([term])
            }
            negateNext = false
            joinWithPrevious = false
        }
        if query.groups.isEmpty && query.excluded.isEmpty { throw JQLMessage("'~' needs a word to search for") }
        return query
    }

    /// Splits search text into quoted phrases and whitespace-separated chunks.
    private static func chunks(_ text: String) -> [(text: String, quoted: Bool)] {
        var result: [(text: String, quoted: Bool)] = []
        var current = ""
        var inQuotes = false
        for c in text {
            if c == "\"" {
                if inQuotes || !current.isEmpty { result.append((current, inQuotes)) }
                current = ""
                inQuotes.toggle()
            } else if !inQuotes && (c == " " || c == "\t" || c == "\n" || c == "\r") {
                if !current.isEmpty { result.append((current, false)) }
                current = ""
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { result.append((current, inQuotes)) }
        return result
    }

    /// Turns one chunk into a term; `nil` when it holds no letters or digits (e.g. `&`).
    private static func term(_ text: String, quoted: Bool) throws(JQLMessage) -> Term? {
        let hasWildcard = !quoted && text.contains { $0 == "*" || $0 == "?" }
        guard hasWildcard else {
            let words = JQLText.words(text).map(String.init)
            if words.count > 1 || (quoted && !words.isEmpty) {
                return words.count == 1 ? .word(words[0]) : .phrase(words)
            }
            return words.first.map(Term.word)
        }
        if let first = text.first, first == "*" || first == "?" {
            throw JQLMessage("a text search may not start with '\(first)' (in '\(text)')")
        }
        let pattern = Array(text.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "*" || $0 == "?" })
        return .pattern(pattern)
    }

    /// Whether `text` satisfies the search.
    func matches(_ text: String) -> Bool {
        let words = JQLText.words(text)
        return groups.allSatisfy { group in group.contains { Self.occurs($0, in: words) } }
            && !excluded.contains { Self.occurs($0, in: words) }
    }

    private static func occurs(_ term: Term, in words: [Substring]) -> Bool {
        switch term {
        case .word(let w):
            return words.contains { $0 == w }
        case .pattern(let pattern):
            return words.contains { glob(pattern, Array($0)) }
        case .phrase(let phrase):
            guard words.count >= phrase.count else { return false }
            return (0...(words.count - phrase.count)).contains { start in
                phrase.indices.allSatisfy { words[start + $0] == phrase[$0] }
            }
        }
    }

    /// Wildcard match: `?` one character, `*` any run; linear backtracking on the last `*`.
    static func glob(_ pattern: [Character], _ word: [Character]) -> Bool {
        var p = 0
        var w = 0
        var star: Int?
        var resume = 0
        while w < word.count {
            if p < pattern.count && (pattern[p] == "?" || pattern[p] == word[w]) {
                p += 1
                w += 1
            } else if p < pattern.count && pattern[p] == "*" {
                star = p
                resume = w
                p += 1
            } else if let s = star {
                p = s + 1
                resume += 1
                w = resume
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
