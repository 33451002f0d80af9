'use strict';
// The orders bench's request maker. autocannon's worker threads load it by its path (a
// function cannot be handed to another thread); the in-process run requires it too.
// BENCH_BODIES names a JSON file of the run's bodies, sent in turn; with BENCH_KEYED=1 each
// request carries its own Idempotency-Key, as the counter's do.
const fs = require('node:fs');
const { randomBytes } = require('node:crypto');

let bodies;
let file;
let next = 0;

module.exports = function nextRequest(req) {
  if (file !== process.env.BENCH_BODIES) {
    file = process.env.BENCH_BODIES;
    bodies = JSON.parse(fs.readFileSync(file, 'utf8'));
    next = 0;
  }
  const body = bodies[next++ % bodies.length];
  const headers = process.env.BENCH_KEYED === '1' ? { ...req.headers, 'idempotency-key': `counter-${randomBytes(16).toString('hex')}` } : req.headers;
  return { ...req, headers, body };
};
