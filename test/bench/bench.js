// bench.js — the benchmark driver: every program under every engine, checked and tabled.
//
// For each program of wasm-apps/bench/ it runs, in turn and `reps` times over, the
// native build, atoll-run (guard mode and --bounds-checks), V8 Liftoff and V8 TurboFan,
// each in a fresh process timing one call of run(n) with compilation excluded. All
// checksums of a program must agree; a mismatch or a failing engine is printed loudly
// and makes the exit status 1. It prints markdown tables (run time as median and ratio
// to native, geometric means, atoll/Liftoff; then compile speed in MB/s of code section)
// which bench.sh also saves to build/bench/results.md. Started by test/bench/bench.sh,
// which builds everything and passes the environment below.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const BUILD = process.env.BENCH_BUILD || 'build/bench';
const ATOLL_RUN = process.env.ATOLL_RUN || '';                 // empty: not available
const ATOLL_MISSING = process.env.ATOLL_MISSING || 'atoll-run not built';
const PIN = process.env.BENCH_CPU ? ['taskset', '-c', process.env.BENCH_CPU] : [];
const QUICK = process.env.BENCH_QUICK === '1';                 // smoke test: n / 50, one rep
const REPS = QUICK ? 1 : Number(process.env.BENCH_REPS || 5);
const HERE = __dirname;

// The programs, with n chosen so one native run takes about 0.2-0.4 s on the reference
// machine (docs/performance.md), and what each one stresses.
const PROGRAMS = [
    // name       n            what it stresses
    ['fib',       5000],      // calls: recursive fib, ~21,000 calls per unit of n
    ['collatz',   2000000],   // integer loops: u32 arithmetic, data-dependent branches
    ['mandel',    6000],      // f64 loops: multiplies, adds, compares in XMM registers
    ['nbody',     6000000],   // f64 with memory: struct fields, sqrt, divide
    ['matmul',    80],        // memory: 256x256 u32 matrix multiply, streaming loads/stores
    ['sieve',     20],        // memory: byte stores over 4 MiB, cache misses
    ['hash',      10000000],  // bit mixing: xorshift64, bitwise CRC-32, murmur fmix32
    ['interp',    15000000],  // bytecode interpreter: switch -> br_table, pointer loads
    ['modpow',    500000],    // i64 arithmetic: mulmod 2^61-1 from 32x32 products
    ['sort',      50],        // sorting: quicksort of 65,536 u32, unpredictable branches
];

const LIFTOFF_FLAGS = ['--liftoff-only', '--no-wasm-tier-up', '--no-wasm-lazy-compilation'];
const TURBOFAN_FLAGS = ['--no-liftoff', '--no-wasm-lazy-compilation'];

// The engines: how to run one program, and how to read its output.
const ENGINES = [
    { key: 'native', title: 'native',
      command: (p, n) => [`${BUILD}/${p}.native`, String(n)], parse: parseResultLine },
    { key: 'atoll', title: 'atoll', atoll: true,
      command: (p, n) => [ATOLL_RUN, '--time', `${BUILD}/${p}.wasm`, '--invoke', 'run', `i32:${n}`],
      parse: parseAtollRun },
    { key: 'atoll-bc', title: 'atoll --bounds-checks', atoll: true,
      command: (p, n) => [ATOLL_RUN, '--bounds-checks', '--time', `${BUILD}/${p}.wasm`,
                          '--invoke', 'run', `i32:${n}`],
      parse: parseAtollRun },
    { key: 'liftoff', title: 'V8 Liftoff',
      command: (p, n) => [process.execPath, ...LIFTOFF_FLAGS, path.join(HERE, 'run-v8.js'),
                          `${BUILD}/${p}.wasm`, String(n)], parse: parseResultLine },
    { key: 'turbofan', title: 'V8 TurboFan',
      command: (p, n) => [process.execPath, ...TURBOFAN_FLAGS, path.join(HERE, 'run-v8.js'),
                          `${BUILD}/${p}.wasm`, String(n)], parse: parseResultLine },
];

let failures = 0;
function fail(message) {
    failures++;
    console.error(`\n*** BENCH FAILURE: ${message}\n`);
}

// Runs one command (pinned to a CPU when asked); returns {stdout, stderr} or {error}.
function execute(argv) {
    const full = [...PIN, ...argv];
    const child = spawnSync(full[0], full.slice(1), { encoding: 'utf8', timeout: 600000 });
    if (child.error)
        return { error: `${argv[0]}: ${child.error.message}` };
    if (child.status !== 0) {
        const why = child.signal ? `signal ${child.signal}` : `exit status ${child.status}`;
        const said = (child.stderr + child.stdout).trim().split('\n').slice(-3).join(' | ');
        return { error: `${path.basename(argv[0])} failed (${why}): ${said}` };
    }
    return { stdout: child.stdout, stderr: child.stderr };
}

// "result CHECKSUM run SECONDS" from native_main.c and run-v8.js.
function parseResultLine(out) {
    const m = /result (\d+) run ([\d.]+)/.exec(out.stdout);
    return m ? { checksum: m[1], run: Number(m[2]) } : { error: `no result line in: ${out.stdout}` };
}

