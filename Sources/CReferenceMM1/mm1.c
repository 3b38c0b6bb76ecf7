// A plain C binary-heap event loop of the M/M/1 model in hooksim-bench's MM1Bench.swift.
// It exists only as a speed reference; see include/CReferenceMM1.h.
#include "CReferenceMM1.h"

#include <math.h>
#include <stdlib.h>

typedef struct { uint64_t s[4]; } xoshiro;

static uint64_t splitmix_next(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t xoshiro_next(xoshiro *g) {
    uint64_t *s = g->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

// An exponential draw with the given mean, rounded to whole microseconds: the same
// operations, in the same order, as SimKit's Distribution.exponential + SimDuration.seconds.
static inline int64_t exponential_us(xoshiro *g, int64_t mean_us) {
    double u = (double)((xoshiro_next(g) >> 11) + 1) * 0x1.0p-53;
    double seconds = -((double)mean_us / 1000000.0) * log(u);
    return (int64_t)round(seconds * 1000000.0);
}

enum { ARRIVAL = 0, DEPARTURE = 1 };

typedef struct {
    int64_t time;
    uint64_t seq;
    int kind;
} event;

typedef struct {
    event *items;
    size_t count, capacity;
    uint64_t next_seq;
} heap;

static inline int precedes(const event *a, const event *b) {
    return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static void heap_push(heap *h, int64_t time, int kind) {
    if (h->count == h->capacity) {
        h->capacity = h->capacity ? h->capacity * 2 : 16;
        h->items = realloc(h->items, h->capacity * sizeof(event));
        if (!h->items) abort();
    }
    event item = {time, h->next_seq++, kind};
    size_t child = h->count++;
    while (child > 0) {
        size_t parent = (child - 1) / 2;
        if (!precedes(&item, &h->items[parent])) break;
        h->items[child] = h->items[parent];
        child = parent;
    }
    h->items[child] = item;
}

static event heap_pop(heap *h) {
    event top = h->items[0];
    event item = h->items[--h->count];
    size_t n = h->count, parent = 0;
    if (n == 0) return top;
    for (;;) {
        size_t child = 2 * parent + 1;
        if (child >= n) break;
        if (child + 1 < n && precedes(&h->items[child + 1], &h->items[child])) child++;
        if (!precedes(&h->items[child], &item)) break;
        h->items[parent] = h->items[child];
        parent = child;
    }
    h->items[parent] = item;
    return top;
}

// Arrival times of the customers in the system, oldest first (a power-of-two ring).
typedef struct {
    int64_t *items;
    size_t head, count, capacity;
} fifo;

static void fifo_push(fifo *f, int64_t value) {
    if (f->count == f->capacity) {
        size_t cap = f->capacity ? f->capacity * 2 : 64;
        int64_t *items = malloc(cap * sizeof(int64_t));
        if (!items) abort();
        for (size_t i = 0; i < f->count; i++) items[i] = f->items[(f->head + i) & (f->capacity - 1)];
        free(f->items);
        f->items = items;
        f->head = 0;
        f->capacity = cap;
    }
    f->items[(f->head + f->count) & (f->capacity - 1)] = value;
    f->count++;
}

static int64_t fifo_pop(fifo *f) {
    int64_t value = f->items[f->head];
    f->head = (f->head + 1) & (f->capacity - 1);
    f->count--;
    return value;
}

cref_mm1_result cref_mm1_run(uint64_t customers, uint64_t seed, int64_t arrival_mean_us, int64_t service_mean_us) {
    xoshiro g;
    uint64_t sm = seed;
    for (int i = 0; i < 4; i++) g.s[i] = splitmix_next(&sm);

    heap h = {0};
    fifo waiting = {0};
    cref_mm1_result r = {0};
    uint64_t arrived = 0;
    if (customers > 0) heap_push(&h, exponential_us(&g, arrival_mean_us), ARRIVAL);
    while (h.count > 0) {
        event e = heap_pop(&h);
        int64_t now = e.time;
        r.events++;
        r.end_time_us = now;
        if (e.kind == ARRIVAL) {
            arrived++;
            if (arrived < customers) heap_push(&h, now + exponential_us(&g, arrival_mean_us), ARRIVAL);
            fifo_push(&waiting, now);
            if (waiting.count == 1) heap_push(&h, now + exponential_us(&g, service_mean_us), DEPARTURE);
        } else {
            r.total_time_in_system_us += now - fifo_pop(&waiting);
            r.served++;
            if (waiting.count > 0) heap_push(&h, now + exponential_us(&g, service_mean_us), DEPARTURE);
        }
    }
    free(h.items);
    free(waiting.items);
    return r;
}
