import Foundation

let benchArguments = Array(CommandLine.arguments.dropFirst())
if benchArguments.first == "jql" { exit(runJQLBench(arguments: Array(benchArguments.dropFirst()))) }
if benchArguments.first == "pipeline" { exit(runPipelineBench(arguments: Array(benchArguments.dropFirst()))) }
print("benchmarks: mm1, jql, pipeline")
