'use strict';
// The message path through a real kefud, with the npm smpp package on both
// sides: an industry port (demo106) and the network link (netlink).
const test = require('node:test');
const assert = require('node:assert/strict');
const peers = require('../peers/lib');
const { startKefud, until } = require('../lib/kefud');

let k, port, link;
const PORTNUM = '1065755501';

test.before(async () => {
  k = await startKefud({ config: { hub: { retry_base: '200ms' } } });
  link = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(link, 'transceiver', 'netlink', 'link1234')).command_status, 0);
  port = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(port, 'transceiver', 'demo106', 'demo1234')).command_status, 0);
});
test.after(async () => {
  await peers.unbind(port).catch(() => {});
  await peers.unbind(link).catch(() => {});
  await k.stop();
});

function since(s) { return peers.deliveries(s).length; }

test('MT to a subscriber is delivered to the network link and a DELIVRD receipt returns', async () => {
  const l0 = since(link), p0 = since(port);
  const [resp] = await peers.submitText(port, { from: PORTNUM, to: '13800138001', text: '【示例科技】您的验证码是 482913，5分钟内有效。', registeredDelivery: 1 });
  assert.equal(resp.command_status, 0);
  assert.match(resp.message_id, /^\d+$/);
  const [d] = await peers.waitForDeliver(link, 1, (x) => !x.is_receipt && x.destination_addr === '13800138001', 10000, { since: l0 });
  assert.equal(d.source_addr, PORTNUM);
  assert.equal(d.text, '【示例科技】您的验证码是 482913，5分钟内有效。');
  assert.equal(d.data_coding, 8);
  const [r] = await peers.waitForDeliver(port, 1, (x) => x.is_receipt, 10000, { since: p0 });
  assert.equal(r.receipted_message_id, resp.message_id);
  assert.equal(r.message_state, 2);
  assert.equal(r.receipt.stat, 'DELIVRD');
  assert.equal(r.source_addr, '13800138001');
  assert.equal(r.destination_addr, PORTNUM);
  const m = await k.api('GET', '/api/v1/messages/' + resp.message_id);
  assert.equal(m.status, 200);
  assert.equal(m.json.state, 'delivered');
  assert.equal(m.json.to, '138****8001', 'numbers are masked in the API');
});

for (const mode of ['udh8', 'udh16', 'sar', 'payload']) {
  test('a long UCS-2 message (' + mode + ') passes intact and reassembles', async () => {
    const text = '尊敬的客户：' + '您本月的账单已经生成，请登录网上营业厅查询详细费用。'.repeat(5) + '【示例科技】';
    const l0 = since(link);
    const resps = await peers.submitText(port, { from: PORTNUM, to: '13800138002', text, long: mode });
    for (const r of resps) assert.equal(r.command_status, 0);
    // (from the port: the demo subscriber's own reminders from 10086 may arrive meanwhile)
    const parts = await peers.waitForDeliver(link, resps.length, (x) => x.destination_addr === '13800138002' && x.source_addr === PORTNUM, 10000, { since: l0 });
    if (mode === 'payload') {
      assert.equal(parts[0].text, text);
    } else {
      assert.ok(parts.length > 1);
      const sorted = parts.map((p) => p.concat || { seq: 1 }).sort((a, b) => a.seq - b.seq);
      assert.equal(sorted.length, resps.length);
      const joined = parts.slice().sort((a, b) => a.concat.seq - b.concat.seq).map((p) => p.text).join('');
      assert.equal(joined, text);
      for (const p of parts) assert.equal(p.concat.total, resps.length);
    }
  });
}

test('MO from a subscriber reaches the industry port (extension too)', async () => {
  const p0 = since(port);
  const [r] = await peers.submitText(link, { from: '13800138003', to: PORTNUM + '12', text: 'TD' });
  assert.equal(r.command_status, 0);
  const [d] = await peers.waitForDeliver(port, 1, (x) => !x.is_receipt, 10000, { since: p0 });
  assert.equal(d.source_addr, '13800138003');
  assert.equal(d.destination_addr, PORTNUM + '12');
  assert.equal(d.text, 'TD');
});

test('P2P between subscribers goes back out through the link, with a receipt to the sender', async () => {
  const l0 = since(link);
  const [r] = await peers.submitText(link, { from: '13800138004', to: '13900001111', text: 'hello @ 5pm', registeredDelivery: 1 });
  assert.equal(r.command_status, 0);
  const got = await peers.waitForDeliver(link, 2, (x) => x.destination_addr === '13900001111' || (x.is_receipt && x.receipted_message_id === r.message_id), 10000, { since: l0 });
  const msg = got.find((x) => !x.is_receipt);
  assert.equal(msg.text, 'hello @ 5pm');
  assert.equal(msg.data_coding, 0);
  const rc = got.find((x) => x.is_receipt);
  assert.equal(rc.destination_addr, '13800138004');
});

test('a text to 10086 is answered by the service', async () => {
  const l0 = since(link);
  const [r] = await peers.submitText(link, { from: '13800138005', to: '10086', text: '我爱你' });
  assert.equal(r.command_status, 0);
  const [d] = await peers.waitForDeliver(link, 1, (x) => x.source_addr === '10086' && x.destination_addr === '13800138005', 10000, { since: l0 });
  assert.match(d.text, /爱/);
});

