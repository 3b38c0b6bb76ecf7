@main struct Bench { static func main() { print("benchmarks: mm1") } }
