/*
 * yield_pingpong.c — the Linux reference for a yield between two SIPs: two processes
 * pinned to one CPU call sched_yield in a loop, so each yield hands the CPU to the
 * other; one timed sched_yield is a round trip (two yields, two switches). Prints one
 * LINUX line (linux_ref.h); kbench.sh sets it beside Atoll's yield round trip.
 * Anything else runnable on that CPU takes turns too: pick a quiet CPU.
 *
 *     yield_pingpong [CPU]     (default 1; -1: not pinned, which measures little)
 */
#include "linux_ref.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* One sched_yield: with the child the only other runnable process on the CPU, it runs
 * until its own yield hands the CPU back. */
static bool yield_round_trip(void)
{
    sched_yield();
    return true;
}

int main(int argc, char **argv)
{
    int cpu = argc > 1 ? atoi(argv[1]) : 1;
    int ready[2];
    char byte = 'r';
    pin(cpu);
    if (pipe(ready) != 0)
        return perror("pipe"), 1;
    pid_t child = fork();
    if (child < 0)
        return perror("fork"), 1;
    if (child == 0) {                    /* say we are here, then yield until killed */
        prctl(PR_SET_PDEATHSIG, SIGKILL);   /* killed with the parent, whatever happens */
        close(ready[0]);                 /* each side keeps only the end it uses */
        if (write(ready[1], &byte, 1) != 1)
            _exit(1);
        close(ready[1]);
        for (;;)
            sched_yield();
    }
    close(ready[1]);
    if (read(ready[0], &byte, 1) != 1)
        return perror("read"), 1;
    close(ready[0]);
    measure("sched_yield round trip between two processes", yield_round_trip, cpu);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    return 0;
}
