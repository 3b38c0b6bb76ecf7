extension AhaServer {
    /// The webhooks of `hooksim serve` accepted but not yet applied: a FIFO read from `head`, and the
    /// workers in the middle of a job.
    struct JobQueue {
        private var jobs: [Job] = []
        private var head = 0
        /// Workers in the middle of a job.
        var busy = 0

        /// Jobs waiting for a worker.
        var waiting: Int { jobs.count - head }

        mutating func append(_ job: Job) { jobs.append(job) }

        /// The oldest waiting job, now counted busy. Needs `waiting > 0`.
        mutating func take() -> Job {
            precondition(waiting > 0, "take from an empty job queue")
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            busy += 1
            return job
        }

        /// Drops every waiting job; jobs in a worker's hands stay busy.
        mutating func removeWaiting() {
            jobs.removeAll()
            head = 0
        }
    }
}
