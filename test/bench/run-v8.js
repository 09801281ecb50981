// run-v8.js — runs one benchmark program under V8 and times one call of run(n).
//
// The tier is chosen by the node flags the driver passes (bench.js): Liftoff with
// `--liftoff-only --no-wasm-tier-up`, TurboFan with `--no-liftoff`; both with
// `--no-wasm-lazy-compilation`, so the whole module is compiled inside
// `new WebAssembly.Module` and the timed call runs compiled code only.
//     usage: node [V8 flags] run-v8.js MODULE.wasm N
//     prints: result CHECKSUM run SECONDS compile SECONDS
'use strict';
const fs = require('fs');

const [file, n] = process.argv.slice(2);
const bytes = fs.readFileSync(file);

const compileStart = process.hrtime.bigint();
const compiled = new WebAssembly.Module(bytes);
const compileEnd = process.hrtime.bigint();
const instance = new WebAssembly.Instance(compiled, {});

const runStart = process.hrtime.bigint();
const result = instance.exports.run(Number(n));
const runEnd = process.hrtime.bigint();

// i64 results arrive as BigInt, i32 as Number; print both as unsigned 64-bit.
const checksum = typeof result === 'bigint' ? BigInt.asUintN(64, result)
                                            : BigInt(result >>> 0);
const seconds = (from, to) => (Number(to - from) / 1e9).toFixed(6);
console.log(`result ${checksum} run ${seconds(runStart, runEnd)} compile ${seconds(compileStart, compileEnd)}`);