// atoll-run --time prints on stderr, for MODULE:
//     MODULE: decode D ms, compile C ms, decode+compile T ms (... MB/s of ... bytes ...)
//     MODULE: instantiate I ms
//     MODULE: run R ms
// "decode+compile" is the figure comparable to V8's `new WebAssembly.Module` (which
// decodes, validates and compiles); "run" covers the --invoke call.
const ATOLL_COMPILE = /decode\+compile ([\d.]+) ms/;
const ATOLL_RUN_TIME = /: run ([\d.]+) ms/;

// atoll-run prints "run(i32:N) => i64:VALUE" (i64 unsigned) and, with --time, the above.
function parseAtollRun(out) {
    const m = /=> (i32|i64):(-?\d+)/.exec(out.stdout);
    if (!m)
        return { error: `no "=> i64:VALUE" in: ${out.stdout.trim()}` };
    const checksum = BigInt.asUintN(m[1] === 'i32' ? 32 : 64, BigInt(m[2])).toString();
    const run = ATOLL_RUN_TIME.exec(out.stderr), compile = ATOLL_COMPILE.exec(out.stderr);
    if (!run || !compile)
        return { error: `no compile or run time in atoll-run --time output: ${out.stderr.trim()}` };
    return { checksum, run: Number(run[1]) / 1e3, compile: Number(compile[1]) / 1e3 };
}

// compile-v8.js prints "compile SECONDS s".
function parseV8Compile(out) {
    const m = /compile ([\d.]+) s/.exec(out.stdout);
    return m ? { compile: Number(m[1]) } : { error: `no compile time in: ${out.stdout.trim()}` };
}

const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const geomean = (xs) => Math.exp(xs.reduce((sum, x) => sum + Math.log(x), 0) / xs.length);

// Runs one program under every engine, reps times, interleaved so that slow drifts in
// machine load spread over all engines. Returns {engineKey: {times, checksums} | {error}}.
function benchProgram(name, n) {
    const results = {};
    for (const e of ENGINES)
        results[e.key] = e.atoll && !ATOLL_RUN ? { missing: true } : { times: [], checksums: [] };
    for (let rep = 0; rep < REPS; rep++) {
        for (const e of ENGINES) {
            const r = results[e.key];
            if (r.missing || r.error)
                continue;
            const out = execute(e.command(name, n));
            const parsed = out.error ? out : e.parse(out);
            if (parsed.error) {
                r.error = parsed.error;
                fail(`${name} under ${e.title}: ${parsed.error}`);
                continue;
            }
            r.times.push(parsed.run);
            r.checksums.push(parsed.checksum);
        }
    }
    const seen = new Set();
    for (const e of ENGINES)
        for (const c of results[e.key].checksums || [])
            seen.add(c);
    if (seen.size > 1) {
        const lines = ENGINES.filter((e) => results[e.key].checksums)
            .map((e) => `    ${e.title.padEnd(22)} ${results[e.key].checksums.join(' ')}`);
        fail(`CHECKSUM MISMATCH in ${name} (n=${n}):\n${lines.join('\n')}`);
        // Native is the reference: engines that disagree with it are marked (all of
        // them when native itself has no answer).
        const reference = (results.native.checksums || [])[0];
        for (const e of ENGINES) {
            const sums = results[e.key].checksums || [];
            results[e.key].mismatch = reference === undefined || sums.some((c) => c !== reference);
        }
    }
    return results;
}

const fmtSeconds = (s) => (s >= 1 ? s.toFixed(2) + ' s' : (s * 1e3).toPrecision(3) + ' ms');
const fmtRatio = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) + '×';

