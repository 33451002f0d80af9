'use strict';
// The orders bench's open-loop sender, run in a worker thread (off the app's event loop).
// autocannon's `overallRate` lets each connection send its share at the start of every second,
// so 200 requests/s arrive as one burst of 200 each second and its latencies measure the
// queue of that burst. Here request i is due at start + i/rate, evenly spaced, and its latency
// counts from when it was due, so a sender that falls behind cannot hide the wait.
const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { parentPort, workerData } = require('node:worker_threads');

const { url, path, headers, bodies, keyed, rate, connections } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const target = new URL(url);
const latencies = [];
let ok = 0;
let failed = 0;
let done = 0;

function send(i, due) {
  const body = bodies[i % bodies.length];
  const own = keyed ? { 'idempotency-key': `counter-${randomBytes(16).toString('hex')}` } : {};
  const req = http.request(
    { host: target.hostname, port: target.port, method: 'POST', path, agent, headers: { ...headers, ...own, 'content-length': Buffer.byteLength(body) } },
    (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(performance.now() - due);
        if (res.statusCode >= 200 && res.statusCode < 300) ok++;
        else failed++;
        finish();
      });
    },
  );
  req.on('error', () => {
    failed++;
    finish();
  });
  req.end(body);
}

function finish() {
  if (++done < bodies.length) return;
  agent.destroy();
  parentPort.postMessage({ ok, failed, latencies });
}

const start = performance.now() + 10;
const interval = 1000 / rate;
let next = 0;
(function tick() {
  const now = performance.now();
  while (next < bodies.length && start + next * interval <= now) {
    send(next, start + next * interval);
    next++;
  }
  if (next < bodies.length) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
})();
