'use strict';
// The spam shield through a running kefud, driven by the npm smpp package:
// the network link submits subscribers' texts (P2P) and receives what is
// delivered; industry ports submit notifications. Scenarios: a burst
// sender to 500 recipients, one campaign through 50 senders with small
// variations, a bank port sending verification codes, a spam text reported
// by three subscribers (then stopped at once), an unregistered signature,
// and a held message released by a reviewer (with the KPIs it moves).
const test = require('node:test');
const assert = require('node:assert/strict');
const peers = require('../peers/lib');
const { startKefud, until } = require('../lib/kefud');

const ROK = 0;
const RSUBMITFAIL = 0x45;
let k, link, demo, bank;

function num(prefix, i) { return prefix + String(i).padStart(11 - prefix.length, '0'); }
// Scattered, not consecutive, recipient numbers.
function rcpt(i) { return '139' + String((i * 7919 + 12345) % 100000000).padStart(8, '0'); }

async function p2p(from, to, text) {
  const [r] = await peers.submitText(link, { from, to, text });
  return r;
}
async function msg(id) { return (await k.api('GET', '/api/v1/messages/' + id)).json; }
function codes(m) { return (m.reasons || []).map((r) => r.code).join(' ') + ' ' + JSON.stringify(m.reasons || []); }

test.before(async () => {
  k = await startKefud();
  link = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(link, 'transceiver', 'netlink', 'link1234')).command_status, 0);
  demo = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(demo, 'transceiver', 'demo106', 'demo1234')).command_status, 0);
  const r = await k.api('POST', '/api/v1/ports', {
    system_id: 'cmbbank', password: 'bank1234', kind: 'port', number: '1065502010', name: '招商银行',
    realname_verified: true, signatures: ['【招商银行】'], tps: 2000, window: 256,
  });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  bank = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(bank, 'transmitter', 'cmbbank', 'bank1234')).command_status, 0);
});
test.after(async () => {
  for (const s of [bank, demo, link]) await peers.unbind(s).catch(() => {});
  await k.stop();
});

test('a burst sender to 500 recipients: held past the burst, blocked past 200 an hour', async () => {
  const from = '13700000001';
  const res = [];
  for (let i = 0; i < 500; i++) res.push(await p2p(from, rcpt(i), '周末同学聚会改到人民路老地方了，记得来'));
  const ok = res.filter((r) => r.command_status === ROK);
  const blocked = res.filter((r) => r.command_status === RSUBMITFAIL);
  assert.ok(ok.length >= 200 && ok.length <= 201, 'accepted ' + ok.length);
  assert.equal(blocked.length + ok.length, 500);
  assert.equal((await msg(res[10].message_id)).state !== 'held', true, 'the first messages go through');
  const held = await msg(res[120].message_id);
  assert.equal(held.state, 'held');
  assert.match(codes(held), /behaviour\.burst/);
  // The day limit was not reached, so the number is not suspended; the
  // hourly limit blocks with its own reason.
  const list = await k.api('GET', '/api/v1/messages?number=' + from + '&limit=5');
  const last = list.json.messages.find((m) => m.state === 'rejected');
  assert.ok(last, JSON.stringify(list.json));
  assert.match(codes(last), /behaviour\.hour_limit/);
});

test('one campaign text through 50 senders with small variations is stopped', async () => {
  const states = [];
  for (let i = 0; i < 50; i++) {
    const text = `【优选】新店开业全场${5 + (i % 3)}折，进店送好礼！地址人民路${100 + i}号，电话0731-8${String(1000000 + i * 37)}，回T退订`;
    const r = await p2p(num('135', i + 1), rcpt(1000 + i), text);
    states.push(r.command_status === ROK ? (await msg(r.message_id)).state : 'rejected');
    if (i === 49 && r.command_status === ROK) assert.match(codes(await msg(r.message_id)), /behaviour\.campaign/);
  }
  const stopped = states.slice(10).filter((s) => s === 'held' || s === 'rejected').length;
  assert.ok(stopped >= 38, 'stopped ' + stopped + ' of the last 40: ' + states.join(','));
  const m = await k.api('GET', '/api/v1/messages?number=' + num('135', 50) + '&limit=1');
  assert.match(codes(m.json.messages[0]), /behaviour\.campaign/);
});

