'use strict';
// Per-port throughput and per-bind window limits answer ESME_RTHROTTLED;
// malformed PDUs get the right status and do not upset the session.
const test = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const peers = require('../peers/lib');
const { startKefud } = require('../lib/kefud');

let k;
test.before(async () => {
  k = await startKefud();
  let r = await k.api('POST', '/api/v1/ports', { system_id: 'slow5', password: 'pw123456', number: '1065755510', realname_verified: true, tps: 5, window: 100 });
  assert.equal(r.status, 201, r.text);
  r = await k.api('POST', '/api/v1/ports', { system_id: 'win1', password: 'pw123456', number: '1065755511', realname_verified: true, tps: 100000, window: 1 });
  assert.equal(r.status, 201, r.text);
});
test.after(async () => { await k.stop(); });

async function burst(id, number, n) {
  const s = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(s, 'transmitter', id, 'pw123456')).command_status, 0);
  const all = [];
  for (let i = 0; i < n; i++)
    all.push(peers.submit(s, { source_addr: number, destination_addr: '13800138001', short_message: 'b' + i }));
  const resps = await Promise.all(all);
  await peers.unbind(s);
  return resps.map((r) => r.command_status);
}

test('a port registered for 5 msgs/s gets ESME_RTHROTTLED beyond it', async () => {
  const st = await burst('slow5', '1065755510', 40);
  const ok = st.filter((x) => x === 0).length;
  const thr = st.filter((x) => x === 0x58).length;
  assert.equal(ok + thr, 40, 'only OK or RTHROTTLED: ' + st);
  assert.ok(ok >= 5 && ok <= 8, 'about one second of tokens accepted, got ' + ok);
});

test('a window of 1 outstanding submit answers the rest of a burst ESME_RTHROTTLED', async () => {
  const st = await burst('win1', '1065755511', 50);
  const ok = st.filter((x) => x === 0).length;
  const thr = st.filter((x) => x === 0x58).length;
  assert.equal(ok + thr, 50);
  assert.ok(ok >= 1 && thr >= 1, 'ok ' + ok + ' throttled ' + thr);
});

function rawPdu(cmd, seq, body) {
  const b = Buffer.alloc(16 + body.length);
  b.writeUInt32BE(16 + body.length, 0);
  b.writeUInt32BE(cmd, 4);
  b.writeUInt32BE(0, 8);
  b.writeUInt32BE(seq, 12);
  body.copy(b, 16);
  return b;
}

function readPdus(sock) {
  let buf = Buffer.alloc(0);
  const waiting = [];
  const got = [];
  sock.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 16 && buf.length >= buf.readUInt32BE(0)) {
      const len = buf.readUInt32BE(0);
      got.push({ cmd: buf.readUInt32BE(4), status: buf.readUInt32BE(8), seq: buf.readUInt32BE(12) });
      buf = buf.subarray(len);
    }
    while (waiting.length && got.length) waiting.shift()(got.shift());
  });
  return () => new Promise((resolve) => { if (got.length) resolve(got.shift()); else waiting.push(resolve); });
}

test('unknown command ids get generic_nack ESME_RINVCMDID; broken framing gets RINVCMDLEN and a close', async () => {
  const sock = net.connect(k.smppPort, '127.0.0.1');
  await new Promise((r) => sock.on('connect', r));
  const next = readPdus(sock);
  sock.write(rawPdu(0x00000099, 7, Buffer.alloc(0)));
  let p = await next();
  assert.deepEqual(p, { cmd: 0x80000000, status: 0x03, seq: 7 });
  // A submit_sm whose body is cut short (unbound, so RINVBNDSTS comes first).
  sock.write(rawPdu(0x00000004, 8, Buffer.from([0, 1, 1])));
  p = await next();
  assert.equal(p.cmd, 0x80000004);
  assert.equal(p.seq, 8);
  assert.notEqual(p.status, 0);
  const closed = new Promise((r) => sock.on('close', r));
  const bad = Buffer.alloc(16);
  bad.writeUInt32BE(8, 0); // command_length below the header size
  bad.writeUInt32BE(0x15, 4);
  bad.writeUInt32BE(9, 12);
  sock.write(bad);
  p = await next();
  assert.deepEqual(p, { cmd: 0x80000000, status: 0x02, seq: 9 });
  await closed;
});
