'use strict';
// Store-and-forward limits: a message nobody can take expires at the end of
// its validity period with an EXPIRED receipt; a permanent receiver error
// ends as UNDELIVERABLE with an UNDELIV receipt; binary data passes intact.
const test = require('node:test');
const assert = require('node:assert/strict');
const peers = require('../peers/lib');
const { startKefud, until } = require('../lib/kefud');

let k, port;
test.before(async () => {
  k = await startKefud({ config: { hub: { retry_base: '200ms' } } });
  port = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(port, 'transceiver', 'demo106', 'demo1234')).command_status, 0);
});
test.after(async () => {
  await peers.unbind(port).catch(() => {});
  await k.stop();
});

test('no receiver within the validity period: EXPIRED with a receipt', async () => {
  const p0 = peers.deliveries(port).length;
  const r = await peers.submit(port, { source_addr: '1065755501', destination_addr: '13800138009',
    short_message: 'expire me', registered_delivery: 1, validity_period: '000000000002000R' });
  assert.equal(r.command_status, 0);
  const [rc] = await peers.waitForDeliver(port, 1, (x) => x.is_receipt, 15000, { since: p0 });
  assert.equal(rc.receipted_message_id, r.message_id);
  assert.equal(rc.message_state, 3);
  assert.equal(rc.receipt.stat, 'EXPIRED');
  await until(async () => (await k.api('GET', '/api/v1/messages/' + r.message_id)).json.state === 'expired', 5000);
});

test('a permanent receiver error: UNDELIVERABLE with an UNDELIV receipt', async () => {
  const link = await peers.connect({ port: k.smppPort, deliverStatus: 0x65 /* ESME_RX_P_APPN */ });
  assert.equal((await peers.bind(link, 'receiver', 'netlink', 'link1234')).command_status, 0);
  const p0 = peers.deliveries(port).length;
  const r = await peers.submit(port, { source_addr: '1065755501', destination_addr: '13800138008',
    short_message: 'reject me', registered_delivery: 1 });
  const [rc] = await peers.waitForDeliver(port, 1, (x) => x.is_receipt && x.receipted_message_id === r.message_id, 15000, { since: p0 });
  assert.equal(rc.message_state, 5);
  assert.equal(rc.receipt.stat, 'UNDELIV');
  const m = await k.api('GET', '/api/v1/messages/' + r.message_id);
  assert.equal(m.json.state, 'undeliverable');
  assert.equal(m.json.attempts, 1);
  await peers.unbind(link);
});

test('binary (data_coding 4) with an application-port UDH is passed on byte for byte', async () => {
  const link = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(link, 'receiver', 'netlink', 'link1234')).command_status, 0);
  const payload = Buffer.from([0x06, 0x05, 0x04, 0x0b, 0x84, 0x23, 0xf0, 0x00, 0xff, 0x10, 0x80, 0x7f]);
  const r = await peers.submit(port, { source_addr: '1065755501', destination_addr: '13800138007',
    esm_class: 0x40, data_coding: 4, short_message: payload });
  assert.equal(r.command_status, 0);
  const [d] = await peers.waitForDeliver(link, 1, (x) => x.destination_addr === '13800138007', 10000);
  assert.equal(d.esm_class & 0x40, 0x40);
  assert.equal(d.data_coding, 4);
  assert.ok(d.pdu.raw.includes(payload), 'the short_message bytes arrive unchanged');
  await peers.unbind(link);
});
