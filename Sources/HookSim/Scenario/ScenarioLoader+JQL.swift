/// The one place the loader checks a webhook's JQL filter, so that wiring in the JQL library
/// changes a single function.
extension ScenarioLoader {
    /// Checks a JQL filter; returns nil when it is valid, else the message and the 1-based column
    /// of the problem inside `text`. An empty filter matches every issue and is always valid.
    static func checkJQL(_ text: String) -> (message: String, column: Int)? {
        // wired when the JQL target lands
        nil
    }
}
