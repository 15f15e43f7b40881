'use strict';
// kill -9 in the middle of a load, restart on the same store: every message
// whose submit_sm_resp said OK must still be delivered (at least once).
const test = require('node:test');
const assert = require('node:assert/strict');
const peers = require('../peers/lib');
const { startKefud, sleep } = require('../lib/kefud');

const N = 3000;

test('no acknowledged message is lost across kill -9', async () => {
  let k = await startKefud();
  const p = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(p, 'transmitter', 'demo106', 'demo1234')).command_status, 0);
  // No link is bound: everything acknowledged waits in the store.
  const acked = new Set();
  let sent = 0, inflight = 0, killed = false;
  await new Promise((resolve) => {
    function pump() {
      while (!killed && inflight < 50 && sent < N) {
        const i = sent++;
        inflight++;
        peers.submit(p, { source_addr: '1065755501', destination_addr: '1380013' + String(8000 + (i % 1000)).padStart(4, '0'),
          short_message: 'durable ' + i }, 20000).then((r) => {
          if (r.command_status === 0) acked.add('durable ' + i);
        }).catch(() => {}).finally(() => {
          inflight--;
          if (!killed && sent < N) pump();
          if (killed || (sent >= N && inflight === 0)) resolve();
        });
      }
    }
    pump();
    // Kill once a good part of the load is acknowledged, while submits are in flight.
    const iv = setInterval(async () => {
      if (acked.size >= N / 3 && !killed) {
        killed = true;
        clearInterval(iv);
        await k.kill9();
        resolve();
      }
    }, 5);
  });
  assert.ok(killed, 'the daemon was killed mid-load');
  assert.ok(acked.size > 0 && acked.size < N, 'acked ' + acked.size + ' of ' + N + ' before the kill');
  await peers.closeSession(p).catch(() => {});
  await sleep(200);

  k = await k.restart();
  const link = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(link, 'receiver', 'netlink', 'link1234')).command_status, 0);
  const seen = new Set();
  const deadline = Date.now() + 60000 * k.slow;
  while (Date.now() < deadline) {
    for (const d of peers.deliveries(link)) seen.add(d.text);
    let missing = 0;
    for (const t of acked) if (!seen.has(t)) missing++;
    if (missing === 0) break;
    await sleep(100);
  }
  console.log('acked before kill: ' + acked.size + ', delivered after restart: ' + seen.size);
  const lost = [...acked].filter((t) => !seen.has(t));
  assert.deepEqual(lost.slice(0, 10), [], lost.length + ' acknowledged messages lost of ' + acked.size);
  const log = k.log();
  assert.match(log, /recovered=\d+/);
  await peers.unbind(link);
  await k.stop();
});
