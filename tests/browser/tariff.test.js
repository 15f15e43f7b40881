'use strict';
// The tariff zone (/tariff/) in a real browser (Debian's chromium driven by
// playwright-core) on a phone-sized screen, against a demo kefud: browse and
// filter plans, log in with the code texted to the simulated handset, see my
// account and usage chart, order a data pack (and get the confirming SMS),
// get a recommendation, and be told when the code is wrong.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { chromium } = require('playwright-core');
const { startKefud, until, httpRequest } = require('../lib/kefud');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT = 15000; // the machine is shared: be generous
const PHONE = { width: 390, height: 844 };
let k, phones, browser, phonesPort, base, page;

// The simulated handset's inbox, newest first.
async function inbox(number) {
  const r = await httpRequest(phonesPort, null, 'GET', '/api/phones');
  const p = r.json.phones.find((x) => x.number === number);
  return p ? p.inbox : [];
}
const lastId = async (number) => Math.max(0, ...(await inbox(number)).map((m) => m.id));

// Waits for a new SMS from 10086 to `number` (id above `after`) matching re.
function smsFrom10086(number, after, re, what) {
  return until(async () => (await inbox(number)).find((m) => m.id > after && m.from === '10086' && re.test(m.text)),
    WAIT, what);
}

// Opens the login dialog's code step for `number`: returns the code texted to the handset.
async function requestCode(p, number) {
  const dlg = p.getByRole('dialog', { name: '短信验证码登录' });
  await dlg.waitFor({ timeout: WAIT });
  await dlg.getByLabel('手机号码').fill(number);
  const after = await lastId(number);
  await dlg.getByRole('button', { name: '获取验证码' }).click();
  await dlg.getByText('验证码已通过短信发送').waitFor({ timeout: WAIT });
  const sms = await smsFrom10086(number, after, /验证码\d{6}/, 'the login code SMS');
  return { dlg, code: sms.text.match(/验证码(\d{6})/)[1] };
}

test.before(async () => {
  k = await startKefud();
  base = 'http://127.0.0.1:' + k.httpPort + '/tariff/';
  phonesPort = 20000 + Math.floor(Math.random() * 20000);
  phones = spawn(process.execPath, [path.join(__dirname, '..', '..', 'sim', 'phones', 'server.js'),
    '--smpp', '127.0.0.1:' + k.smppPort, '--system-id', 'netlink', '--password', 'link1234',
    '--http', '127.0.0.1:' + phonesPort, '--numbers', '13800138001,13800138002'], { stdio: 'ignore' });
  await until(async () => {
    try { return (await httpRequest(phonesPort, null, 'GET', '/api/phones')).json.connected; } catch (e) { return false; }
  }, WAIT, 'phones bound to kefud');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'] });
});

test.after(async () => {
  if (browser) await browser.close();
  if (phones) phones.kill();
  if (k) await k.stop();
});

test('产品套餐 lists plans; the 5G filter shows only 5G plans', async () => {
  const p = await browser.newPage({ viewport: PHONE });
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(base);
  const list = p.getByRole('list', { name: '套餐列表' });
  await list.getByRole('listitem').first().waitFor({ timeout: WAIT });
  assert.ok(await list.getByRole('listitem').count() >= 10);
  assert.ok(await list.getByRole('button', { name: '变更为此套餐' }).count() >= 10);
  await p.getByText(/共 \d+ 个套餐/).waitFor({ timeout: WAIT });

  const want = (await k.http('GET', '/api/v1/shop/items?kind=plan&family=5g&limit=1')).json.total;
  assert.ok(want > 0);
  await p.getByRole('group', { name: '套餐类型' }).getByRole('button', { name: '5G', exact: true }).click();
  await p.getByText('共 ' + want + ' 个套餐').waitFor({ timeout: WAIT });
  const families = await list.getByRole('listitem').evaluateAll((li) => li.map((x) => x.dataset.family));
  assert.ok(families.length > 0 && families.every((f) => f === '5g'), 'only 5G plans: ' + families.join(','));
  const badges = await list.locator('.family').allTextContents();
  assert.deepEqual([...new Set(badges)], ['5G']);
  const names = await list.locator('.name').allTextContents();
  assert.ok(names.every((n) => n.includes('5G')), names.join(','));
  assert.deepEqual(errors, []);
  await p.close();
});

