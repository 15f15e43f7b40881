'use strict';
// Self-service through a running kefud with the demo subscribers. The
// subscribers' side is the network link, bound with the npm smpp package:
// texts to 10086 order a pack with the second confirmation (nothing is
// charged before 是), switch reminders off; a usage file ingested with the
// CLI crosses a data threshold and the reminder arrives once, even when the
// file is ingested again and kefud is killed and restarted; the tariff
// zone's login code arrives by SMS and opens a session that orders a pack
// (confirmed by SMS); the staff API's operations are idempotent by request id.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const peers = require('../peers/lib');
const { startKefud, until, sleep, httpRequest } = require('../lib/kefud');

const KEFU = path.join(path.dirname(process.env.KEFUD || ''), 'kefu');
const CONFIG = { remind: { quiet_start: '00:00', quiet_end: '00:00', send_interval: '200ms', scan_interval: '1s' } };
let k, link;

// Whole texts delivered to `to` from `from` since index `since` (parts joined).
function texts(from, to, since = 0) {
  return peers.wholeTexts(link, from, to, since);
}

async function sms(from, text) {
  const r = await peers.submitText(link, { from, to: '10086', text });
  assert.equal(r[0].command_status, 0);
}

async function reply(to, re, since) {
  return until(() => texts('10086', to, since).find((t) => re.test(t)), 15000, 'a reply matching ' + re);
}

async function bindLink(kk) {
  link = await peers.connect({ port: kk.smppPort });
  assert.equal((await peers.bind(link, 'transceiver', 'netlink', 'link1234')).command_status, 0);
}

test.before(async () => {
  k = await startKefud({ config: CONFIG });
  await bindLink(k);
});
test.after(async () => {
  await peers.unbind(link).catch(() => {});
  await k.stop();
});

test('an order by SMS needs the second confirmation; nothing is charged before', async () => {
  const before = (await k.api('GET', '/api/v1/subscribers/13800138001')).json;
  const l0 = peers.deliveries(link).length;
  await sms('13800138001', 'KTLLB10');
  const ask = await reply('13800138001', /订购确认/, l0);
  assert.match(ask, /流量加油包10元1GB/);
  assert.match(ask, /回复“是”/);
  const mid = (await k.api('GET', '/api/v1/subscribers/13800138001')).json;
  assert.equal(mid.balance_fen, before.balance_fen, 'nothing charged before the confirmation');
  const l1 = peers.deliveries(link).length;
  await sms('13800138001', '是');
  await reply('13800138001', /订购成功/, l1);
  const after = (await k.api('GET', '/api/v1/subscribers/13800138001')).json;
  assert.equal(after.balance_fen, before.balance_fen - 1000);
  assert.ok(after.items.some((i) => i.item_id === 'A-LL-M10'));
  assert.equal(after.cycle.included.data_kb, before.cycle.included.data_kb + 1024 * 1024);
  // A second 是 has nothing left to confirm.
  const l2 = peers.deliveries(link).length;
  await sms('13800138001', '是');
  await reply('13800138001', /没有待确认/, l2);
  // The operation log has the SMS channel, before and after.
  const ops = (await k.api('GET', '/api/v1/subscribers/13800138001/ops')).json.operations;
  const op = ops.find((o) => o.item_id === 'A-LL-M10' && o.result === 'ok');
  assert.equal(op.channel, 'sms');
  assert.equal(op.after.balance, op.before.balance - 1000);
});

test('unknown codes and refused orders are answered with the reason', async () => {
  const l0 = peers.deliveries(link).length;
  await sms('13800138003', 'KTNOSUCH');
  await reply('13800138003', /没有找到业务代码NOSUCH/, l0);
  // 关爱卡 subscribers are not eligible for the 5G speed pack.
  await sms('13800138003', 'kt5gjs');
  await reply('13800138003', /不符合该业务的办理条件/, l0);
});

