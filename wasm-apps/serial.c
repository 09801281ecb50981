/*
 * serial.c — the receive side of COM1, as a SIP driver (docs/caps.md). COM1 has two
 * users: the kernel's console owns its output (the transmit register and the line
 * setup), so this driver is granted the input only: read the receive buffer (0x3f8)
 * and the line status (0x3fd), write the interrupt enable register (0x3f9). On each
 * IRQ 4 it reads every byte waiting, echoes it through the console (atoll.write) and,
 * at the end of a line, prints "serial: TEXT".
 * Arguments: [lines=N] — exit after N lines (tests); without it, run for ever.
 */
#include "atoll.h"

ATOLL_CAPS(ATOLL_CAP_IO(0x3F8, 1, ATOLL_READ) ATOLL_CAP_IO(0x3F9, 1, ATOLL_WRITE)
           ATOLL_CAP_IO(0x3FD, 1, ATOLL_READ) ATOLL_CAP_IRQ(4));

#define COM1_RBR 0x3F8          /* receive buffer (read) */
#define COM1_IER 0x3F9          /* interrupt enable (write) */
#define COM1_LSR 0x3FD          /* line status (read) */
#define COM1_IRQ 4

#define IER_RECEIVED 0x01       /* interrupt when a byte (or the FIFO's timeout) arrives */
#define LSR_DATA_READY 0x01
#define PREFIX "serial: "
#define PREFIX_LEN 8

/* One received byte, echoed; returns 1 when it ended a line. A line ends with CR
 * (what a terminal sends for Enter), LF, or CR LF (counted once). */
static int take_byte(struct atoll_line *line, char c, char previous)
{
    if (c == '\n' && previous == '\r')
        return 0;
    if (c == '\r' || c == '\n') {
        atoll_print("\n");
        atoll_line_end(line);
        atoll_line_str(line, PREFIX);
        return 1;
    }
    if (c == 0x7F || c == '\b') {             /* backspace (DEL from most terminals) */
        if (line->len > PREFIX_LEN) {
            line->len--;
            atoll_print("\b \b");
        }
        return 0;
    }
    if (c < ' ' || c > '~')
        return 0;
    char text[2] = { c, 0 };
    atoll_print(text);
    atoll_line_str(line, text);
    return 0;
}

int _start(void)
{
    long long max_lines = atoll_arg_int("lines", -1), lines = 0, bytes = 0, interrupts = 0;
    char previous = 0;
    struct atoll_line line;
    line.len = 0;
    atoll_line_str(&line, PREFIX);

    while (atoll_in8(COM1_LSR) & LSR_DATA_READY)  /* whatever came before we listened */
        atoll_in8(COM1_RBR);
    atoll_out8(COM1_IER, IER_RECEIVED);
    struct atoll_line ready;
    ready.len = 0;
    atoll_line_str(&ready, "serial: ready (SIP ");
    atoll_line_int(&ready, atoll_sip_id());
    atoll_line_str(&ready, "): type here (COM1 input), lines come back");
    atoll_line_end(&ready);
    while (max_lines < 0 || lines < max_lines) {
        atoll_irq_wait(COM1_IRQ);
        interrupts++;
        while (atoll_in8(COM1_LSR) & LSR_DATA_READY) {
            char c = (char)atoll_in8(COM1_RBR);
            bytes++;
            lines += take_byte(&line, c, previous);
            previous = c;
            /* and to whoever reads our handle 2 (boot option output=NAME: the shell's
             * input, docs/ipc.md); an error when there is no such handle, ignored */
            atoll_chan_send(ATOLL_HANDLE_OUTPUT, &c, 1, 0, 0, 0);
        }
        atoll_irq_ack(COM1_IRQ);
    }
    atoll_out8(COM1_IER, 0);                      /* quiet again, for whoever comes next */
    struct atoll_line end;
    end.len = 0;
    atoll_line_str(&end, "serial: done: ");
    atoll_line_int(&end, lines);
    atoll_line_str(&end, " lines, ");
    atoll_line_int(&end, bytes);
    atoll_line_str(&end, " bytes, ");
    atoll_line_int(&end, interrupts);
    atoll_line_str(&end, " interrupts");
    atoll_line_end(&end);
    return 0;
}
