'use strict';
// Configuration: bad keys stop kefud before it binds a port, with
// file:line: key: reason; the shipped conf/kefu.ini is exactly what the
// daemon documents; SIGHUP reloads; SIGTERM exits cleanly.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { startKefud, KEFUD, until } = require('../lib/kefud');

function runWith(ini) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-conf-'));
  fs.writeFileSync(path.join(dir, 'bad.ini'), ini);
  const r = spawnSync(KEFUD, ['--config', path.join(dir, 'bad.ini'), '--data-dir', dir], { encoding: 'utf8', timeout: 20000 });
  fs.rmSync(dir, { recursive: true, force: true });
  return r;
}

test('an unknown key is rejected with file:line: key: reason', () => {
  const r = runWith('[smpp]\nport = 0\n\n[hub]\nretry_bsae = 2s\n');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /bad\.ini:5: hub\.retry_bsae: unknown key/);
});

test('bad values are rejected with their reason', () => {
  let r = runWith('[smpp]\nport = 70000\n');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /bad\.ini:2: smpp\.port: out of range/);
  r = runWith('[store]\nsync = sometimes\n');
  assert.match(r.stderr, /bad\.ini:2: store\.sync: not one of the allowed values/);
  r = runWith('[nosuch]\nx = 1\n');
  assert.match(r.stderr, /bad\.ini:2: \[nosuch\]: unknown section/);
  r = runWith('[hub]\nretry_base = soon\n');
  assert.match(r.stderr, /bad\.ini:2: hub\.retry_base: not a duration/);
});

test('conf/kefu.ini is the documented default configuration', () => {
  const r = spawnSync(KEFUD, ['--print-config'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  const shipped = fs.readFileSync(path.join(__dirname, '..', '..', 'conf', 'kefu.ini'), 'utf8');
  assert.equal(shipped, r.stdout, 'regenerate with: make config-doc');
  assert.match(r.stdout, /\n; type: duration; range: 1000ms\.\.600000ms; \[reload\]\nbind_timeout = 10s\n/);
});

test('SIGHUP reloads the log level; SIGTERM drains and exits 0', async () => {
  const k = await startKefud({ config: { server: { log_level: 'info' } } });
  fs.writeFileSync(path.join(k.dir, 'kefu.ini'), '[server]\nlog_level = debug\n');
  k.proc.kill('SIGHUP');
  await until(() => /ev=reloaded log_level=debug/.test(k.log()), 5000, 'reload');
  fs.writeFileSync(path.join(k.dir, 'kefu.ini'), '[server]\nlog_level = loud\n');
  k.proc.kill('SIGHUP');
  await until(() => /ev=reload_failed/.test(k.log()), 5000, 'reload failure logged');
  const r = await k.stop();
  assert.equal(r.code, 0);
});
