// NB: replaced by the JQL branch's JQLCommand when it lands.
public enum JQLCommand {
    public static func run(arguments: [String], stdout: (String) -> Void, stderr: (String) -> Void,
                           readFile: (String) throws -> [UInt8]) -> Int32 {
        stderr("error: jql is not available yet")
        return 2
    }
}
