/*
 * pipe_pingpong.c — the Linux reference for a channel round trip: two processes pinned
 * to one CPU send one byte back and forth over two pipes (write, the other reads and
 * writes back, read). Prints one LINUX line (linux_ref.h); kbench.sh sets it beside
 * Atoll's channel ping-pong.
 *
 *     pipe_pingpong [CPU]      (default 1; -1: not pinned)
 */
#include "linux_ref.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static int to_child[2], to_parent[2];   /* the parent writes [1], the child reads [0] */

/* One byte to the child and the byte it sends back. */
static bool pipe_round_trip(void)
{
    char byte = 'x';
    return write(to_child[1], &byte, 1) == 1 && read(to_parent[0], &byte, 1) == 1;
}

int main(int argc, char **argv)
{
    int cpu = argc > 1 ? atoi(argv[1]) : 1;
    char byte;
    pin(cpu);
    if (pipe(to_child) != 0 || pipe(to_parent) != 0)
        return perror("pipe"), 1;
    pid_t child = fork();
    if (child < 0)
        return perror("fork"), 1;
    if (child == 0) {                    /* echo every byte back until the pipe closes */
        prctl(PR_SET_PDEATHSIG, SIGKILL);   /* killed with the parent, whatever happens */
        close(to_child[1]);              /* or the read below would never see the end */
        close(to_parent[0]);
        while (read(to_child[0], &byte, 1) == 1)
            if (write(to_parent[1], &byte, 1) != 1)
                break;
        _exit(0);
    }
    close(to_child[0]);
    close(to_parent[1]);
    bool ok = measure("pipe round trip between two processes", pipe_round_trip, cpu);
    if (!ok)
        perror("pipe round trip");
    close(to_child[1]);                  /* the child's read ends: it exits */
    waitpid(child, NULL, 0);
    return ok ? 0 : 1;
}