test('a long message to 10086 is handed to the service whole and answered once', async () => {
  const l0 = since(link);
  const text = '请问我的套餐里还剩多少流量？'.repeat(6);
  const resps = await peers.submitText(link, { from: '13800138005', to: '10086', text });
  assert.ok(resps.length >= 2);
  for (const r of resps) assert.equal(r.command_status, 0);
  await peers.waitForDeliver(link, 1, (x) => x.source_addr === '10086' && x.destination_addr === '13800138005', 10000, { since: l0 });
  await new Promise((r) => setTimeout(r, 500));
  // one reply (itself possibly a few concatenated parts) for one long question
  const replies = peers.deliveries(link).slice(l0).filter((x) => x.source_addr === '10086' &&
    x.destination_addr === '13800138005' && (!x.concat || x.concat.seq === 1));
  assert.equal(replies.length, 1, 'one reply for one (long) question: ' + JSON.stringify(replies.map((x) => x.text)));
  for (const r of resps)
    assert.equal((await k.api('GET', '/api/v1/messages/' + r.message_id)).json.state, 'delivered');
});

test('submit_multi: one message_id for all copies, and every receipt carries it', async () => {
  const p0 = since(port);
  const r = await peers.request(port, 'submit_multi', {
    source_addr: PORTNUM, registered_delivery: 1, short_message: 'multi',
    dest_address: [{ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '13800138001' },
      { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '13800138002' },
      { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: 'x' }],
  });
  assert.equal(r.command_status, 0);
  assert.equal(r.unsuccess_sme.length, 1);
  const rc = await peers.waitForDeliver(port, 2, (x) => x.is_receipt && x.receipted_message_id === r.message_id, 10000, { since: p0 });
  assert.deepEqual(rc.map((x) => x.source_addr).sort(), ['13800138001', '13800138002']);
});

test('bad addresses are refused with ESME_RINVSRCADR / ESME_RINVDSTADR', async () => {
  const a = await peers.submit(port, { source_addr: '1069999', destination_addr: '13800138001', short_message: 'x' });
  assert.equal(a.command_status, 0x0a);
  const b = await peers.submit(port, { source_addr: PORTNUM, destination_addr: 'abc', short_message: 'x' });
  assert.equal(b.command_status, 0x0b);
  const c = await peers.submit(port, { source_addr: PORTNUM, destination_addr: '10086', short_message: 'x' });
  assert.equal(c.command_status, 0x0b, 'a port may not text service numbers');
  const d = await peers.submit(port, { source_addr: PORTNUM, destination_addr: '13800138001', short_message: 'x', validity_period: '000000000000000R' });
  assert.equal(d.command_status, 0x62, 'zero relative validity is invalid');
  const e = await peers.submit(link, { source_addr: '13800138001', destination_addr: PORTNUM + '#*', short_message: 'x' });
  assert.equal(e.command_status, 0x0b, 'a port number followed by non-digits is no address');
});

test('query_sm and cancel_sm act on our own messages', async () => {
  // A scheduled message (1 hour ahead) stays queued: it can be queried and cancelled.
  const [r] = await peers.submitText(port, { from: PORTNUM, to: '13800138001', text: 'later', extra: { schedule_delivery_time: '000000010000000R' } });
  assert.equal(r.command_status, 0);
  const q = await peers.request(port, 'query_sm', { message_id: r.message_id, source_addr: PORTNUM });
  assert.equal(q.command_status, 0);
  assert.equal(q.message_state, 1);
  const c = await peers.request(port, 'cancel_sm', { message_id: r.message_id, source_addr: PORTNUM, destination_addr: '13800138001' });
  assert.equal(c.command_status, 0);
  await until(async () => (await k.api('GET', '/api/v1/messages/' + r.message_id)).json.state === 'deleted', 5000, 'deleted state');
  const c2 = await peers.request(port, 'cancel_sm', { message_id: r.message_id, source_addr: PORTNUM, destination_addr: '13800138001' });
  assert.equal(c2.command_status, 0x11);
  const q2 = await peers.request(port, 'query_sm', { message_id: '999999999', source_addr: PORTNUM });
  assert.equal(q2.command_status, 0x67);
});

test('a temporary receiver error is retried; the message is then delivered', async () => {
  const s = await peers.connect({ port: k.smppPort, deliverStatus: 0x64 /* ESME_RX_T_APPN */ });
  // Take the subscriber link away so only the failing peer receives.
  await peers.unbind(link);
  assert.equal((await peers.bind(s, 'receiver', 'netlink', 'link1234')).command_status, 0);
  const p = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(p, 'transmitter', 'demo106', 'demo1234')).command_status, 0);
  const [r] = await peers.submitText(p, { from: PORTNUM, to: '13800138001', text: 'retry me' });
  await peers.waitForDeliver(s, 2, (x) => x.text === 'retry me', 10000);
  await peers.unbind(s);
  link = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(link, 'transceiver', 'netlink', 'link1234')).command_status, 0);
  await peers.waitForDeliver(link, 1, (x) => x.text === 'retry me', 15000);
  await until(async () => (await k.api('GET', '/api/v1/messages/' + r.message_id)).json.state === 'delivered', 5000, 'delivered');
  const m = await k.api('GET', '/api/v1/messages/' + r.message_id);
  assert.ok(m.json.attempts >= 3, 'attempts ' + m.json.attempts);
  await peers.unbind(p);
});

test('messages by number, masked, newest first', async () => {
  const r = await k.api('GET', '/api/v1/messages?number=13800138001&limit=5');
  assert.equal(r.status, 200);
  assert.ok(r.json.messages.length >= 2);
  for (const m of r.json.messages) assert.ok(m.from === '138****8001' || m.to === '138****8001');
  assert.ok(r.json.messages[0].id > r.json.messages[1].id);
  assert.ok(!JSON.stringify(r.json).includes('13800138001'), 'no full number anywhere');
});
