import JQL

/// The one place the loader checks a webhook's JQL filter.
extension ScenarioLoader {
    /// Checks a JQL filter; returns nil when it is valid, else the message and the 1-based column
    /// of the problem inside `text` (counted from the start of the query, so a multi-line filter
    /// still points at the right character). An empty filter matches every issue and is always valid.
    static func checkJQL(_ text: String) -> (message: String, column: Int)? {
        do {
            _ = try JQLQuery.parse(text)
            return nil
        } catch {
            return (error.message, error.offset + 1)
        }
    }
}
