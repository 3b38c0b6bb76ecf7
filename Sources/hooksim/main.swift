import Foundation
import HookSim

// The executable is thin: arguments in, the library does the work, exit status out.
CLI.installInterruptHandler()
let console = Console(
    out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
    err: { text in FileHandle.standardError.write(Data(text.utf8)) },
    stderrIsTerminal: isatty(2) == 1,
    color: isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil,
    environment: ProcessInfo.processInfo.environment)
exit(CLI.main(Array(CommandLine.arguments.dropFirst()), console: console))
