// compile-v8.js — times V8 compiling one module: `new WebAssembly.Module(bytes)`.
//
// The driver runs it in a fresh process per measurement (V8 caches compiled modules by
// their bytes, so compiling the same bytes twice in one process would time the cache)
// with `--single-threaded --no-wasm-lazy-compilation` and the tier's flags.
//     usage: node [V8 flags] compile-v8.js MODULE.wasm
//     prints: compile SECONDS s
'use strict';
const fs = require('fs');

const bytes = fs.readFileSync(process.argv[2]);
const start = process.hrtime.bigint();
new WebAssembly.Module(bytes);
const end = process.hrtime.bigint();
console.log(`compile ${(Number(end - start) / 1e9).toFixed(6)} s`);
