'use strict';
// The 10086 robot and 12580 through a running kefud with the demo
// subscribers. The subscribers' side is the network link, bound with the npm
// smpp package: every command of the table answered with its tag and the
// account's real figures; 0000 then "1，2" cancels those two; an order with
// its confirmation and one left to expire; plain-Chinese questions with a
// follow-up; chit-chat; a hand-over that staff answer by SMS through the
// API; a 12580 hotel look-up and a hospital appointment booked by reply.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const peers = require('../peers/lib');
const { startKefud, until } = require('../lib/kefud');

// A short confirmation window, so that an unanswered order expires in the
// test; no rate limit in the way of many commands from one number; the
// robot's files from a copy the test edits.
const ROBOT_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-robot-'));
fs.cpSync(path.join(__dirname, '../../data/robot'), ROBOT_DIR, { recursive: true });
const CONFIG = { selfcare: { confirm_window: '3s' }, robot: { rate_minute: 1000, dir: ROBOT_DIR } };
let k, link;

test.before(async () => {
  k = await startKefud({ config: CONFIG });
  link = await peers.connect({ port: k.smppPort });
  assert.equal((await peers.bind(link, 'transceiver', 'netlink', 'link1234')).command_status, 0);
});
test.after(async () => {
  await peers.unbind(link).catch(() => {});
  await k.stop();
  fs.rmSync(ROBOT_DIR, { recursive: true, force: true });
});

// Texts `text` from `from` to `to` and resolves with the next whole reply.
async function ask(from, text, to = '10086') {
  const l0 = peers.deliveries(link).length;
  const r = await peers.submitText(link, { from, to, text });
  assert.equal(r[0].command_status, 0);
  return until(() => peers.wholeTexts(link, to, from, l0)[0], 15000, 'a reply to ' + text);
}

const account = async (n) => (await k.api('GET', '/api/v1/subscribers/' + n)).json;
const yuan = (fen) => String(fen / 100).replace(/\.0+$/, '');

test('every command of the table answers with its tag and the real figures', async () => {
  const n = '13800138003';
  const a = await account(n);
  const want = [
    ['YE', /^【余额查询】.*可用余额为/], ['cxye', /^【余额查询】/], ['ＣＸＬＬ', /^【流量查询】/],
    ['CXTC', /^【套餐查询】/], ['CXZD', /^【话费账单】/], ['ZDDZ', /^【话费账单】/],
    ['JF', /^【积分查询】/], ['CXJF', /^【积分查询】/], ['0000', /^【业务查询】/], ['00000', /^【业务查询】/],
    ['TJTC', /^【套餐推荐】/], ['KTLLTX', /^【提醒设置】/], ['QXLLTX', /^【提醒设置】/],
    ['KTYETX', /^【提醒设置】/], ['QXYETX', /^【提醒设置】/], ['KTYL', /^【提醒设置】/],
    ['QXYL', /^【提醒设置】/], ['KTHFTX100', /^【提醒设置】/], ['QXHFTX', /^【提醒设置】/],
    ['TD', /^【业务查询】/], ['TDXXXX', /没有找到业务代码XXXX/], ['帮助', /^【使用帮助】/],
    ['?', /^【使用帮助】/], ['HELP', /^【使用帮助】/],
  ];
  for (const [cmd, re] of want) assert.match(await ask(n, cmd), re, cmd);
  assert.ok((await ask(n, 'YE')).includes(yuan(a.balance_fen) + '元'), 'the real balance');
  assert.ok((await ask(n, 'CXTC')).includes(a.plan.name), 'the real plan');
  assert.match(await ask(n, 'JF'), /可用积分为\d+分/);
});

test('0000 numbers the subscriptions and a reply "1，2" cancels those two', async () => {
  const n = '13800138001';
  const list = await ask(n, '0000');
  const names = [...list.matchAll(/(\d)\.([^（]+)（/g)].map((m) => [m[1], m[2]]);
  assert.ok(names.length >= 2, list);
  const r = await ask(n, '1，2');
  assert.match(r, /^【业务退订】/);
  for (const [, name] of names.slice(0, 2)) assert.ok(r.includes(name + '：已退订'), r);
  const ops = (await k.api('GET', `/api/v1/subscribers/${n}/ops`)).json.operations;
  assert.equal(ops.filter((o) => o.op === 'unsubscribe' && o.channel === 'sms' && o.result === 'ok').length, 2);
  // no cancel-all: the list is used up, a new 0000 shows what is left
  assert.doesNotMatch(await ask(n, '1，2'), /已退订/);
});

