/*
 * interp.c — a bytecode interpreter: a small stack machine run by a switch.
 *
 * The dispatch `switch` over dense opcodes compiles to a wasm br_table (and to a jump
 * table natively); each handler touches the VM's operand stack and registers in linear
 * memory. It measures br_table, indirect jumps, and loads and stores through pointers.
 */
#include <stdint.h>

enum op { PUSH, LOAD, STORE, ADD, SUB, MUL, XOR, SHR, DUP, JNZ, HALT };

/* The program: r0 = n; r1 = 1; do { r1 = r1 * 33 ^ (r1 >> 7) ^ r0; r0 = r0 - 1; } while (r0)
 * Each instruction is an opcode and an operand. */
static const int32_t program[][2] = {
    {STORE, 0},                                     /* r0 = n (pushed by the caller) */
    {PUSH, 1}, {STORE, 1},                          /* r1 = 1 */
    {LOAD, 1}, {PUSH, 33}, {MUL, 0},                /* loop: r1 * 33 */
    {LOAD, 1}, {PUSH, 7}, {SHR, 0}, {XOR, 0},       /*   ^ (r1 >> 7) */
    {LOAD, 0}, {XOR, 0}, {STORE, 1},                /*   ^ r0 -> r1 */
    {LOAD, 0}, {PUSH, 1}, {SUB, 0}, {DUP, 0}, {STORE, 0}, /* r0 = r0 - 1 */
    {JNZ, 3},                                       /* while (r0) */
    {LOAD, 1}, {HALT, 0},
};

static uint32_t stack[64];
static uint32_t regs[4];

/* Runs `program` with `arg` on the stack; returns the top of the stack at HALT. */
static uint32_t interpret(uint32_t arg)
{
    uint32_t *sp = stack;
    int pc = 0;
    *sp++ = arg;
    for (;;) {
        int32_t op = program[pc][0], operand = program[pc][1];
        pc++;
        switch (op) {
        case PUSH:  *sp++ = (uint32_t)operand; break;
        case LOAD:  *sp++ = regs[operand]; break;
        case STORE: regs[operand] = *--sp; break;
        case ADD:   sp--; sp[-1] += sp[0]; break;
        case SUB:   sp--; sp[-1] -= sp[0]; break;
        case MUL:   sp--; sp[-1] *= sp[0]; break;
        case XOR:   sp--; sp[-1] ^= sp[0]; break;
        case SHR:   sp--; sp[-1] >>= sp[0]; break;
        case DUP:   sp[0] = sp[-1]; sp++; break;
        case JNZ:   if (*--sp) pc = operand; break;
        case HALT:  return sp[-1];
        }
    }
}

/* Interprets the loop for n iterations in chunks of 1000; mixes the results. */
uint64_t run(int n)
{
    uint64_t sum = 0;
    for (int done = 0; done < n; done += 1000)
        sum = sum * 0x100000001b3ull ^ interpret(1000 + (uint32_t)done % 7);
    return sum;
}