test('a usage file crosses a data threshold: the reminder arrives once', async () => {
  // 13800138003 is on 关爱卡 18元 (500 MB); push this cycle's data past 80 %.
  const me = (await k.api('GET', '/api/v1/subscribers/13800138003')).json;
  const incl = me.cycle.included.data_kb, used = me.cycle.used.data_kb;
  const need = Math.ceil(incl * 0.85) - used;
  assert.ok(need > 0, 'the demo subscriber is below 85 % (' + used + ' of ' + incl + ')');
  const ts = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const file = path.join(k.dir, 'usage-1.csv');
  fs.writeFileSync(file, 'number,type,amount,timestamp,record_id\n' +
    `13800138003,data,${need},${ts},gw-test-1\n13800138003,voice,61,${ts},gw-test-2\n13800999999,sms,1,${ts},gw-test-3\n`);
  const l0 = peers.deliveries(link).length;
  let out;
  try {
    execFileSync(KEFU, ['--port', String(k.httpPort), '--token', k.token, 'usage-ingest', file], { encoding: 'utf8' });
    assert.fail('an unknown number must make usage-ingest exit 1');
  } catch (e) {
    out = e.stdout;
    assert.equal(e.status, 1);
  }
  assert.match(out, /3 lines, 2 rated, 0 already rated before, 0 bad lines, 1 rejected/);
  const first = await reply('13800138003', /【流量提醒】/, l0);
  assert.match(first, /已使用80%|已用完/);
  // The same file again: nothing is rated, no reminder.
  try {
    execFileSync(KEFU, ['--port', String(k.httpPort), '--token', k.token, 'usage-ingest', file], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.match(e.stdout, /3 lines, 0 rated, 2 already rated before/);
  }
  await sleep(1500);
  assert.equal(texts('10086', '13800138003', l0).filter((t) => /【流量提醒】/.test(t)).length, 1);
  const rem = (await k.api('GET', '/api/v1/subscribers/13800138003/reminders')).json.reminders;
  const sent = rem.filter((r) => r.kind === 'data' && r.state === 'sent');
  assert.equal(sent.length, 1);
  assert.ok(sent[0].msg_id > 0);
  // Killed and restarted: the scan runs again and sends nothing more.
  await peers.unbind(link).catch(() => {});
  await k.kill9();
  k = await k.restart();
  await bindLink(k);
  await sleep(2500); // at least two scans (scan_interval 1s) and many send ticks
  assert.equal(texts('10086', '13800138003').filter((t) => /【流量提醒】/.test(t)).length, 0);
  const rem2 = (await k.api('GET', '/api/v1/subscribers/13800138003/reminders')).json.reminders;
  assert.equal(rem2.filter((r) => r.kind === 'data' && r.state === 'sent').length, 1);
});

test('reminders switched off by SMS are not sent', async () => {
  const l0 = peers.deliveries(link).length;
  await sms('13800138005', 'QXLLTX');
  await reply('13800138005', /已为您关闭流量提醒/, l0);
  const me = (await k.api('GET', '/api/v1/subscribers/13800138005')).json;
  assert.equal(me.reminders.data, false);
  const ts = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const body = `13800138005,data,${me.cycle.included.data_kb},${ts},gw-card-1\n`;
  const up = await rawPost(k, '/api/v1/usage?name=card.csv', body);
  assert.equal(up.status, 200, JSON.stringify(up.json));
  assert.equal(up.json.rated, 1);
  await sleep(1500);
  const rems = (await k.api('GET', '/api/v1/subscribers/13800138005/reminders')).json.reminders;
  assert.equal(texts('10086', '13800138005', l0).filter((t) => /【流量提醒】/.test(t)).length, 0, JSON.stringify(rems));
  const l1 = peers.deliveries(link).length;
  await sms('13800138005', 'KTHFTX100');
  await reply('13800138005', /达到100元时短信提醒/, l1);
});

function rawPost(kk, p, text) {
  return new Promise((resolve, reject) => {
    const req = require('node:http').request({ host: '127.0.0.1', port: kk.httpPort, path: p, method: 'POST',
      headers: { Authorization: 'Bearer ' + kk.token, 'Content-Type': 'text/csv', 'Content-Length': Buffer.byteLength(text) } }, (res) => {
      let b = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { b += c; });
      res.on('end', () => { let j = null; try { j = JSON.parse(b); } catch (e) { /* not JSON */ } resolve({ status: res.statusCode, json: j, text: b }); });
    });
    req.on('error', reject);
    req.end(text);
  });
}

function selfReq(method, p, body, cookie) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? '' : JSON.stringify(body);
    const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) };
    if (cookie) headers.Cookie = cookie;
    const req = require('node:http').request({ host: '127.0.0.1', port: k.httpPort, path: p, method, headers }, (res) => {
      let b = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { b += c; });
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(b), cookie: (res.headers['set-cookie'] || [])[0] }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

