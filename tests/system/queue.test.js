'use strict';
// Backpressure: when the messages held for delivery reach hub.max_pending,
// further submits get ESME_RMSGQFUL (nothing is accepted that cannot be
// kept); when a receiver drains the queue, submits are accepted again.
const test = require('node:test');
const assert = require('node:assert/strict');
const peers = require('../peers/lib');
const { startKefud } = require('../lib/kefud');

test('ESME_RMSGQFUL past hub.max_pending, accepted again once drained', async () => {
  const k = await startKefud({ config: { hub: { max_pending: 100 } } });
  const p = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(p, 'transmitter', 'demo106', 'demo1234')).command_status, 0);
  const st = [];
  for (let i = 0; i < 130; i++)
    st.push((await peers.submit(p, { source_addr: '1065755501', destination_addr: '13800138001', short_message: 'q' + i })).command_status);
  assert.equal(st.filter((x) => x === 0).length, 100, 'exactly max_pending accepted');
  assert.ok(st.slice(100).every((x) => x === 0x14), 'then ESME_RMSGQFUL');
  const link = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(link, 'receiver', 'netlink', 'link1234')).command_status, 0);
  await peers.waitForDeliver(link, 100, () => true, 20000);
  await new Promise((r) => setTimeout(r, 300));
  const again = await peers.submit(p, { source_addr: '1065755501', destination_addr: '13800138001', short_message: 'again' });
  assert.equal(again.command_status, 0);
  await peers.unbind(p);
  await peers.unbind(link);
  await k.stop();
});
