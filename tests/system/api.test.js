'use strict';
// The HTTP API of a real kefud: auth, ports CRUD, validation errors as 4xx
// JSON, sending a message, metrics.
const test = require('node:test');
const assert = require('node:assert/strict');
const peers = require('../peers/lib');
const { startKefud, until } = require('../lib/kefud');

let k;
test.before(async () => { k = await startKefud(); });
test.after(async () => { await k.stop(); });

test('health needs no token; /api/ needs the right one', async () => {
  assert.equal((await k.http('GET', '/healthz')).status, 200);
  const none = await k.http('GET', '/api/v1/ports');
  assert.equal(none.status, 401);
  assert.ok(none.json.error);
  assert.equal((await k.http('GET', '/api/v1/ports', undefined, 'wrong-token')).status, 401);
  assert.equal((await k.api('GET', '/api/v1/ports')).status, 200);
});

test('ports: create, read, update, delete, with clear 4xx errors', async () => {
  let r = await k.api('POST', '/api/v1/ports', '{not json');
  assert.equal(r.status, 400);
  assert.match(r.json.error, /JSON/);
  r = await k.api('POST', '/api/v1/ports', { system_id: 'bank1', password: 'pw123456', number: '13800000000' });
  assert.equal(r.status, 400);
  assert.match(r.json.error, /^number/);
  r = await k.api('POST', '/api/v1/ports', { system_id: 'bank1', password: 'toolongpassword', number: '1065755520' });
  assert.equal(r.status, 400);
  assert.match(r.json.error, /^password/);
  r = await k.api('POST', '/api/v1/ports', { system_id: 'bank1', password: 'pw123456', number: '1065755520', tps: 'fast' });
  assert.equal(r.status, 400);
  assert.match(r.json.error, /^tps/);
  r = await k.api('POST', '/api/v1/ports', {
    system_id: 'bank1', password: 'pw123456', name: '示例银行', number: '1065755520', realname_verified: true,
    signatures: ['【示例银行】'], tps: 200, window: 32, allowed_ips: '127.0.0.1', bind_types: ['transmitter', 'receiver'],
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.tps, 200);
  assert.ok(!('pw_hash' in r.json) && !('password' in r.json), 'never echo passwords or hashes');
  assert.equal((await k.api('POST', '/api/v1/ports', { system_id: 'bank1', password: 'x', number: '1065755520' })).status, 409);
  r = await k.api('GET', '/api/v1/ports/bank1');
  assert.deepEqual(r.json.signatures, ['【示例银行】']);
  const s = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(s, 'transmitter', 'bank1', 'pw123456')).command_status, 0);
  await peers.unbind(s);
  r = await k.api('PUT', '/api/v1/ports/bank1', { allowed_ips: '10.0.0.0/8' });
  assert.equal(r.status, 200);
  const s2 = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(s2, 'transmitter', 'bank1', 'pw123456')).command_status, 0x0d, 'client address no longer allowed');
  await peers.closeSession(s2);
  const oldId = (await k.api('GET', '/api/v1/ports/bank1')).json.id;
  assert.equal((await k.api('DELETE', '/api/v1/ports/bank1')).status, 200);
  assert.equal((await k.api('GET', '/api/v1/ports/bank1')).status, 404);
  r = await k.api('POST', '/api/v1/ports', { system_id: 'bank2', password: 'pw123456', number: '1065755521' });
  assert.notEqual(r.json.id, oldId, 'a deleted account id is never reused (its messages and receipts stay its own)');
  assert.equal((await k.api('DELETE', '/api/v1/ports/bank1')).status, 404);
});

test('changing an account kind unbinds its sessions (no stale queue membership)', async () => {
  let r = await k.api('POST', '/api/v1/ports', { system_id: 'flip', password: 'pw123456', number: '1065755522', realname_verified: true });
  assert.equal(r.status, 201);
  const s = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(s, 'receiver', 'flip', 'pw123456')).command_status, 0);
  const closed = new Promise((resolve) => s.on('close', resolve));
  r = await k.api('PUT', '/api/v1/ports/flip', { kind: 'link' });
  assert.equal(r.status, 200);
  await closed;
  // The hub still routes subscriber traffic fine afterwards.
  const link = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(link, 'receiver', 'netlink', 'link1234')).command_status, 0);
  const sent = await k.api('POST', '/api/v1/messages', { from: '1065755501', to: '13800138006', text: 'after flip' });
  assert.equal(sent.status, 201);
  await peers.waitForDeliver(link, 1, (x) => x.text === 'after flip');
  await peers.unbind(link);
});

test('send a message through the API to a bound subscriber link', async () => {
  const link = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(link, 'receiver', 'netlink', 'link1234')).command_status, 0);
  const r = await k.api('POST', '/api/v1/messages', { from: '1065755501', to: '13800138002', text: '【示例科技】API 发送测试' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.parts, 1);
  // (from the port: the demo subscriber's reminders from 10086 may arrive meanwhile)
  const [d] = await peers.waitForDeliver(link, 1, (x) => x.destination_addr === '13800138002' && x.source_addr === '1065755501');
  assert.equal(d.text, '【示例科技】API 发送测试');
  await until(async () => (await k.api('GET', '/api/v1/messages/' + r.json.ids[0])).json.state === 'delivered', 5000);
  const bad = await k.api('POST', '/api/v1/messages', { from: '1065755501', to: 'nobody', text: 'x' });
  assert.equal(bad.status, 400);
  assert.equal((await k.api('POST', '/api/v1/messages', { from: '1065755501' })).status, 400);
  const binds = await k.api('GET', '/api/v1/binds');
  assert.ok(binds.json.binds.some((b) => b.system_id === 'netlink' && b.bind === 'receiver'));
  await peers.unbind(link);
});

test('metrics expose PDUs by type and status, queue depths, latency and binds', async () => {
  const r = await k.http('GET', '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.text, /kefu_smpp_pdus_received_total\{command="bind_transmitter",status="ESME_ROK"\} \d+/);
  assert.match(r.text, /kefu_smpp_pdus_sent_total\{command="bind_transmitter_resp",status="ESME_RBINDFAIL"\} 1/);
  assert.match(r.text, /kefu_queue_depth\{queue="subscribers"\} \d+/);
  assert.match(r.text, /kefu_delivery_latency_seconds_count [1-9]/);
  assert.match(r.text, /kefu_binds\{kind="port",type="tx"\} 0/);
});
