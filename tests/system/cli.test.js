'use strict';
// The kefu admin CLI against a running kefud.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const { startKefud, KEFUD } = require('../lib/kefud');

const KEFU = path.join(path.dirname(KEFUD), 'kefu');
let k;
test.before(async () => { k = await startKefud(); });
test.after(async () => { await k.stop(); });

function kefu(...args) {
  return spawnSync(KEFU, ['--port', String(k.httpPort), '--data-dir', k.dir, ...args], { encoding: 'utf8' });
}

test('ports: list, add, set, show, delete', () => {
  let r = kefu('ports');
  assert.equal(r.status, 0, r.stderr);
  assert.ok(JSON.parse(r.stdout).ports.some((p) => p.system_id === 'demo106'));
  r = kefu('port-add', 'shop1', 'password=shop1234', 'number=1065755530', 'name=示例商城', 'realname_verified=true', 'tps=50', 'signatures=【示例商城】');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(JSON.parse(r.stdout).tps, 50);
  r = kefu('port-set', 'shop1', 'status=suspended');
  assert.equal(JSON.parse(r.stdout).status, 'suspended');
  r = kefu('port', 'shop1');
  assert.deepEqual(JSON.parse(r.stdout).signatures, ['【示例商城】']);
  r = kefu('port-add', 'shop2', 'password=x', 'number=12345');
  assert.equal(r.status, 1, 'a 4xx answer exits 1');
  assert.match(JSON.parse(r.stdout).error, /number/);
  assert.equal(kefu('port-del', 'shop1').status, 0);
  assert.equal(kefu('port', 'shop1').status, 1);
});

test('send and look up messages', () => {
  const r = kefu('send', '1065755501', '13800138003', '【示例科技】CLI 测试');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const id = JSON.parse(r.stdout).ids[0];
  const m = JSON.parse(kefu('msg', String(id)).stdout);
  assert.equal(m.to, '138****8003');
  const list = JSON.parse(kefu('msgs', '13800138003').stdout);
  assert.ok(list.messages.some((x) => x.id === id));
  assert.equal(kefu('health').status, 0);
  assert.equal(kefu('--token', 'nope', 'ports').status, 1);
  assert.equal(spawnSync(KEFU, ['nonsense'], { encoding: 'utf8' }).status, 2);
  void execFileSync;
});
