'use strict';
// Self-test of the Node.js SMPP peers and the handset simulator, without kefud.
// Run: node --test tests/peers/      (selftest.test.js loads this file)
//  or: node --test tests/peers/selftest.js

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');

const peers = require('./lib');
const { createAckServer } = require('./ack-server');
const { FakeHub } = require('./fake-hub');
const codec = require('../../sim/phones/codec');
const { PhoneNetwork } = require('../../sim/phones/phones');

const ROOT = path.join(__dirname, '..', '..');
const ESME = path.join(__dirname, 'esme.js');
const ACK_SERVER = path.join(__dirname, 'ack-server.js');
const PHONES = path.join(ROOT, 'sim', 'phones', 'server.js');
const { smpp } = peers;

// --- helpers -------------------------------------------------------------------

/** Run a node script; resolves {code, events (parsed JSON lines), stderr}. */
function runNode(script, args, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(script + ' did not finish in ' + timeoutMs + ' ms\n' + out + err));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const events = out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      resolve({ code, events, stderr: err });
    });
  });
}

/** Start a long-running node script and resolve once it printed a 'listening' JSON line. */
function startNode(script, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    let err = '';
    child.stderr.on('data', (c) => { err += c; });
    child.stdout.on('data', (c) => {
      buf += c;
      const nl = buf.indexOf('\n');
      if (nl >= 0 && !child.listening) {
        child.listening = JSON.parse(buf.slice(0, nl));
        resolve(child);
      }
    });
    child.on('exit', (code) => {
      if (!child.listening) reject(new Error(script + ' exited ' + code + ': ' + err));
    });
    child.stderrText = () => err;
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function httpJson(port, method, urlPath, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? null : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const req = http.request({
      host: '127.0.0.1', port, method, path: urlPath,
      headers: data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {},
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        let json = null;
        try { json = JSON.parse(text); } catch (e) { json = null; }
        resolve({ status: res.statusCode, headers: res.headers, json, text });
      });
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

async function until(fn, timeoutMs = 5000, what = 'condition') {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Raw bytes of a PDU built by the package (as the wire would carry them). */
function rawPdu(command, params) {
  const pdu = new smpp.PDU(command, params);
  pdu.sequence_number = 7;
  return pdu.toBuffer();
}

// --- pure helpers --------------------------------------------------------------

test('GSM 03.38 detection, encoding and decoding', () => {
  assert.equal(peers.isGsm7('Hello, world! @£$¥'), true);
  assert.equal(peers.isGsm7('braces {x} [y] ~ | ^ € \\'), true);
  assert.equal(peers.isGsm7('é à ü Ä ñ Ø'), true);
  assert.equal(peers.isGsm7('你好'), false);
  assert.equal(peers.isGsm7('ê'), false); // not in the default alphabet
  assert.equal(peers.isGsm7('smile 😀'), false);
  assert.equal(peers.isGsm7('`'), false);
  const text = '@$_{}[]€ Ünïcödé? no: Ünicode ok';
  assert.equal(peers.gsm7Decode(peers.gsm7Encode('@$_{}[]€')), '@$_{}[]€');
  assert.deepEqual([...peers.gsm7Encode('@$_€{')], [0x00, 0x02, 0x11, 0x1b, 0x65, 0x1b, 0x28]);
  assert.equal(peers.gsm7Length('a€'), 3);
  assert.equal(peers.gsm7Decode(Buffer.from([0x48, 0x69, 0x1b])), 'Hi'); // dangling escape
  assert.equal(peers.gsm7Decode(Buffer.from([0x41, 0xc8])), 'A\ufffd');
  assert.equal(peers.chooseDataCoding(text), 8);
  assert.equal(peers.chooseDataCoding('plain text'), 0);
});

test('UCS-2 encode/decode, other data codings', () => {
  assert.deepEqual([...peers.ucs2Encode('你好')], [0x4f, 0x60, 0x59, 0x7d]);
  assert.equal(peers.ucs2Decode(peers.ucs2Encode('中文 😀 mixed')), '中文 😀 mixed');
  assert.equal(peers.ucs2Decode(Buffer.from([0x00, 0x41, 0x00])), 'A'); // odd octet ignored
  assert.equal(peers.decodeText(Buffer.from('café', 'latin1'), 3), 'café');
  assert.equal(peers.decodeText(Buffer.from('a@b'), 1), 'a@b'); // IA5, not GSM
  assert.equal(peers.decodeText(Buffer.from([0x00]), 0), '@');
  assert.equal(peers.decodeText(Buffer.from([1, 2]), 4), '[binary 0102]');
  assert.equal(peers.alphabetOf(0x18), 'ucs2');
  assert.equal(peers.alphabetOf(0xf0), 'gsm7');
  assert.equal(peers.alphabetOf(0xf4), 'binary');
});

test('splitText: sizes, UDH layout and unsplittable units', () => {
  let s = peers.splitText('x'.repeat(160));
  assert.equal(s.dataCoding, 0);
  assert.equal(s.parts.length, 1);
  assert.equal(s.parts[0].udh, null);

  s = peers.splitText('x'.repeat(161), { ref: 0x42 });
  assert.equal(s.parts.length, 2);
  assert.equal(s.parts[0].body.length, 153);
  assert.deepEqual([...s.parts[0].udh], [0x05, 0x00, 0x03, 0x42, 2, 1]);
  assert.deepEqual([...s.parts[1].udh], [0x05, 0x00, 0x03, 0x42, 2, 2]);
  assert.equal(s.parts[1].body.length, 8);

  s = peers.splitText('中'.repeat(70));
  assert.equal(s.dataCoding, 8);
  assert.equal(s.parts.length, 1);
  assert.equal(s.parts[0].ud.length, 140);
  s = peers.splitText('中'.repeat(71));
  assert.equal(s.parts.length, 2);
  assert.equal(s.parts[0].body.length, 134);

  // 16-bit reference: 66 UCS-2 characters per part
  s = peers.splitText('中'.repeat(140), { refBits: 16, ref: 0x1234 });
  assert.equal(s.parts.length, 3);
  assert.deepEqual([...s.parts[0].udh], [0x06, 0x08, 0x04, 0x12, 0x34, 3, 1]);
  assert.equal(s.parts[0].body.length, 132);

  // a GSM escape pair is never split across parts
  s = peers.splitText('x'.repeat(152) + '€' + 'y'.repeat(10));
  assert.equal(s.parts[0].body.length, 152);
  assert.deepEqual([...s.parts[1].body.subarray(0, 2)], [0x1b, 0x65]);

  // a surrogate pair is never split across parts
  s = peers.splitText('中'.repeat(66) + '😀' + '文'.repeat(5));
  assert.equal(s.parts.length, 2);
  assert.equal(s.parts[0].body.length, 132);
  assert.equal(peers.ucs2Decode(s.parts[1].body), '😀文文文文文');
});

test('parseUdh: concatenation IEs and malformed headers', () => {
  assert.deepEqual(peers.parseUdh(Buffer.from([5, 0, 3, 9, 3, 2, 0x41])).concat, { kind: 'udh8', ref: 9, total: 3, seq: 2 });
  assert.deepEqual(peers.parseUdh(Buffer.from([6, 8, 4, 1, 2, 3, 1])).concat, { kind: 'udh16', ref: 0x0102, total: 3, seq: 1 });
  const withPort = peers.parseUdh(Buffer.from([0x0b, 0x05, 0x04, 0x0b, 0x84, 0x23, 0xf0, 0x00, 0x03, 0x01, 0x02, 0x01]));
  assert.equal(withPort.ies.length, 2);
  assert.deepEqual(withPort.concat, { kind: 'udh8', ref: 1, total: 2, seq: 1 });
  assert.equal(peers.parseUdh(Buffer.from([9, 0, 3, 1])), null); // UDHL past the end
  assert.equal(peers.parseUdh(Buffer.from([3, 0, 5, 1])), null); // IE past the UDH
});

test('decodeSm: UDH, SAR, message_payload and receipts from raw PDUs', () => {
  const parts = peers.splitText('长短信重组测试'.repeat(12));
  const d1 = peers.decodeSm(rawPdu('deliver_sm', {
    source_addr: '1065755501', destination_addr: '13800138001',
    esm_class: 0x40, data_coding: 8, short_message: parts.parts[1].ud,
  }));
  assert.equal(d1.source_addr, '1065755501');
  assert.equal(d1.destination_addr, '13800138001');
  assert.deepEqual(d1.concat, { kind: 'udh8', ref: parts.ref, total: parts.parts.length, seq: 2 });
  assert.equal(d1.text, peers.ucs2Decode(parts.parts[1].body));
  assert.equal(d1.is_receipt, false);

  const d2 = peers.decodeSm(rawPdu('deliver_sm', {
    source_addr: 'a', destination_addr: 'b', data_coding: 0, short_message: peers.gsm7Encode('part'),
    sar_msg_ref_num: 0x1234, sar_total_segments: 3, sar_segment_seqnum: 3,
  }));
  assert.deepEqual(d2.concat, { kind: 'sar', ref: 0x1234, total: 3, seq: 3 });
  assert.equal(d2.text, 'part');

  const d3 = peers.decodeSm(rawPdu('deliver_sm', {
    source_addr: 'a', destination_addr: 'b', data_coding: 8,
    short_message: Buffer.alloc(0), message_payload: peers.ucs2Encode('载荷 payload'),
  }));
  assert.equal(d3.text, '载荷 payload');

  const text = 'id:0a1B2c sub:001 dlvrd:001 submit date:2501011200 done date:2501011201 stat:DELIVRD err:000 text:hello';
  const r1 = peers.decodeSm(rawPdu('deliver_sm', {
    source_addr: '13800138001', destination_addr: '1065755501', esm_class: 0x04, data_coding: 0,
    short_message: peers.gsm7Encode(text), receipted_message_id: '0a1B2c', message_state: 2,
  }));
  assert.equal(r1.is_receipt, true);
  assert.equal(r1.receipted_message_id, '0a1B2c');
  assert.equal(r1.message_state, 2);
  assert.equal(r1.receipt_id, '0a1B2c');
  assert.equal(r1.receipt_outcome, 'delivered');
  assert.equal(r1.receipt.stat, 'DELIVRD');
  assert.equal(r1.receipt.submit_date, '2501011200');

  // no TLVs: the id: and stat: fields of the text are used
  const r2 = peers.decodeSm(rawPdu('deliver_sm', {
    source_addr: 'x', destination_addr: 'y', esm_class: 0x04, data_coding: 0,
    short_message: peers.gsm7Encode(text.replace('DELIVRD', 'EXPIRED')),
  }));
  assert.equal(r2.receipt_id, '0a1B2c');
  assert.equal(r2.receipt_state, 3);
  assert.equal(r2.receipt_outcome, 'expired');

  assert.throws(() => peers.decodeSm(rawPdu('deliver_sm', { source_addr: 'a' }).subarray(0, 30)));
});

test('Reassembler: out of order, duplicates, separate keys, expiry', () => {
  const r = new peers.Reassembler({ timeoutMs: 1000 });
  const text = 'GSM: Ünicode, {braces} ' + 'abc€'.repeat(60);
  const s = peers.splitText(text);
  assert.ok(s.parts.length >= 2);
  const mk = (p, from) => ({
    source_addr: from, destination_addr: '13800138001', data_coding: s.dataCoding,
    body: p.body, concat: { kind: 'udh8', ref: s.ref, total: p.total, seq: p.seq },
  });
  const rev = s.parts.slice().reverse();
  for (let i = 0; i < rev.length - 1; i++) {
    assert.equal(r.add(mk(rev[i], 'A'), 0), null);
    assert.equal(r.add(mk(rev[i], 'A'), 0), null); // duplicate
    assert.equal(r.add(mk(rev[i], 'B'), 0), null); // other sender, same ref
  }
  const done = r.add(mk(rev[rev.length - 1], 'A'), 0);
  assert.equal(s.dataCoding, 0);
  assert.equal(done.text, text);
  assert.equal(done.parts, s.parts.length);
  const single = r.add({ source_addr: 'A', destination_addr: 'B', data_coding: 8, body: peers.ucs2Encode('短'), concat: null });
  assert.equal(single.text, '短');
  assert.equal(single.parts, 1);
  assert.equal(r.expire(500).length, 0);
  const stale = r.expire(5000);
  assert.equal(stale.length, 1);
  assert.equal(stale[0].incomplete, true);
  assert.equal(stale[0].source_addr, 'B');
});

test('PhoneNetwork: inboxes, other numbers, caps, outbox states', () => {
  const net = new PhoneNetwork({ numbers: ['13800138001', '13800138002'], maxMessages: 200 });
  const msg = (to, text, extra) => Object.assign({
    is_receipt: false, source_addr: '1065755501', destination_addr: to, data_coding: 8,
    body: peers.ucs2Encode(text), concat: null,
  }, extra);
  assert.equal(net.onDeliver(msg('13800138001', '你好')).kind, 'message');
  assert.equal(net.onDeliver(msg('13912345678', 'other')).kind, 'message');
  const s = peers.splitText('第一段第二段'.repeat(20));
  for (const p of s.parts) {
    net.onDeliver(msg('13800138002', '', { body: p.body, concat: { kind: 'udh8', ref: s.ref, total: p.total, seq: p.seq } }));
  }
  let snap = net.snapshot(true);
  assert.equal(snap.connected, true);
  assert.equal(snap.phones[0].inbox[0].text, '你好');
  assert.equal(snap.phones[0].inbox[0].from, '1065755501');
  assert.equal(snap.phones[1].inbox[0].parts, s.parts.length);
  assert.equal(snap.phones[1].inbox[0].text, '第一段第二段'.repeat(20));
  assert.equal(snap.others.length, 1);
  assert.equal(snap.others[0].to, '13912345678');

  for (let i = 0; i < 250; i++) net.onDeliver(msg('13800138001', 'm' + i));
  snap = net.snapshot(false);
  assert.equal(snap.phones[0].inbox.length, 200);
  assert.equal(snap.phones[0].inbox[0].text, 'm249'); // newest first

  // outbox: 2 parts, receipt for part 1 arrives before the resp of part 2
  const e = net.addOutgoing('13800138001', '10086', 'hi', 2);
  assert.equal(e.status, '发送中');
  net.onSubmitResp(e, 0, 0, 'AB01');
  net.applyReceipt('ab01', 2); // case-insensitive match
  assert.equal(e.status, '已送达');
  net.onSubmitResp(e, 1, 0, 'AB02');
  assert.deepEqual(net.snapshot(true).phones[0].outbox[0].message_ids, ['AB01', 'AB02']);
  net.applyReceipt('AB02', 5);
  assert.equal(e.status, '失败');

  // receipt that arrives before the submit_sm_resp is kept and applied later
  const e2 = net.addOutgoing('13800138002', '13800138001', 'x', 1);
  assert.equal(net.applyReceipt('77', 3), null);
  net.onSubmitResp(e2, 0, 0, '77');
  assert.equal(e2.status, '已过期');

  const e3 = net.addOutgoing('13800138002', '1', 'x', 1);
  net.onSubmitResp(e3, 0, 0x0b, null, 'rejected');
  assert.equal(e3.status, '失败');
  const e4 = net.addOutgoing('13800138002', '1', 'x', 1);
  net.onSubmitResp(e4, 0, 0, '99');
  assert.equal(e4.status, '已提交');
  assert.throws(() => net.addOutgoing('10086', '1', 'x', 1));
});

// --- against ack-server.js -------------------------------------------------------

test('ack-server + esme.js: bind, 100 submits with window 10, long UCS-2', async () => {
  const server = await startNode(ACK_SERVER, ['--port', '0']);
  try {
    const port = String(server.listening.port);
    const r = await runNode(ESME, ['--host', '127.0.0.1', '--port', port, '--system-id', 'any', '--password', 'pw',
      '--bind', 'transmitter', '--send', '100', '--from', '1065755501', '--to', '13800138001',
      '--text', 'load {i}', '--window', '10', '--registered-delivery', '1']);
    assert.equal(r.code, 0, r.stderr);
    const bind = r.events.find((e) => e.event === 'bind');
    assert.equal(bind.command_status, 0);
    assert.equal(bind.command, 'bind_transmitter_resp');
    const resps = r.events.filter((e) => e.event === 'submit_sm_resp');
    assert.equal(resps.length, 100);
    assert.ok(resps.every((e) => e.command_status === 0 && e.message_id));
    assert.equal(new Set(resps.map((e) => e.message_id)).size, 100);
    const sum = r.events.find((e) => e.event === 'summary');
    assert.equal(sum.ok, true);
    assert.equal(sum.submit_ok, 100);
    assert.ok(r.events.find((e) => e.event === 'unbind' && e.command_status === 0));

    const long = await runNode(ESME, ['--port', port, '--bind', 'transceiver', '--send', '2', '--to', '13800138001',
      '--long', '--data-coding', '8']);
    assert.equal(long.code, 0, long.stderr);
    const lr = long.events.filter((e) => e.event === 'submit_sm_resp');
    assert.equal(lr.length, 4);
    assert.deepEqual(lr.map((e) => e.parts), [2, 2, 2, 2]);

    // without --long a text that needs two parts is a usage error
    const bad = await runNode(ESME, ['--port', port, '--send', '1', '--to', '1', '--text', 'x'.repeat(200)]);
    assert.equal(bad.code, 2);
  } finally {
    await stopChild(server);
  }
});

test('esme.js keeps at most --window submits outstanding', async () => {
  // a server that answers each submit_sm 20 ms late and records the peak
  let outstanding = 0;
  let peak = 0;
  const srv = smpp.createServer((s) => {
    s.on('error', () => s.destroy());
    s.on('bind_transmitter', (pdu) => s.send(pdu.response({ system_id: 'slow' })));
    s.on('unbind', (pdu) => s.send(pdu.response(), () => s.close()));
    s.on('submit_sm', (pdu) => {
      outstanding++;
      peak = Math.max(peak, outstanding);
      setTimeout(() => {
        outstanding--;
        s.send(pdu.response({ message_id: String(pdu.sequence_number) }));
      }, 20);
    });
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  try {
    const r = await runNode(ESME, ['--port', String(srv.address().port), '--bind', 'transmitter',
      '--send', '60', '--to', '13800138001', '--window', '7', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(peak, 7);
  } finally {
    for (const s of srv.sessions.slice()) s.destroy();
    await new Promise((r) => srv.close(r));
  }
});

test('lib.js against an in-process ack server; failures are reported', async () => {
  const srv = createAckServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const port = srv.address().port;
  try {
    const s = await peers.connect({ host: '127.0.0.1', port });
    const b = await peers.bind(s, 'transceiver', 'id', 'pw');
    assert.equal(b.command_status, 0);
    assert.equal(b.system_id, 'ackserver');
    const resps = await peers.submitText(s, { from: '1065755501', to: '13800138001', text: '长'.repeat(150), long: 'udh16' });
    assert.equal(resps.length, 3);
    assert.ok(resps.every((x) => x.command_status === 0));
    const el = await peers.request(s, 'enquire_link', {});
    assert.equal(el.command, 'enquire_link_resp');
    const u = await peers.unbind(s);
    assert.equal(u.command_status, 0);
    await assert.rejects(peers.submit(s, { destination_addr: '1' }), /not connected|closed/);
  } finally {
    await new Promise((r) => srv.close(r));
  }
  // nothing listening any more
  const r = await runNode(ESME, ['--port', String(port), '--timeout', '3000']);
  assert.equal(r.code, 1);
  assert.ok(r.events.find((e) => e.event === 'error'));
});

// --- against the fake hub --------------------------------------------------------

test('fake hub: receipts with receipted_message_id, routing to the network link, esme --wait-deliver', async () => {
  const hub = new FakeHub();
  const port = await hub.listen(0);
  try {
    // bad password
    const bad = await runNode(ESME, ['--port', String(port), '--system-id', 'demo106', '--password', 'nope']);
    assert.equal(bad.code, 1);
    assert.equal(bad.events.find((e) => e.event === 'bind').command_status, smpp.ESME_RBINDFAIL);

    // the network link waits for two deliver_sm (a long message in two parts)
    const linkRun = runNode(ESME, ['--port', String(port), '--system-id', 'netlink', '--password', 'link1234',
      '--bind', 'receiver', '--wait-deliver', '2', '--wait-kind', 'message', '--timeout', '10000']);
    await until(() => hub.bound.has('netlink'), 5000, 'netlink bind');

    const s = await peers.connect({ port });
    assert.equal((await peers.bind(s, 'transceiver', 'demo106', 'demo1234')).command_status, 0);
    const text = '尊敬的用户，您的验证码是 123456，请在五分钟内使用。' + '这是一条长短信。'.repeat(6);
    const resps = await peers.submitText(s, { from: '1065755501', to: '13800138001', text, registeredDelivery: 1 });
    assert.equal(resps.length, 2);
    const rcpts = await peers.waitForDeliver(s, 2, (d) => d.is_receipt, 5000);
    assert.deepEqual(rcpts.map((d) => d.receipted_message_id).sort(), resps.map((x) => x.message_id).sort());
    assert.ok(rcpts.every((d) => d.message_state === 2 && d.receipt.stat === 'DELIVRD' && d.esm_class === 0x04));
    assert.equal(rcpts[0].source_addr, '13800138001');
    assert.equal(rcpts[0].destination_addr, '1065755501');
    await peers.unbind(s);

    const link = await linkRun;
    assert.equal(link.code, 0, JSON.stringify(link.events));
    const ds = link.events.filter((e) => e.event === 'deliver_sm');
    assert.equal(ds.length, 2);
    assert.ok(ds.every((e) => e.esm_class === 0x40 && e.data_coding === 8 && e.concat.total === 2));
    assert.equal(ds.map((e) => e.text).join(''), text);

    // timeout when nothing comes
    const t = await runNode(ESME, ['--port', String(port), '--system-id', 'netlink', '--password', 'link1234',
      '--wait-deliver', '1', '--timeout', '600']);
    assert.equal(t.code, 1);
    assert.ok(t.events.find((e) => e.event === 'summary' && e.ok === false));
  } finally {
    await hub.close();
  }
});

test('phones simulator end to end: inbox, long messages, others, send, receipts, reconnect', async () => {
  const hub = new FakeHub({ receiptStat: (d) => (d.destination_addr === '10000' ? 'UNDELIV' : 'DELIVRD') });
  const port = await hub.listen(0);
  const sim = await startNode(PHONES, ['--smpp', '127.0.0.1:' + port, '--system-id', 'netlink', '--password', 'link1234',
    '--http', '127.0.0.1:0', '--numbers', '13800138001,13800138002,13800138003']);
  const hp = sim.listening.http_port;
  const phones = async () => (await httpJson(hp, 'GET', '/api/phones')).json;
  try {
    await until(async () => (await phones()).connected, 5000, 'simulator bind');
    const hz = await httpJson(hp, 'GET', '/healthz');
    assert.equal(hz.status, 200);
    assert.equal(hz.json.connected, true);
    const page = await httpJson(hp, 'GET', '/');
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'], /text\/html/);
    assert.match(page.text, /演示手机/);
    assert.equal((await httpJson(hp, 'GET', '/app.js')).status, 200);
    assert.equal((await httpJson(hp, 'GET', '/style.css')).status, 200);
    assert.equal((await httpJson(hp, 'GET', '/nope')).status, 404);

    // incoming: single GSM, long UCS-2 (UDH), long SAR, markup, other number
    await hub.deliverText('netlink', { from: '1065755501', to: '13800138001', text: 'Your code is 4321 {ok}' });
    const long = '您好！这是一条来自企业的长短信，用于测试模拟器的长短信重组功能。'.repeat(3);
    await hub.deliverText('netlink', { from: '106575550199', to: '13800138002', text: long });
    await hub.deliverText('netlink', { from: '10086', to: '13800138003', text: 'SAR '.repeat(60), mode: 'sar', refBits: 16 });
    await hub.deliverText('netlink', { from: '1065755501', to: '13800138001', text: '<script>alert(1)</script>' });
    await hub.deliverText('netlink', { from: '13800138001', to: '13911112222', text: '朋友你好' });
    const snap = await until(async () => {
      const p = await phones();
      return p.others.length === 1 && p.phones[0].inbox.length === 2 && p.phones[2].inbox.length === 1 ? p : null;
    }, 5000, 'messages in inboxes');
    const [p1, p2, p3] = snap.phones;
    assert.equal(p1.number, '13800138001');
    assert.equal(p1.inbox[1].text, 'Your code is 4321 {ok}');
    assert.equal(p1.inbox[1].data_coding, 0);
    assert.equal(p1.inbox[0].text, '<script>alert(1)</script>'); // stored as text; the page uses textContent
    assert.equal(p2.inbox[0].text, long);
    assert.equal(p2.inbox[0].parts, peers.splitText(long).parts.length);
    assert.ok(p2.inbox[0].parts >= 2);
    assert.equal(p2.inbox[0].from, '106575550199');
    assert.equal(p2.inbox[0].data_coding, 8);
    assert.equal(p3.inbox[0].text, 'SAR '.repeat(60));
    assert.equal(p3.inbox[0].parts, 2);
    assert.equal(snap.others[0].to, '13911112222');
    assert.equal(snap.others[0].text, '朋友你好');
    assert.ok(typeof p1.inbox[0].received_at === 'string' && p1.inbox[0].id);

    // outgoing: long Chinese text to 10086, delivered
    const text = '查询话费余额，谢谢！'.repeat(10);
    const sent = await httpJson(hp, 'POST', '/api/send', { from: '13800138001', to: '10086', text });
    assert.equal(sent.status, 200, sent.text);
    assert.equal(sent.json.ok, true);
    assert.equal(sent.json.message_ids.length, 2);
    const subs = hub.submits.filter((d) => d.destination_addr === '10086');
    assert.equal(subs.length, 2);
    assert.ok(subs.every((d) => d.registered_delivery === 1 && d.data_coding === 8 && d.esm_class === 0x40 &&
      d.concat.kind === 'udh8' && d.source_addr === '13800138001' && d.system_id === 'netlink'));
    const delivered = await until(async () => {
      const o = (await phones()).phones[0].outbox[0];
      return o.status === '已送达' ? o : null;
    }, 5000, 'delivery receipt');
    assert.equal(delivered.to, '10086');
    assert.equal(delivered.text, text);
    assert.deepEqual(delivered.message_ids, sent.json.message_ids);

    // GSM text, one part, failed receipt
    const s2 = await httpJson(hp, 'POST', '/api/send', { from: '13800138002', to: '10000', text: 'hello' });
    assert.equal(s2.status, 200);
    const sub2 = hub.submits[hub.submits.length - 1];
    assert.equal(sub2.data_coding, 0);
    assert.equal(sub2.esm_class, 0);
    assert.equal(sub2.text, 'hello');
    await until(async () => (await phones()).phones[1].outbox[0].status === '失败', 5000, 'failed receipt');

    // handset to handset goes through the hub and lands in the other inbox
    await httpJson(hp, 'POST', '/api/send', { from: '13800138003', to: '13800138002', text: '晚上一起吃饭？' });
    await until(async () => (await phones()).phones[1].inbox[0].text === '晚上一起吃饭？', 5000, 'handset to handset');

    // validation
    assert.equal((await httpJson(hp, 'POST', '/api/send', { from: '10086', to: '1', text: 'x' })).status, 400);
    assert.equal((await httpJson(hp, 'POST', '/api/send', { from: '13800138001', to: 'abc', text: 'x' })).status, 400);
    assert.equal((await httpJson(hp, 'POST', '/api/send', { from: '13800138001', to: '1', text: '' })).status, 400);
    const badJson = await httpJson(hp, 'POST', '/api/send', '{not json');
    assert.equal(badJson.status, 400);
    assert.ok(badJson.json.error);
    assert.equal((await httpJson(hp, 'GET', '/api/send')).status, 405);

    // the hub drops the link: the simulator reports it and binds again
    hub.bound.get('netlink').session.destroy();
    await until(async () => !(await phones()).connected, 3000, 'disconnect noticed');
    const down = await httpJson(hp, 'POST', '/api/send', { from: '13800138001', to: '10086', text: 'x' });
    assert.equal(down.status, 503);
    await until(async () => (await phones()).connected, 8000, 'reconnect');
  } finally {
    await stopChild(sim);
    await hub.close();
  }
});