test('a bank port sending verification codes to 300 customers: all delivered', async () => {
  const l0 = peers.deliveries(link).length;
  const ids = [];
  for (let i = 0; i < 300; i++) {
    const code = String(100000 + ((i * 7349) % 900000));
    const [r] = await peers.submitText(bank, {
      from: '1065502010', to: rcpt(3000 + i),
      text: `【招商银行】您的验证码为${code}，您正在进行手机银行登录，5分钟内有效。如非本人操作，请忽略本短信。`,
    });
    assert.equal(r.command_status, ROK);
    ids.push(r.message_id);
  }
  await peers.waitForDeliver(link, 300, (d) => d.source_addr === '1065502010', 20000, { since: l0 });
  for (const id of [ids[0], ids[150], ids[299]]) {
    await until(async () => (await msg(id)).state === 'delivered', 5000, 'delivered state of ' + id);
  }
});

test('reported by three subscribers: ack, review item, next copy stopped, result SMS', async () => {
  const spammer = '13700000777';
  const text = '朋友您好，明天上午10点小区门口有免费体检活动，欢迎参加';
  const victims = ['13912340001', '13912340002', '13912340003'];
  const l0 = peers.deliveries(link).length;
  for (const v of victims) {
    const r = await p2p(spammer, v, text);
    assert.equal(r.command_status, ROK);
    assert.equal((await msg(r.message_id)).state !== 'held', true, 'not stopped before the reports');
  }
  await peers.waitForDeliver(link, 3, (d) => d.source_addr === spammer, 10000, { since: l0 });
  // The three real formats: 号码*内容, a forwarded text, just the number.
  // (the first typed with a full-width ＊, as phones often do)
  const reports = [spammer + '＊' + text, text, ' ' + spammer + '\n'];
  for (let i = 0; i < 3; i++) assert.equal((await p2p(victims[i], '10086999', reports[i])).command_status, ROK);
  const acks = await peers.waitForDeliver(link, 3, (d) => d.source_addr === '10086999', 10000, { since: l0 });
  for (const a of acks) assert.match(a.text, new RegExp('您对' + spammer + '的举报已收到'));
  const q = await until(async () => {
    const r = await k.api('GET', '/api/v1/review?state=open&limit=1000');
    return r.json.items.find((it) => it.kind === 'reported' && it.sender === spammer);
  }, 5000, 'reported-sender item');
  assert.equal(q.reports, 3);
  // Reports raise the sender's risk at once: its next message is held.
  const next = await p2p(spammer, '13912340009', '在吗？');
  assert.equal((await msg(next.message_id)).state, 'held');
  assert.match(codes(await msg(next.message_id)), /report\.sender/);
  // A reviewer confirms: the same text is stopped at once, from any sender.
  const act = await k.api('POST', '/api/v1/review/' + q.id + '/action', { action: 'confirm', actor: 'alice' });
  assert.equal(act.status, 200, JSON.stringify(act.json));
  assert.equal(act.json.actions[0].actor, 'alice');
  const copy = await p2p('13700000778', '13912340010', text.replace('10点', '9点'));
  assert.equal(copy.command_status, RSUBMITFAIL);
  const results = await peers.waitForDeliver(link, 3, (d) => d.source_addr === '10086999' && /经核实确属违规/.test(d.text), 10000, { since: l0 });
  assert.deepEqual(results.map((d) => d.destination_addr).sort(), victims);
  const again = await k.api('POST', '/api/v1/review/' + q.id + '/action', { action: 'dismiss', actor: 'bob' });
  assert.equal(again.status, 409);
});

test('an unregistered signature: flagged, and held when it imitates a bank', async () => {
  const [plain] = await peers.submitText(demo, { from: '1065755501', to: rcpt(5000), text: '【示例商城】您的订单已发货，请注意查收' });
  assert.equal(plain.command_status, ROK);
  const pm = await msg(plain.message_id);
  assert.match(codes(pm), /port\.signature/);
  const [fake] = await peers.submitText(demo, {
    from: '1065755501', to: rcpt(5001),
    text: '【工商银行】尊敬的客户，您的积分即将清零，请登录 jf-icbc.cn 兑换礼品',
  });
  const state = fake.command_status === ROK ? (await msg(fake.message_id)).state : 'rejected';
  assert.ok(state === 'held' || state === 'rejected', state);
});

