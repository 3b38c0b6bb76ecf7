@main struct Main { static func main() { print("hooksim: coming soon") } }
