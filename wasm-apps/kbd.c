/*
 * kbd.c — the PS/2 keyboard driver, as a SIP (docs/caps.md). It declares what it
 * touches in its own module — the i8042 controller's data port 0x60 and status/command
 * port 0x64, and IRQ 1 — and the kernel lets it load only with a grant covering them
 * (grub.cfg: "grant=io:0x60-0x64,irq:1"). For each interrupt it reads the scancodes
 * waiting, turns them into characters (scancode set 1, US layout, shift) and prints
 * each finished line as "kbd: TEXT". Every constant port below is checked when the
 * module is compiled and compiled to a single in/out instruction.
 * Arguments: [lines=N] — exit after N lines (tests); without it, run for ever.
 */
#include "atoll.h"

ATOLL_CAPS(ATOLL_CAP_IO(0x60, 1, ATOLL_RW) ATOLL_CAP_IO(0x64, 1, ATOLL_RW) ATOLL_CAP_IRQ(1));

#define KBD_DATA 0x60
#define KBD_STATUS 0x64         /* read: status; write: a command to the controller */
#define KBD_IRQ 1

#define STATUS_OUTPUT_FULL 0x01 /* a byte waits in the data port */
#define STATUS_INPUT_FULL 0x02  /* the controller has not taken our last byte yet */
#define CMD_READ_CONFIG 0x20
#define CMD_WRITE_CONFIG 0x60
#define CONFIG_IRQ1 0x01        /* interrupt on keyboard data */
#define CONFIG_TRANSLATE 0x40   /* keyboard's set 2 translated to set 1 */

#define SCAN_RELEASE 0x80       /* set 1: make code | 0x80 when a key goes up */
#define SCAN_LSHIFT 0x2A
#define SCAN_RSHIFT 0x36
#define SPINS 100000            /* a controller that never answers is not waited for */
#define PREFIX "kbd: "          /* each line printed starts with it */
#define PREFIX_LEN 5

/* Set 1 make codes 0x00..0x39 to characters; 0 for keys that type nothing. */
static const char plain[] = "\0\033" "1234567890-=\b\t" "qwertyuiop[]\n\0" "asdfghjkl;'`\0\\"
                            "zxcvbnm,./\0*\0 ";
static const char shifted[] = "\0\033" "!@#$%^&*()_+\b\t" "QWERTYUIOP{}\n\0" "ASDFGHJKL:\"~\0|"
                              "ZXCVBNM<>?\0*\0 ";

static void wait_writable(void)
{
    for (int i = 0; i < SPINS && (atoll_in8(KBD_STATUS) & STATUS_INPUT_FULL); i++)
        ;
}

static int wait_readable(void)
{
    for (int i = 0; i < SPINS; i++)
        if (atoll_in8(KBD_STATUS) & STATUS_OUTPUT_FULL)
            return 1;
    return 0;
}

/* Empty the output buffer, then make sure the controller interrupts on keyboard data. */
static void controller_setup(void)
{
    while (atoll_in8(KBD_STATUS) & STATUS_OUTPUT_FULL)
        atoll_in8(KBD_DATA);
    wait_writable();
    atoll_out8(KBD_STATUS, CMD_READ_CONFIG);
    int config = wait_readable() ? atoll_in8(KBD_DATA) : CONFIG_TRANSLATE;
    wait_writable();
    atoll_out8(KBD_STATUS, CMD_WRITE_CONFIG);
    wait_writable();
    atoll_out8(KBD_DATA, config | CONFIG_IRQ1 | CONFIG_TRANSLATE);
}

struct keyboard {
    int shift;                  /* shift keys held down */
    struct atoll_line line;     /* the line being typed */
    long long lines, keys;
};

/* One scancode; returns 1 when it finished a line. */
static int take_scancode(struct keyboard *kb, int code)
{
    int key = code & ~SCAN_RELEASE;
    if (key == SCAN_LSHIFT || key == SCAN_RSHIFT) {
        kb->shift += code & SCAN_RELEASE ? -1 : 1;
        if (kb->shift < 0)
            kb->shift = 0;
        return 0;
    }
    if ((code & SCAN_RELEASE) || key >= (int)sizeof plain - 1)
        return 0;
    char c = kb->shift ? shifted[key] : plain[key];
    if (c == 0)
        return 0;
    kb->keys++;
    /* The key also goes to whoever reads our handle 2 (boot option output=NAME: the
     * shell's input, docs/ipc.md); an error when there is no such handle, ignored. */
    atoll_chan_send(ATOLL_HANDLE_OUTPUT, &c, 1, 0, 0, 0);
    if (c == '\b') {
        if (kb->line.len > PREFIX_LEN)
            kb->line.len--;
        return 0;
    }
    if (c != '\n') {
        char text[2] = { c, 0 };
        atoll_line_str(&kb->line, text);
        return 0;
    }
    atoll_line_end(&kb->line);
    atoll_line_str(&kb->line, PREFIX);
    kb->lines++;
    return 1;
}

int _start(void)
{
    long long max_lines = atoll_arg_int("lines", -1);
    struct keyboard kb;
    kb.shift = 0;
    kb.lines = kb.keys = 0;
    kb.line.len = 0;
    atoll_line_str(&kb.line, PREFIX);
    long long interrupts = 0;

    controller_setup();
    struct atoll_line ready;
    ready.len = 0;
    atoll_line_str(&ready, "kbd: ready (SIP ");
    atoll_line_int(&ready, atoll_sip_id());
    atoll_line_str(&ready, "): type in the QEMU window, lines come back here");
    atoll_line_end(&ready);
    while (max_lines < 0 || kb.lines < max_lines) {
        atoll_irq_wait(KBD_IRQ);
        interrupts++;
        while (atoll_in8(KBD_STATUS) & STATUS_OUTPUT_FULL)
            take_scancode(&kb, atoll_in8(KBD_DATA));
        atoll_irq_ack(KBD_IRQ);
    }
    struct atoll_line end;
    end.len = 0;
    atoll_line_str(&end, "kbd: done: ");
    atoll_line_int(&end, kb.lines);
    atoll_line_str(&end, " lines, ");
    atoll_line_int(&end, kb.keys);
    atoll_line_str(&end, " keys, ");
    atoll_line_int(&end, interrupts);
    atoll_line_str(&end, " interrupts");
    atoll_line_end(&end);
    return 0;
}
