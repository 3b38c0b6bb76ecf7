/// "Did you mean …?" for names a person mistyped: keys, enum values, references.
///
/// A misspelt key silently ignored is the worst kind of scenario bug (the default runs instead of
/// what was written), so every unknown name is an error, and the error offers the closest known
/// name when one is close enough to be a plausible typo.
enum Suggestion {
    /// The candidate closest to `name` by edit distance (case-insensitive, a transposition counts
    /// one), if within a third of the candidate's length (at least 1, at most 3); ties go to the
    /// earlier candidate so the answer never depends on anything but the list's order.
    static func closest(to name: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        let a = Array(name.lowercased().unicodeScalars)
        guard a.count <= 200 else { return nil }  // NB: bounds the O(m·n) table for hostile input.
        for candidate in candidates {
            let b = Array(candidate.lowercased().unicodeScalars)
            let limit = max(1, min(3, max(a.count, b.count) / 3))
            guard abs(a.count - b.count) <= limit else { continue }
            let d = distance(a, b)
            if d <= limit && d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        return best?.0
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
    /// transpositions each cost one.
    /// - Complexity: O(m·n).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    /// `unknown role 'admin'; expected one of: owner, contributor, …` or, for a near miss,
    /// `unknown role 'contributer'; did you mean 'contributor'?`.
    static func unknown(_ what: String, _ name: String, in place: String? = nil, candidates: [String]) -> String {
        var shown = "'" + (name.count > 60 ? String(name.prefix(57)) + "..." : name) + "'"
        if let place { shown += " in " + place }
        if let near = closest(to: name, in: candidates) {
            return "unknown \(what) \(shown); did you mean '\(near)'?"
        }
        if candidates.isEmpty { return "unknown \(what) \(shown); none are defined" }
        let listed = candidates.prefix(20).joined(separator: ", ") + (candidates.count > 20 ? ", …" : "")
        return "unknown \(what) \(shown); expected one of: \(listed)"
    }
}
