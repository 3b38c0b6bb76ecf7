#ifndef CREFERENCEMM1_H
#define CREFERENCEMM1_H

#include <stdint.h>

/// What one run of the C reference M/M/1 model produced.
typedef struct {
    /// Events handled (arrivals plus departures).
    uint64_t events;
    /// Customers that left the system.
    uint64_t served;
    /// Sum of every customer's time in system, in microseconds.
    int64_t total_time_in_system_us;
    /// Simulated time of the last event, in microseconds.
    int64_t end_time_us;
} cref_mm1_result;

/// Runs an M/M/1 queue for `customers` arrivals with a plain binary-heap event loop.
///
/// The model, the random generator (SplitMix64-seeded xoshiro256**), the way bits become
/// exponential draws and the rounding to integer microseconds are the same as
/// `hooksim-bench mm1`, so both produce identical results for the same seed: the C loop
/// is a fair yardstick for the Swift kernel's speed, and a check of its determinism.
cref_mm1_result cref_mm1_run(uint64_t customers, uint64_t seed, int64_t arrival_mean_us, int64_t service_mean_us);

#endif