test('the tariff zone: login code by SMS, a session, an order confirmed by SMS', async () => {
  const l0 = peers.deliveries(link).length;
  let r = await selfReq('POST', '/api/v1/self/code', { number: '13800138002' });
  assert.equal(r.status, 200);
  const text = await reply('13800138002', /验证码/, l0);
  const code = text.match(/验证码(\d{6})/)[1];
  r = await selfReq('POST', '/api/v1/self/code', { number: '13800138002' });
  assert.equal(r.status, 429, 'one code a minute');
  assert.equal((await selfReq('GET', '/api/v1/self/me')).status, 401);
  const wrong = String((Number(code) + 1) % 1000000).padStart(6, '0');
  assert.equal((await selfReq('POST', '/api/v1/self/login', { number: '13800138002', code: wrong })).status, 401);
  r = await selfReq('POST', '/api/v1/self/login', { number: '13800138002', code });
  assert.equal(r.status, 200);
  assert.match(r.cookie, /^kefu_sess=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict/);
  const cookie = r.cookie.split(';')[0];
  const me = (await selfReq('GET', '/api/v1/self/me', undefined, cookie)).json;
  assert.equal(me.number, '138****8002');
  assert.equal(me.name, '李*');
  assert.ok(me.history.length >= 3, 'three months of history for the chart');
  const l1 = peers.deliveries(link).length;
  r = await selfReq('POST', '/api/v1/self/order', { item_id: 'A-LL-M20', request_id: 'abc' }, cookie);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.match(r.json.text, /订购成功/);
  await reply('13800138002', /订购成功/, l1);
  // The browser retries the same request: the same answer, no second charge.
  const again = await selfReq('POST', '/api/v1/self/order', { item_id: 'A-LL-M20', request_id: 'abc' }, cookie);
  assert.equal(again.json.replayed, true);
  assert.equal(again.json.op_id, r.json.op_id);
  // A plan change waits for the next cycle; the recommendation has reasons.
  const rec = (await selfReq('GET', '/api/v1/self/recommend', undefined, cookie)).json.plans;
  assert.ok(rec.length >= 1 && rec[0].reason.length > 0);
  r = await selfReq('POST', '/api/v1/self/change', { plan_id: rec[0].plan.id, request_id: 'chg1' }, cookie);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const me2 = (await selfReq('GET', '/api/v1/self/me', undefined, cookie)).json;
  assert.equal(me2.plan.id, me.plan.id);
  assert.equal(me2.pending_plan.id, rec[0].plan.id);
  // A form post from another site (no JSON body) is refused.
  const form = await new Promise((resolve) => {
    const req = require('node:http').request({ host: '127.0.0.1', port: k.httpPort, path: '/api/v1/self/order', method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie } }, (res) => resolve(res.statusCode));
    req.end('item_id=A-LL-M10');
  });
  assert.equal(form, 415);
  await selfReq('POST', '/api/v1/self/logout', {}, cookie);
  assert.equal((await selfReq('GET', '/api/v1/self/me', undefined, cookie)).status, 401);
});

test('staff operations by API are idempotent by request id; the catalogue answers', async () => {
  const body = { kind: 'order', item_id: 'V-CL', request_id: 'crm-42', actor: 'agent7' };
  const a = await k.api('POST', '/api/v1/subscribers/13800138004/ops', body);
  const b = await k.api('POST', '/api/v1/subscribers/13800138004/ops', body);
  assert.equal(a.status, 200, JSON.stringify(a.json));
  assert.equal(b.json.replayed, true);
  assert.equal(b.json.op_id, a.json.op_id);
  const bad = await k.api('POST', '/api/v1/subscribers/13800138004/ops', { kind: 'order', item_id: 'V-YJ' });
  assert.equal(bad.status, 404);
  assert.equal(bad.json.code, 'unknown_item');
  const cat = (await k.api('GET', '/api/v1/catalog?kind=plan&family=5g')).json;
  assert.ok(cat.count >= 20 && cat.items.every((i) => i.family === '5g' && i.kind === 'plan'));
  const shop = await httpRequest(k.httpPort, null, 'GET', '/api/v1/shop/items?kind=promo');
  assert.equal(shop.status, 200);
  assert.ok(shop.json.total > 10);
});

test('one client address cannot ask for codes for many numbers', async () => {
  const answers = [];
  for (let i = 0; i < 22; i++) answers.push((await selfReq('POST', '/api/v1/self/code', { number: '1390000' + String(1000 + i) })).status);
  // earlier tests asked twice from this address; 20 per 10 minutes are allowed
  assert.ok(answers.filter((s) => s === 200).length <= 18, answers.join(' '));
  assert.equal(answers[answers.length - 1], 429);
});