test('an order is carried out on 是 within the window, and not after it', async () => {
  const n = '13800138002';
  const before = await account(n);
  assert.match(await ask(n, 'KTLLB10'), /回复“是”/);
  assert.match(await ask(n, '是'), /订购成功/);
  assert.equal((await account(n)).balance_fen, before.balance_fen - 1000);
  // in words this time, and never confirmed
  assert.match(await ask(n, '帮我开通来电提醒'), /来电提醒.*回复“是”/);
  await new Promise((r) => setTimeout(r, 3500));
  assert.match(await ask(n, '是'), /超过确认时间，未办理、未收费/);
  const after = await account(n);
  assert.equal(after.balance_fen, before.balance_fen - 1000);
  assert.ok(!after.items.some((i) => i.item_id === 'V-LDTX'));
});

test('questions in plain Chinese get the real figures, and a follow-up is understood', async () => {
  const n = '13800138004';
  const a = await account(n);
  assert.match(await ask(n, '我还剩多少话费'), new RegExp('^【余额查询】.*' + yuan(a.balance_fen) + '元'));
  assert.match(await ask(n, '那流量呢？'), /^【流量查询】/);
  assert.match(await ask(n, '我现在是什么套餐啊'), new RegExp(a.plan.name));
  assert.match(await ask(n, '手机丢了怎么办'), /挂失/);
  assert.match(await ask(n, '我爱你'), /爱|喜欢|红/);
});

test('a hand-over is queued for staff, whose answer arrives by SMS', async () => {
  const n = '13800138005';
  await ask(n, '我家宽带这几天晚上老掉线');
  assert.match(await ask(n, '转人工'), /^【人工服务】.*服务单号(\d+)/);
  const q = (await k.api('GET', '/api/v1/handover?state=open')).json;
  const item = q.items.find((i) => i.number === '138****8005');
  assert.ok(item, JSON.stringify(q));
  assert.match(item.question, /宽带/);
  assert.equal(item.reason, 'asked');
  const l0 = peers.deliveries(link).length;
  const r = await k.api('POST', `/api/v1/handover/${item.id}/answer`, { text: '您好，已为您预约宽带师傅明天上门检修。', actor: 'agent7' });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  await until(() => peers.wholeTexts(link, '10086', n, l0).find((t) => t.includes('上门检修')), 15000, 'the staff answer');
  const done = (await k.api('GET', `/api/v1/handover/${item.id}`)).json;
  assert.equal(done.state, 'answered');
  assert.equal(done.handled_by, 'agent7');
  assert.equal((await k.api('POST', `/api/v1/handover/${item.id}/answer`, { text: 'x', actor: 'agent7' })).status, 409);
  // the counters on /metrics
  const m = await k.api('GET', '/metrics');
  assert.match(m.text, /^kefu_robot_handovers_total [1-9]/m);
  assert.match(m.text, /^kefu_robot_answer_seconds_count [1-9]/m);
  // the question log keeps what was asked in words
  const log = (await k.api('GET', '/api/v1/robot/log')).json.items;
  assert.ok(log.some((l) => l.text.includes('宽带')));
});

test('12580: a hotel look-up, and a hospital appointment booked by reply', async () => {
  const n = '13800138003';
  const hotels = await ask(n, '酒店 长沙', '12580');
  assert.match(hotels, /^【12580】/);
  assert.match(hotels, /1\./);
  assert.match(await ask(n, '长沙 湘菜', '12580'), /^【12580】/);
  const slots = await ask(n, '湘江医学院附属第一医院 心内科', '12580');
  assert.match(slots, /1\./, slots);
  assert.match(await ask(n, '1', '12580'), /确认请在10分钟内回复“是”/);
  assert.match(await ask(n, '是', '12580'), /预约成功/);
  const b = (await k.api('GET', '/api/v1/bookings?number=' + n)).json.items;
  assert.equal(b.length, 1);
  assert.match(b[0].text, /心内科/);
});

test('the knowledge base is reloaded without a restart; a bad file is refused and the old one stays', async () => {
  const n = '13800138002';
  const kb = path.join(ROBOT_DIR, 'kb.jsonl');
  const good = fs.readFileSync(kb, 'utf8');
  fs.writeFileSync(kb, good + '{"id": "kb-test-01", "intent": "faq.broadband", "q": ["宽带能不能装到乡下的老房子"], "a": "【宽带】测试条目：乡村地区请拨打10086查询覆盖情况。"}\n');
  let r = await k.api('POST', '/api/v1/robot/reload', {});
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.match(await ask(n, '宽带能不能装到乡下的老房子'), /测试条目/);
  fs.writeFileSync(kb, good + '{"id": "kb-test-02", "intent": "faq.broadband", "q": []}\n');
  r = await k.api('POST', '/api/v1/robot/reload', {});
  assert.equal(r.status, 422);
  assert.match(r.json.error, /kb\.jsonl:\d+: /);
  assert.match(await ask(n, '宽带能不能装到乡下的老房子'), /测试条目/, 'the running set stays');
  fs.writeFileSync(kb, good);
});
