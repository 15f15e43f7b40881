'use strict';
const fs = require('node:fs');
// The demo phones page in a real browser (Debian's chromium driven by
// playwright-core): a newcomer's view of the platform. A phone texts another
// phone and 10086 through the real kefud, and the replies show up.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { chromium } = require('playwright-core');
const { startKefud, until, httpRequest } = require('../lib/kefud');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
let k, phones, browser, phonesPort;

test.before(async () => {
  k = await startKefud();
  phonesPort = 20000 + Math.floor(Math.random() * 20000);
  phones = spawn(process.execPath, [path.join(__dirname, '..', '..', 'sim', 'phones', 'server.js'),
    '--smpp', '127.0.0.1:' + k.smppPort, '--system-id', 'netlink', '--password', 'link1234',
    '--http', '127.0.0.1:' + phonesPort, '--numbers', '13800138001,13800138002'], { stdio: 'ignore' });
  await until(async () => {
    try { return (await httpRequest(phonesPort, null, 'GET', '/api/phones')).json.connected; } catch (e) { return false; }
  }, 15000, 'phones bound to kefud');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'] });
});

test.after(async () => {
  if (browser) await browser.close();
  if (phones) phones.kill();
  if (k) await k.stop();
});

test('texting from the page reaches the other phone and 10086 answers', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } }); // a phone-sized screen
  await page.goto('http://127.0.0.1:' + phonesPort + '/');
  await page.getByText('已连接').waitFor({ timeout: 10000 });
  const p1 = page.locator('[aria-label="手机 13800138001"]');
  const p2 = page.locator('[aria-label="手机 13800138002"]');
  await p1.locator('input[name=to]').fill('13800138002');
  await p1.locator('textarea[name=text]').fill('晚上一起吃饭吗？');
  await p1.getByRole('button', { name: '发送' }).click();
  await p2.locator('.inbox').getByText('晚上一起吃饭吗？').waitFor({ timeout: 15000 });
  await p1.locator('.outbox').getByText('已送达').first().waitFor({ timeout: 15000 });

  await p1.locator('input[name=to]').fill('10086');
  await p1.locator('textarea[name=text]').fill('我爱你');
  await p1.getByRole('button', { name: '发送' }).click();
  // the robot's chit-chat: any of the warm replies the operator wrote for it
  const love = fs.readFileSync(path.join(__dirname, '../../data/robot/chitchat.jsonl'), 'utf8')
    .split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).find((c) => c.q.includes('我爱你'));
  await p1.locator('.inbox').getByText(new RegExp(love.a.map((a) => a.slice(0, 8).replace(/[.*+?^${}()|[\]\\~]/g, '\\$&')).join('|')))
    .first().waitFor({ timeout: 15000 });

  // The hub has both messages; the API shows them with masked numbers.
  const r = await k.api('GET', '/api/v1/messages?number=13800138001');
  assert.ok(r.json.messages.length >= 3);
  assert.ok(r.json.messages.some((m) => m.to === '138****8002' && m.state === 'delivered'));
  await page.close();
});
