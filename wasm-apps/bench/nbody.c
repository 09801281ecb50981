/*
 * nbody.c — float loops with memory: a small gravitational n-body simulation in f64.
 *
 * Each step visits every pair of bodies (f64 loads, stores, multiplies, one sqrt and
 * one divide per pair) kept in a static array of structs in linear memory. The made-up
 * system is a heavy star with four planets on roughly circular orbits (G = 1). IEEE
 * arithmetic is exact per operation and no FMA is used, so the final state is
 * bit-identical on every engine; the checksum is the bit pattern of the total energy.
 */
#include <stdint.h>

enum { NBODIES = 5 };

struct body {
    double x, y, z, vx, vy, vz, mass;
};

static struct body bodies[NBODIES];

/* Star at rest at the origin; planet k at distance r on the x axis, moving along y at
 * circular speed sqrt(M / r), tilted a little out of the plane. */
static void place_bodies(void)
{
    bodies[0] = (struct body){0, 0, 0, 0, 0, 0, 1000.0};
    for (int k = 1; k < NBODIES; k++) {
        double r = 10.0 * k;
        double speed = __builtin_sqrt(1000.0 / r);
        bodies[k] = (struct body){r, 0, 0.1 * k, 0, speed, 0.01 * k, 0.001 * k};
    }
}

/* One time step dt: pairwise accelerations, then positions. */
static void advance(double dt)
{
    for (int i = 0; i < NBODIES; i++) {
        struct body *a = &bodies[i];
        for (int j = i + 1; j < NBODIES; j++) {
            struct body *b = &bodies[j];
            double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
            double dist2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (dist2 * __builtin_sqrt(dist2));
            a->vx -= dx * b->mass * mag; a->vy -= dy * b->mass * mag; a->vz -= dz * b->mass * mag;
            b->vx += dx * a->mass * mag; b->vy += dy * a->mass * mag; b->vz += dz * a->mass * mag;
        }
    }
    for (int i = 0; i < NBODIES; i++) {
        bodies[i].x += dt * bodies[i].vx;
        bodies[i].y += dt * bodies[i].vy;
        bodies[i].z += dt * bodies[i].vz;
    }
}

/* Kinetic plus potential energy of the system. */
static double energy(void)
{
    double e = 0.0;
    for (int i = 0; i < NBODIES; i++) {
        struct body *a = &bodies[i];
        e += 0.5 * a->mass * (a->vx * a->vx + a->vy * a->vy + a->vz * a->vz);
        for (int j = i + 1; j < NBODIES; j++) {
            struct body *b = &bodies[j];
            double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
            e -= a->mass * b->mass / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

/* Simulates n steps of 0.001 time units; returns the bits of the final energy. */
uint64_t run(int n)
{
    place_bodies();
    for (int step = 0; step < n; step++)
        advance(0.001);
    union { double d; uint64_t bits; } e = {energy()};
    return e.bits;
}
