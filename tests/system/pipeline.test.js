'use strict';
// The submit pipeline through a real kefud, with the hub's own stage
// (registered signatures): deliver, block (ESME_RSUBMITFAIL, reasons stored),
// hold; long messages are judged whole, so a signature in the last part
// counts and every part shares the verdict.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const peers = require('../peers/lib');
const { startKefud, until } = require('../lib/kefud');

const PORTNUM = '1065755501';
let k, port, link;
test.before(async () => {
  k = await startKefud({ config: { hub: { signature_check: 'block' } } });
  link = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(link, 'receiver', 'netlink', 'link1234')).command_status, 0);
  port = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(port, 'transceiver', 'demo106', 'demo1234')).command_status, 0);
});
test.after(async () => {
  await peers.unbind(port).catch(() => {});
  await peers.unbind(link).catch(() => {});
  await k.stop();
});

test('a message with the registered signature is delivered', async () => {
  const [r] = await peers.submitText(port, { from: PORTNUM, to: '13800138001', text: '【示例科技】订单已发货' });
  assert.equal(r.command_status, 0);
  await peers.waitForDeliver(link, 1, (d) => d.text === '【示例科技】订单已发货');
});

test('an unsigned message is blocked with ESME_RSUBMITFAIL and its reason is stored', async () => {
  const p0 = peers.deliveries(port).length;
  const [r] = await peers.submitText(port, { from: PORTNUM, to: '13800138001', text: '恭喜中奖，点击领取', registeredDelivery: 1 });
  assert.equal(r.command_status, 0x45);
  await new Promise((res) => setTimeout(res, 700));
  assert.equal(peers.deliveries(port).slice(p0).filter((d) => d.is_receipt).length, 0,
    'no receipt for a message the ESME was told failed');
  const list = await k.api('GET', '/api/v1/messages?number=' + PORTNUM + '&limit=5');
  const m = list.json.messages.find((x) => x.state === 'rejected');
  assert.ok(m, JSON.stringify(list.json));
  assert.equal(m.reasons[0].code, 'port.signature');
  assert.equal(m.reasons[0].stage, 'signature');
});

test('a long message signed only in its last part is judged whole and delivered', async () => {
  const text = '尊敬的客户，您订购的商品已经到达配送站，'.repeat(8) + '【示例科技】';
  const l0 = peers.deliveries(link).length;
  const resps = await peers.submitText(port, { from: PORTNUM, to: '13800138002', text });
  assert.ok(resps.length >= 3);
  for (const r of resps) assert.equal(r.command_status, 0);
  const parts = await peers.waitForDeliver(link, resps.length, (d) => d.destination_addr === '13800138002' && d.source_addr === PORTNUM, 10000, { since: l0 });
  assert.equal(parts.sort((a, b) => a.concat.seq - b.concat.seq).map((p) => p.text).join(''), text);
});

test('an unsigned long message: every part is rejected, with REJECTD receipts', async () => {
  const text = '低息贷款，当天放款，无需抵押，详情回复1。'.repeat(6);
  const p0 = peers.deliveries(port).length;
  const resps = await peers.submitText(port, { from: PORTNUM, to: '13800138003', text, registeredDelivery: 1 });
  for (const r of resps) assert.equal(r.command_status, 0, 'parts are acknowledged before the whole is judged');
  const rc = await peers.waitForDeliver(port, resps.length, (d) => d.is_receipt, 10000, { since: p0 });
  for (const x of rc) assert.equal(x.receipt.stat, 'REJECTD');
  for (const r of resps) {
    const m = await k.api('GET', '/api/v1/messages/' + r.message_id);
    assert.equal(m.json.state, 'rejected');
    assert.equal(m.json.reasons[0].code, 'port.signature');
  }
});

test('after SIGHUP with signature_check = hold, unsigned messages are held', async () => {
  fs.writeFileSync(path.join(k.dir, 'kefu.ini'), '[hub]\nsignature_check = hold\n');
  k.proc.kill('SIGHUP');
  await until(() => /ev=reloaded/.test(k.log()), 5000, 'reload');
  const [r] = await peers.submitText(port, { from: PORTNUM, to: '13800138004', text: '无签名的通知' });
  assert.equal(r.command_status, 0);
  await until(async () => (await k.api('GET', '/api/v1/messages/' + r.message_id)).json.state === 'held', 5000, 'held');
  const q = await peers.request(port, 'query_sm', { message_id: r.message_id, source_addr: PORTNUM });
  assert.equal(q.message_state, 1, 'a held message is ENROUTE to its sender');
});