// The run-time table: native seconds, then each engine as ratio to native (and seconds).
function printRunTable(rows) {
    const others = ENGINES.filter((e) => e.key !== 'native');
    const header = ['program', 'n', 'native', ...others.map((e) => e.title), 'atoll / Liftoff'];
    const lines = [header, header.map((_, k) => (k === 0 ? '---' : '---:'))];
    const ratios = Object.fromEntries(ENGINES.map((e) => [e.key, []]));
    const atollVsLiftoff = [];
    for (const { name, n, results } of rows) {
        const native = results.native.times && results.native.times.length
            ? median(results.native.times) : undefined;
        const cells = [name, String(n), native !== undefined ? fmtSeconds(native) : 'error'];
        for (const e of others) {
            const r = results[e.key];
            if (r.missing) { cells.push(`n/a (${ATOLL_MISSING})`); continue; }
            if (r.error || !r.times.length || native === undefined) { cells.push('error'); continue; }
            const t = median(r.times);
            if (!r.mismatch)
                ratios[e.key].push(t / native);
            cells.push(`${fmtRatio(t / native)} (${fmtSeconds(t)})${r.mismatch ? ' MISMATCH' : ''}`);
        }
        const a = results.atoll, l = results.liftoff;
        if (a.times && a.times.length && l.times && l.times.length && !a.mismatch) {
            const x = median(a.times) / median(l.times);
            atollVsLiftoff.push(x);
            cells.push(fmtRatio(x));
        } else {
            cells.push(a.missing ? 'n/a' : a.mismatch ? 'MISMATCH' : 'error');
        }
        lines.push(cells);
    }
    const geo = ['**geomean**', '', '1×'];
    for (const e of others) {
        const xs = ratios[e.key];
        const partial = xs.length < rows.length ? ` (${xs.length} of ${rows.length})` : '';
        geo.push(xs.length ? `**${fmtRatio(geomean(xs))}**${partial}` : 'n/a');
    }
    geo.push(atollVsLiftoff.length ? `**${fmtRatio(geomean(atollVsLiftoff))}**` : 'n/a');
    lines.push(geo);
    console.log(lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n'));
}

// Size of the code section (id 10) of a wasm binary: what "MB/s" counts.
function codeSectionBytes(bytes) {
    let at = 8;
    const leb = () => {
        let value = 0, shift = 0, byte;
        do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
        return value;
    };
    while (at < bytes.length) {
        const id = bytes[at++];
        const size = leb();
        if (id === 10)
            return size;
        at += size;
    }
    throw new Error('no code section');
}

// Compile speed on the generated module, one fresh process per measurement.
function printCompileTable() {
    const file = `${BUILD}/big.wasm`;
    const codeBytes = codeSectionBytes(fs.readFileSync(file));
    const v8 = (flags) => () => {
        const out = execute([process.execPath, '--single-threaded', ...flags,
                             path.join(HERE, 'compile-v8.js'), file]);
        return out.error ? out : parseV8Compile(out);
    };
    const atoll = (flags) => () => {
        const out = execute([ATOLL_RUN, ...flags, '--time', file, '--invoke', 'run', 'i32:0']);
        return out.error ? out : parseAtollRun(out);
    };
    const compilers = [
        { title: 'atoll', run: atoll([]), atoll: true },
        { title: 'atoll --bounds-checks', run: atoll(['--bounds-checks']), atoll: true },
        { title: 'V8 Liftoff', run: v8(['--liftoff-only', '--no-wasm-tier-up', '--no-wasm-lazy-compilation']) },
        { title: 'V8 TurboFan', run: v8(['--no-liftoff', '--no-wasm-lazy-compilation']) },
    ];
    const reps = QUICK ? 1 : Math.max(REPS, 5);
    console.log(`\nCompile speed: ${file}, code section ${(codeBytes / 1e6).toFixed(2)} MB, ` +
                `median of ${reps} runs, one thread.\n`);
    // Interleaved like the run-time bench: each repetition runs every compiler once.
    const active = compilers.filter((c) => !(c.atoll && !ATOLL_RUN));
    for (const c of active)
        c.times = [];
    for (let rep = 0; rep < reps; rep++) {
        for (const c of active) {
            if (c.error)
                continue;
            const out = c.run();
            if (out.error) {
                c.error = out.error;
                fail(`compiling ${file} with ${c.title}: ${out.error}`);
            } else {
                c.times.push(out.compile);
            }
        }
    }
    const liftoff = compilers.find((c) => c.title === 'V8 Liftoff');
    const liftoffTime = liftoff.times && liftoff.times.length ? median(liftoff.times) : undefined;
    const lines = [['compiler', 'compile time', 'MB/s of code section', 'speed vs Liftoff'],
                   ['---', '---:', '---:', '---:']];
    for (const c of compilers) {
        if (!c.times) {
            lines.push([c.title, `n/a (${ATOLL_MISSING})`, 'n/a', 'n/a']);
        } else if (c.error) {
            lines.push([c.title, 'error', 'error', 'error']);
        } else {
            const t = median(c.times);
            lines.push([c.title, fmtSeconds(t), (codeBytes / 1e6 / t).toFixed(1),
                        liftoffTime ? fmtRatio(liftoffTime / t) : 'n/a']);
            console.error(`  compile ${c.title}: ${c.times.map(fmtSeconds).join(', ')}`);
        }
    }
    console.log(lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n'));
}

function main() {
    const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : null;
    const rows = [];
    console.log(`Run time: median of ${REPS} run(s) of one call of run(n), compile excluded; ` +
                `ratios are to native (lower is better).\n`);
    for (const [name, fullN] of PROGRAMS) {
        if (only && !only.includes(name))
            continue;
        const n = QUICK ? Math.max(1, Math.floor(fullN / 50)) : fullN;
        const results = benchProgram(name, n);
        const summary = ENGINES.map((e) => {
            const r = results[e.key];
            return `${e.key} ${r.missing ? 'n/a' : r.error ? 'error' : r.times.map((t) => t.toFixed(3)).join('/')}`;
        });
        console.error(`  ${name}: ${summary.join(', ')}`);
        rows.push({ name, n, results });
    }
    printRunTable(rows);
    if (process.env.BENCH_COMPILE !== '0')
        printCompileTable();
    if (failures) {
        console.error(`\n*** ${failures} benchmark failure(s): see the messages above.`);
        process.exit(1);
    }
}

main();