test('a held message released by a reviewer is delivered; the KPIs move', async () => {
  const kpi0 = (await k.api('GET', '/api/v1/review/kpi')).json;
  const [r] = await peers.submitText(demo, {
    from: '1065755501', to: '13912349999', text: '【示例科技】会员积分兑换，点击 http://t.cn/Ab12 领取',
  });
  assert.equal(r.command_status, ROK);
  const m = await msg(r.message_id);
  assert.equal(m.state, 'held', JSON.stringify(m));
  const items = (await k.api('GET', '/api/v1/review?state=open&limit=1000')).json.items;
  const it = items.find((x) => x.kind === 'held' && x.msg_id === Number(r.message_id));
  assert.ok(it, 'the held message is in the queue');
  assert.ok(it.text.includes('会员积分兑换'));
  assert.match(JSON.stringify(it.reasons), /url\.shortener/);
  assert.ok(Array.isArray(it.reasons) && it.reasons.length > 0);
  const l0 = peers.deliveries(link).length;
  const act = await k.api('POST', '/api/v1/review/' + it.id + '/action', { action: 'release', actor: 'alice', note: '商户活动，已核实' });
  assert.equal(act.status, 200, JSON.stringify(act.json));
  await peers.waitForDeliver(link, 1, (d) => d.destination_addr === '13912349999', 10000, { since: l0 });
  await until(async () => (await msg(r.message_id)).state === 'delivered', 5000, 'delivered');
  const audit = await k.api('POST', '/api/v1/review/' + it.id + '/audit', { correct: true, actor: 'carol' });
  assert.equal(audit.status, 200);
  const kpi = (await k.api('GET', '/api/v1/review/kpi')).json;
  assert.equal(kpi.held.handled, kpi0.held.handled + 1);
  assert.equal(kpi.held.audited, kpi0.held.audited + 1);
  assert.ok(kpi.held.processing_rate > 0 && kpi.held.timeliness_rate === 1, JSON.stringify(kpi.held));
  assert.equal(kpi.held.accuracy_rate, 1);
  const bad = await k.api('POST', '/api/v1/review/' + it.id + '/action', { action: 'fly', actor: 'x' });
  assert.equal(bad.status, 409);
  const noActor = await k.api('POST', '/api/v1/review/' + it.id + '/action', { action: 'release' });
  assert.equal(noActor.status, 400);
});

test('staff lists apply at once; a bad reload keeps the running rules', async () => {
  const add = await k.api('POST', '/api/v1/shield/lists', { list: 'keyword.black', value: '特价机票', actor: 'alice', note: '投诉多' });
  assert.equal(add.status, 201, JSON.stringify(add.json));
  const r = await p2p('13700000555', '13912345555', '特价机票五折起，欢迎咨询');
  assert.equal(r.command_status, RSUBMITFAIL);
  const bad = await k.api('POST', '/api/v1/shield/lists', { list: 'regex.black', value: '(unclosed', actor: 'alice' });
  assert.equal(bad.status, 400);
  assert.match(bad.json.error, /does not compile/);
  const noActor = await k.api('POST', '/api/v1/shield/lists', { list: 'sender.black', value: '13700000556' });
  assert.equal(noActor.status, 400);
  const del = await k.api('DELETE', '/api/v1/shield/lists/keyword.black/' + encodeURIComponent('特价机票'));
  assert.equal(del.status, 200, JSON.stringify(del.json));
  const again = await p2p('13700000557', '13912345556', '特价机票五折起，欢迎咨询');
  assert.equal(again.command_status, ROK);

  // Reload from a configuration naming a rules file that does not parse.
  const fs = require('node:fs');
  const path = require('node:path');
  const k2 = await startKefud({ config: { shield: { enabled: 'yes' } } });
  try {
    const rules = path.join(k2.dir, 'rules.txt');
    fs.writeFileSync(rules, 'ok.rule\t10\tkw\t好\tfine\nbroken.rule\t10\tre\t(unclosed\tbad\n');
    fs.writeFileSync(path.join(k2.dir, 'kefu.ini'), `[shield]\nrules = ${rules}\n`);
    const fail = await k2.api('POST', '/api/v1/shield/reload', {});
    assert.equal(fail.status, 422);
    assert.match(fail.json.error, /rules\.txt:2: pattern does not compile/);
    const still = await k2.api('POST', '/api/v1/shield/check', { text: '请将资金转入安全账户', src: '13700000001' });
    assert.equal(still.status, 200);
    assert.ok(still.json.signals.some((s) => s.code === 'rule.fraud.safe_account'), 'the running rules stay');
    fs.writeFileSync(rules, 'ok.rule\t10\tkw\t好\tfine\n');
    const ok = await k2.api('POST', '/api/v1/shield/reload', {});
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    const now = await k2.api('POST', '/api/v1/shield/check', { text: '请将资金转入安全账户', src: '13700000001' });
    assert.ok(!now.json.signals.some((s) => s.code === 'rule.fraud.safe_account'), 'the new rules apply');
  } finally {
    await k2.stop();
  }
});