test('login with the code texted by 10086; 我的套餐 shows my account and usage chart', async () => {
  page = await browser.newPage({ viewport: PHONE });
  await page.goto(base);
  await page.getByRole('navigation').getByRole('button', { name: '我的套餐', exact: true }).click();
  const { dlg, code } = await requestCode(page, '13800138001');
  await dlg.getByLabel('验证码').fill(code);
  await dlg.getByRole('button', { name: '登录', exact: true }).click();
  await dlg.waitFor({ state: 'hidden', timeout: WAIT });

  const mine = page.getByRole('region', { name: '我的套餐' });
  await mine.getByText('138****8001', { exact: true }).waitFor({ timeout: WAIT });
  await mine.getByText('5G智享套餐128元', { exact: true }).waitFor({ timeout: WAIT });
  await mine.locator('.uplot canvas').first().waitFor({ timeout: WAIT });
  assert.ok(await mine.getByRole('progressbar', { name: '流量' }).isVisible());
  const text = await mine.innerText();
  assert.ok(!text.includes('13800138001'), 'the full number is never shown');
  assert.match(text, /账户余额/);
  assert.match(text, /\d{4}-\d{2}/); // cycles labelled like 2026-09
  // the header shows the masked number and a way out
  await page.getByRole('banner').getByText('138****8001').waitFor({ timeout: WAIT });
  assert.ok(await page.getByRole('banner').getByRole('button', { name: '退出' }).isVisible());
});

test('ordering 流量加油包10元1GB lists it under my add-ons and 10086 confirms by SMS', async () => {
  const mine = page.getByRole('region', { name: '我的套餐' });
  const my = mine.getByRole('list', { name: '已订业务列表' });
  await my.waitFor({ timeout: WAIT });
  assert.equal(await my.getByText(/流量加油包10元1GB/).count(), 0);
  const after = await lastId('13800138001');
  const row = mine.getByRole('list', { name: '流量加油包列表' }).getByRole('listitem').filter({ hasText: '流量加油包10元1GB' });
  await row.getByRole('button', { name: '立即办理' }).click();
  const confirm = page.getByRole('dialog', { name: '确认办理' });
  await confirm.getByText(/资费10元/).waitFor({ timeout: WAIT });
  await confirm.getByRole('button', { name: '确认办理', exact: true }).click();
  await page.locator('#toast').getByText(/订购成功/).waitFor({ timeout: WAIT });
  await my.getByText(/流量加油包10元1GB/).waitFor({ timeout: WAIT });
  const sms = await smsFrom10086('13800138001', after, /订购成功/, 'the order confirmation SMS');
  assert.match(sms.text, /流量加油包10元1GB/);
});

test('套餐推荐 shows plans with their reasons; taking one asks for next month', async () => {
  await page.getByRole('navigation').getByRole('button', { name: '套餐推荐', exact: true }).click();
  const rec = page.getByRole('list', { name: '推荐套餐列表' });
  await rec.getByRole('listitem').first().waitFor({ timeout: WAIT });
  const reason = (await rec.locator('.reason').first().textContent()).trim();
  assert.ok(reason.length >= 6, 'a reason: ' + reason);
  const item = rec.getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: '办理', exact: true }) }).first();
  const chosen = await item.textContent();
  await item.getByRole('button', { name: '办理', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: '确认变更套餐' });
  await confirm.getByText(/下月1日生效/).waitFor({ timeout: WAIT });
  await confirm.getByRole('button', { name: '确认变更', exact: true }).click();
  await page.locator('#toast').getByText(/套餐变更/).waitFor({ timeout: WAIT });
  // 我的套餐 says which plan comes next month; the current one is unchanged.
  await page.getByRole('navigation').getByRole('button', { name: '我的套餐', exact: true }).click();
  await page.getByText(/已申请变更为/).waitFor({ timeout: WAIT });
  const me = (await k.api('GET', '/api/v1/subscribers/13800138001')).json;
  assert.equal(me.plan.id, 'P5G-ZX128');
  assert.ok(me.pending_plan && chosen.includes(me.pending_plan.name), me.pending_plan && me.pending_plan.name);
  await page.close();
});

test('a wrong code is refused with 验证码错误, the right one still logs in', async () => {
  const p = await browser.newPage({ viewport: PHONE });
  await p.goto(base);
  await p.getByRole('banner').getByRole('button', { name: '登录', exact: true }).click();
  const { dlg, code } = await requestCode(p, '13800138002');
  const wrong = String((Number(code) + 1) % 1000000).padStart(6, '0');
  await dlg.getByLabel('验证码').fill(wrong);
  await dlg.getByRole('button', { name: '登录', exact: true }).click();
  await dlg.getByText('验证码错误').waitFor({ timeout: WAIT });
  assert.ok(await dlg.isVisible(), 'the dialog stays open');
  await dlg.getByLabel('验证码').fill(code);
  await dlg.getByRole('button', { name: '登录', exact: true }).click();
  await p.getByRole('banner').getByText('138****8002').waitFor({ timeout: WAIT });
  await p.close();
});
