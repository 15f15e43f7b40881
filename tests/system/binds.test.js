'use strict';
// Binds against a real kefud with the npm smpp package: the three bind
// types, bad password, unknown system_id, unverified port, suspended port,
// max binds, wrong bind state, enquire_link and unbind.
const test = require('node:test');
const assert = require('node:assert/strict');
const peers = require('../peers/lib');
const { startKefud } = require('../lib/kefud');

const E = { OK: 0x00, RINVBNDSTS: 0x04, RALYBND: 0x05, RINVPASWD: 0x0e, RINVSYSID: 0x0f, RBINDFAIL: 0x0d, RSUBMITFAIL: 0x45 };

let k;
test.before(async () => {
  k = await startKefud();
  const r = await k.api('POST', '/api/v1/ports', {
    system_id: 'unverif', password: 'pw123456', kind: 'port', name: '未实名企业',
    number: '1065755599', realname_verified: false,
  });
  assert.equal(r.status, 201, r.text);
  const r2 = await k.api('POST', '/api/v1/ports', {
    system_id: 'onebind', password: 'pw123456', number: '1065755598', realname_verified: true,
    max_binds: 1, bind_types: ['transmitter'],
  });
  assert.equal(r2.status, 201, r2.text);
});
test.after(async () => { await k.stop(); });

async function tryBind(type, id, pw) {
  const s = await peers.connect({ port: k.smppPort });
  const r = await peers.bind(s, type, id, pw);
  return { s, r };
}

for (const type of ['transmitter', 'receiver', 'transceiver']) {
  test('bind_' + type + ' with the demo port succeeds', async () => {
    const { s, r } = await tryBind(type, 'demo106', 'demo1234');
    assert.equal(r.command_status, E.OK);
    assert.equal(r.system_id, 'kefu');
    const e = await peers.request(s, 'enquire_link', {});
    assert.equal(e.command_status, 0);
    await peers.unbind(s);
  });
}

test('a bad password is refused with ESME_RINVPASWD', async () => {
  const { s, r } = await tryBind('transceiver', 'demo106', 'wrong');
  assert.equal(r.command_status, E.RINVPASWD);
  await peers.closeSession(s);
});

test('an unknown system_id is refused with ESME_RINVSYSID', async () => {
  const { s, r } = await tryBind('transmitter', 'nobody', 'x');
  assert.equal(r.command_status, E.RINVSYSID);
  await peers.closeSession(s);
});

test('an unverified port cannot bind to send, but may receive', async () => {
  const a = await tryBind('transmitter', 'unverif', 'pw123456');
  assert.equal(a.r.command_status, E.RBINDFAIL);
  await peers.closeSession(a.s);
  const b = await tryBind('receiver', 'unverif', 'pw123456');
  assert.equal(b.r.command_status, E.OK);
  await peers.unbind(b.s);
});

test('bind types and max binds come from the port registry', async () => {
  const rx = await tryBind('receiver', 'onebind', 'pw123456');
  assert.equal(rx.r.command_status, E.RBINDFAIL, 'receiver not allowed for this port');
  await peers.closeSession(rx.s);
  const one = await tryBind('transmitter', 'onebind', 'pw123456');
  assert.equal(one.r.command_status, E.OK);
  const two = await tryBind('transmitter', 'onebind', 'pw123456');
  assert.equal(two.r.command_status, E.RBINDFAIL, 'second bind beyond max_binds=1');
  await peers.closeSession(two.s);
  await peers.unbind(one.s);
});

test('submit_sm before bind and on a receiver bind get ESME_RINVBNDSTS; a second bind ESME_RALYBND', async () => {
  const s = await peers.connect({ port: k.smppPort });
  const r0 = await peers.submit(s, { source_addr: '1065755501', destination_addr: '13800138001', short_message: 'x' });
  assert.equal(r0.command_status, E.RINVBNDSTS);
  const b = await peers.bind(s, 'receiver', 'demo106', 'demo1234');
  assert.equal(b.command_status, 0);
  const r1 = await peers.submit(s, { source_addr: '1065755501', destination_addr: '13800138001', short_message: 'x' });
  assert.equal(r1.command_status, E.RINVBNDSTS);
  const b2 = await peers.request(s, 'bind_receiver', { system_id: 'demo106', password: 'demo1234' });
  assert.equal(b2.command_status, E.RALYBND);
  await peers.unbind(s);
});

test('suspending a port unbinds it and refuses new binds', async () => {
  const { s, r } = await tryBind('transceiver', 'demo106', 'demo1234');
  assert.equal(r.command_status, 0);
  const closed = new Promise((resolve) => s.on('close', resolve));
  const up = await k.api('PUT', '/api/v1/ports/demo106', { status: 'suspended' });
  assert.equal(up.status, 200, up.text);
  await closed;
  const again = await tryBind('transceiver', 'demo106', 'demo1234');
  assert.equal(again.r.command_status, E.RBINDFAIL);
  await peers.closeSession(again.s);
  const back = await k.api('PUT', '/api/v1/ports/demo106', { status: 'active' });
  assert.equal(back.status, 200);
});
