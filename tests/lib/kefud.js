'use strict';
// Test helper: boots a real kefud on loopback in a temporary data directory
// (ports picked by the kernel, read back from the daemon's "ev=ready" log
// line), and talks to its HTTP API. Used by tests/system/*.test.js.
//
//   const { startKefud } = require('../lib/kefud');
//   const k = await startKefud({ config: { hub: { retry_base: '200ms' } } });
//   await k.api('GET', '/api/v1/ports');
//   await k.stop();          // SIGTERM, waits for a clean exit
//   await k.kill9();         // SIGKILL, for durability tests
//   const k2 = await k.restart();  // same data directory

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');

const top = path.resolve(__dirname, '..', '..');
const KEFUD = process.env.KEFUD || path.join(top, 'build', 'src', 'main', 'kefud');
// Sanitizer builds are several times slower: scale every wait.
const SLOW = Number(process.env.KEFU_TEST_SLOW || (/asan/.test(KEFUD) ? 4 : 1));

function writeConfig(dir, config) {
  const lines = [];
  for (const [sec, keys] of Object.entries(config || {})) {
    lines.push('[' + sec + ']');
    for (const [k, v] of Object.entries(keys)) lines.push(k + ' = ' + v);
  }
  const file = path.join(dir, 'kefu.ini');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function httpRequest(port, token, method, p, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? null : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const headers = {};
    if (token) headers.Authorization = 'Bearer ' + token;
    if (data) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = data.length;
    }
    const req = http.request({ host: '127.0.0.1', port, method, path: p, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = JSON.parse(text); } catch (e) { /* not JSON (metrics) */ }
        resolve({ status: res.statusCode, json, text, headers: res.headers });
      });
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

async function startKefud(opts = {}) {
  const dir = opts.dir || fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-test-'));
  const args = ['--data-dir', dir, '--smpp-port', String(opts.smppPort || 0),
    '--http-port', String(opts.httpPort || 0)];
  if (opts.demo !== false) args.push('--demo');
  if (opts.config) args.push('--config', writeConfig(dir, opts.config));
  const logFile = path.join(dir, 'kefud.log');
  const log = fs.openSync(logFile, 'a');
  const proc = spawn(KEFUD, args, { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let exited = null;
  const exitPromise = new Promise((resolve) => proc.on('exit', (code, sig) => { exited = { code, sig }; resolve(exited); }));

  const deadline = Date.now() + 15000 * SLOW;
  let m = null;
  while (!m) {
    if (exited) throw new Error('kefud exited early (' + JSON.stringify(exited) + '):\n' + fs.readFileSync(logFile, 'utf8'));
    if (Date.now() > deadline) { proc.kill('SIGKILL'); throw new Error('kefud did not become ready:\n' + fs.readFileSync(logFile, 'utf8')); }
    await new Promise((r) => setTimeout(r, 50));
    const text = fs.readFileSync(logFile, 'utf8');
    const all = [...text.matchAll(/ev=ready smpp=[^ ]*:(\d+) http=[^ ]*:(\d+)/g)];
    if (all.length > (opts.readyCount || 0)) m = all[all.length - 1];
  }
  const token = fs.readFileSync(path.join(dir, 'api.token'), 'utf8').trim();
  const k = {
    dir, proc, token, logFile, slow: SLOW,
    smppPort: Number(m[1]),
    httpPort: Number(m[2]),
    api: (method, p, body) => httpRequest(k.httpPort, token, method, p, body),
    http: (method, p, body, tok) => httpRequest(k.httpPort, tok, method, p, body),
    log: () => fs.readFileSync(logFile, 'utf8'),
    async stop() {
      if (!exited) proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 20000 * SLOW);
      const r = await exitPromise;
      clearTimeout(t);
      if (!process.env.KEFU_KEEP_TEST_DIRS && !opts.dir) fs.rmSync(dir, { recursive: true, force: true });
      return r;
    },
    async kill9() {
      if (!exited) proc.kill('SIGKILL');
      return exitPromise;
    },
    async restart(extra = {}) {
      const readyCount = [...fs.readFileSync(logFile, 'utf8').matchAll(/ev=ready /g)].length;
      return startKefud(Object.assign({}, opts, { dir, readyCount }, extra));
    },
    exited: () => exited,
  };
  return k;
}

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

// Polls fn until it returns a truthy value; returns it or throws.
async function until(fn, timeoutMs = 10000, what = 'condition') {
  const deadline = Date.now() + timeoutMs * SLOW;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what);
    await sleep(50);
  }
}

module.exports = { startKefud, httpRequest, sleep, until, KEFUD, SLOW };
