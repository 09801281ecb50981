/*
 * selftest_sched.h — what the scheduler's self-test files share: a "crew", a group of
 * test threads the test waits for, with a time limit so that a scheduler bug shows up
 * as a FAIL line rather than a hang.
 */
#ifndef ATOLL_SELFTEST_SCHED_H
#define ATOLL_SELFTEST_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "thread.h"

#define MS UINT64_C(1000000)   /* one millisecond in nanoseconds */

struct sched_crew {
    volatile int running;      /* members that have not called sched_crew_done */
    struct wait_queue done;
};

/* Expect `members` threads to call sched_crew_done. */
void sched_crew_init(struct sched_crew *crew, int members);

/* A member's last act before returning. */
void sched_crew_done(struct sched_crew *crew);

/* Block until every member is done or timeout_ns has passed; true when all are done. */
bool sched_crew_wait(struct sched_crew *crew, uint64_t timeout_ns);

/* Block until the reaper has freed every thread that exited so far (the scheduler's own
 * three threads, boot, idle and reaper, are all that remain); false after timeout_ns. */
bool sched_wait_for_reaper(uint64_t timeout_ns);

#endif
