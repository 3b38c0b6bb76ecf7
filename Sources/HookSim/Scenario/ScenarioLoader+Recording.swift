import Foundation
import SimKit

extension ScenarioLoader {
    /// `activity: {trace: "FILE"}`: a capture of Jira webhook bodies, relative to the scenario,
    /// replayed as the Jira activity (DESIGN.md §7.4). Nothing else may sit beside `trace`: a rate or
    /// a mix would describe activity the capture already fixes.
    /// - Throws: `ScenarioError` at the `trace` value when the file cannot be read, or at
    ///   `FILE:line:column` for a malformed line.
    static func readRecordedActivity(
        _ node: JSON5Value, jira: [JiraInstanceSpec], _ r: ScenarioReader
    ) throws(ScenarioError) -> ActivitySpec {
        let obj = try r.object(
            node, what: "an activity object {trace: \"FILE\"} (a recording takes nothing else)", keys: ["trace"],
            required: ["trace"])
        let fileNode = obj.required("trace")
        let name = try r.string(
            fileNode, what: "the path of a recording of Jira webhook bodies, relative to the scenario")
        let path = resolve(name, relativeTo: r.file)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let scan = try RecordingScanner.scan(path: path, file: path)
        else {
            throw r.error(
                "cannot read the recording \(JSON5Path.quoted(name)) (looked for \(JSON5Path.quoted(path)))",
                at: fileNode)
        }
        let recording = place(scan, jira: jira)
        var activity = ActivitySpec(rate: Rate(perSecond: 0), mix: [], echoShare: 0)
        activity.recording = recording
        return activity
    }

    /// Reads a capture held in memory and places its issues in the declared projects.
    static func readRecording(_ data: Data, file: String, jira: [JiraInstanceSpec]) throws(ScenarioError) -> Recording {
        // NB: Data.withUnsafeBytes rethrows untyped; the result carries the typed error out.
        let result = data.withUnsafeBytes { (bytes) -> Result<RecordingScan, ScenarioError> in
            do throws(ScenarioError) { return .success(try Recording.scan(bytes: bytes, file: file)) } catch {
                return .failure(error)
            }
        }
        return place(try result.get(), jira: jira)
    }

    /// Places a capture's issues in the declared projects: a key's prefix names the project, the
    /// first instance declaring it holds it.
    static func place(_ scan: RecordingScan, jira: [JiraInstanceSpec]) -> Recording {
        var flat: [(key: String, instance: Int)] = []
        for (i, instance) in jira.enumerated() { for p in instance.projects { flat.append((p.key, i)) } }
        return Recording.build(
            scan, project: { key in flat.firstIndex(where: { $0.key == key }) },
            integrationAccount: { p in jira[flat[p].instance].integrationAccount })
    }
}
