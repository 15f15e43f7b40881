'use strict';
// Keep-alive and dead peers: kefud sends enquire_link to a silent bound peer
// and drops it when unanswered; a receiver that stops answering deliver_sm
// has its messages retried elsewhere; a connection that never binds is closed.
const test = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const peers = require('../peers/lib');
const { startKefud } = require('../lib/kefud');

let k;
test.before(async () => {
  k = await startKefud({ config: {
    smpp: { enquire_link_interval: '1s', response_timeout: '1s', bind_timeout: '2s' },
    hub: { retry_base: '200ms' },
  } });
});
test.after(async () => { await k.stop(); });

function cstr(s) { return Buffer.concat([Buffer.from(s, 'latin1'), Buffer.from([0])]); }
function pdu(cmd, seq, body) {
  const h = Buffer.alloc(16);
  h.writeUInt32BE(16 + body.length, 0);
  h.writeUInt32BE(cmd, 4);
  h.writeUInt32BE(0, 8);
  h.writeUInt32BE(seq, 12);
  return Buffer.concat([h, body]);
}
function bindBody(id, pw) {
  return Buffer.concat([cstr(id), cstr(pw), cstr(''), Buffer.from([0x34, 0, 0]), cstr('')]);
}

// A raw peer that binds and then answers nothing at all; resolves with the
// command ids it saw and when the hub closed it.
function silentPeer(cmd, id, pw) {
  return new Promise((resolve) => {
    const seen = [];
    const t0 = Date.now();
    let buf = Buffer.alloc(0);
    const sock = net.connect(k.smppPort, '127.0.0.1', () => sock.write(pdu(cmd, 1, bindBody(id, pw))));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 16 && buf.length >= buf.readUInt32BE(0)) {
        seen.push(buf.readUInt32BE(4));
        buf = buf.subarray(buf.readUInt32BE(0));
      }
    });
    sock.on('close', () => resolve({ seen, ms: Date.now() - t0 }));
  });
}

test('a bound peer that does not answer enquire_link is disconnected', async () => {
  const r = await silentPeer(0x00000002, 'demo106', 'demo1234');
  assert.ok(r.seen.includes(0x80000002), 'bound');
  assert.ok(r.seen.includes(0x00000015), 'kefud sent enquire_link');
  assert.ok(r.ms < 8000 * k.slow, 'closed after ' + r.ms + ' ms');
});

test('a receiver that stops answering deliver_sm: messages are retried and reach a live one', async () => {
  const dead = silentPeer(0x00000001, 'netlink', 'link1234');
  await new Promise((r) => setTimeout(r, 300));
  const sent = await k.api('POST', '/api/v1/messages', { from: '1065755501', to: '13800138001', text: 'are you there' });
  assert.equal(sent.status, 201);
  const r = await dead;
  assert.ok(r.seen.includes(0x00000005), 'the silent receiver got the deliver_sm');
  const live = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(live, 'receiver', 'netlink', 'link1234')).command_status, 0);
  await peers.waitForDeliver(live, 1, (d) => d.text === 'are you there', 15000);
  await peers.unbind(live);
});

test('a connection that never binds is closed after bind_timeout', async () => {
  const t0 = Date.now();
  const sock = net.connect(k.smppPort, '127.0.0.1');
  await new Promise((r) => sock.on('close', r));
  const ms = Date.now() - t0;
  assert.ok(ms >= 1500 && ms < 6000 * k.slow, 'closed after ' + ms + ' ms');
});
