#!/usr/bin/env node
'use strict';
// kefu demo handset simulator.
//
// Binds to the hub as the network link (transceiver), keeps an inbox for each
// demo handset (and an "other numbers" list for everyone else), lets the web
// page send messages from a handset as submit_sm, and tracks delivery receipts.
//
//   node sim/phones/server.js --smpp 127.0.0.1:2775 --system-id netlink \
//     --password link1234 --http 127.0.0.1:8087 \
//     --numbers 13800138001,13800138002,13800138003,13800138004,13800138005

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { parseArgs } = require('node:util');

const codec = require('./codec');
const sess = require('./session');
const { PhoneNetwork } = require('./phones');

const USAGE = `usage: node sim/phones/server.js [options]
  --smpp HOST:PORT        hub SMPP address (default 127.0.0.1:2775)
  --system-id ID          network link system_id (default netlink)
  --password PW           network link password (default link1234)
  --system-type TYPE      bind system_type (default empty)
  --http HOST:PORT        web page/API address (default 127.0.0.1:8087)
  --numbers N1,N2,...     demo handset numbers (default 13800138001..13800138005)
  --enquire-interval MS   enquire_link period (default 30000)
  --verbose               log every PDU handled`;

function splitHostPort(s, defHost, defPort) {
  const m = /^(?:\[([^\]]+)\]|([^:]*))(?::(\d+))?$/.exec(String(s || ''));
  if (!m) throw new Error('bad HOST:PORT: ' + s);
  return { host: m[1] || m[2] || defHost, port: m[3] ? Number(m[3]) : defPort };
}

function parseCli(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      smpp: { type: 'string', default: '127.0.0.1:2775' },
      'system-id': { type: 'string', default: 'netlink' },
      password: { type: 'string', default: 'link1234' },
      'system-type': { type: 'string', default: '' },
      http: { type: 'string', default: '127.0.0.1:8087' },
      numbers: { type: 'string', default: '13800138001,13800138002,13800138003,13800138004,13800138005' },
      'enquire-interval': { type: 'string', default: '30000' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    help: values.help,
    smpp: splitHostPort(values.smpp, '127.0.0.1', 2775),
    systemId: values['system-id'],
    password: values.password,
    systemType: values['system-type'],
    http: splitHostPort(values.http, '127.0.0.1', 8087),
    numbers: values.numbers.split(',').map((s) => s.trim()).filter(Boolean),
    enquireMs: Math.max(1000, Number(values['enquire-interval']) || 30000),
    verbose: values.verbose,
  };
}

function log(...args) {
  process.stderr.write(new Date().toISOString() + ' phones: ' + args.join(' ') + '\n');
}

// ---------------------------------------------------------------------------
// SMPP link: connect, bind as transceiver, reconnect with back-off.

class Link {
  constructor(cfg, network) {
    this.cfg = cfg;
    this.network = network;
    this.session = null;
    this.state = 'disconnected'; // connecting | binding | bound
    this.backoffMs = 1000;
    this.retryTimer = null;
    this.enquireTimer = null;
    this.stopped = false;
    this.lastError = null;
    this.boundAt = null;
  }

  get connected() {
    return this.state === 'bound';
  }

  start() {
    this.attempt();
  }

  scheduleRetry() {
    if (this.stopped || this.retryTimer) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, 30000);
    log('reconnecting in', delay, 'ms');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.attempt();
    }, delay);
  }

  async attempt() {
    if (this.stopped) return;
    const { host, port } = this.cfg.smpp;
    this.state = 'connecting';
    let session;
    try {
      session = await sess.connect({ host, port, timeoutMs: 5000 });
    } catch (e) {
      this.lastError = e.message;
      this.state = 'disconnected';
      log('connect', host + ':' + port, 'failed:', e.message);
      this.scheduleRetry();
      return;
    }
    if (this.stopped) {
      session.destroy();
      return;
    }
    this.session = session;
    this.state = 'binding';
    session.on('close', () => this.onClose(session));
    session.on('error', (e) => {
      this.lastError = e.message;
      log('session error:', e.message);
    });
    session.on('deliver_sm', (pdu) => this.onDeliver(session, pdu));
    session.kefu.onUnbind = () => log('hub sent unbind');
    let resp;
    try {
      resp = await sess.bind(session, 'transceiver', this.cfg.systemId, this.cfg.password,
        { system_type: this.cfg.systemType });
    } catch (e) {
      this.lastError = e.message;
      log('bind failed:', e.message);
      session.destroy();
      return; // onClose schedules the retry
    }
    if (resp.command_status !== 0) {
      this.lastError = 'bind rejected: ' + sess.statusName(resp.command_status);
      log(this.lastError);
      await sess.closeSession(session, 1000);
      return;
    }
    if (this.session !== session || session.kefu.closed) return;
    this.state = 'bound';
    this.boundAt = new Date().toISOString();
    this.backoffMs = 1000;
    this.lastError = null;
    log('bound to', host + ':' + port, 'as', this.cfg.systemId, '(hub system_id ' + (resp.system_id || '') + ')');
    this.enquireTimer = setInterval(() => this.enquire(session), this.cfg.enquireMs);
  }

  async enquire(session) {
    try {
      await sess.request(session, 'enquire_link', {}, 10000);
    } catch (e) {
      if (session.kefu.closed) return;
      log('enquire_link failed:', e.message, '- dropping the connection');
      session.destroy();
    }
  }

  onClose(session) {
    if (this.session !== session) return;
    if (this.enquireTimer) clearInterval(this.enquireTimer);
    this.enquireTimer = null;
    this.session = null;
    const wasBound = this.state === 'bound';
    this.state = 'disconnected';
    if (this.stopped) return;
    log(wasBound ? 'connection to hub lost' : 'connection closed before bind');
    this.scheduleRetry();
  }

  onDeliver(session, pdu) {
    let d;
    try {
      d = codec.decodeSm(pdu.raw);
    } catch (e) {
      log('malformed deliver_sm:', e.message);
      session.send(pdu.response({ command_status: sess.errors.ESME_RSYSERR }));
      return;
    }
    session.send(pdu.response());
    const r = this.network.onDeliver(d);
    if (this.cfg.verbose) {
      log('deliver_sm', d.source_addr, '->', d.destination_addr, 'esm_class=0x' + d.esm_class.toString(16),
        'dc=' + d.data_coding, r.kind, d.is_receipt ? d.receipt_id + ' ' + d.receipt_state_name : JSON.stringify(d.text));
    }
  }

  /**
   * Send `text` from handset `from` to `to`. Resolves with the outbox entry
   * once all parts were answered (or failed).
   */
  async send(from, to, text) {
    const split = codec.splitText(text, { refBits: 8 });
    const entry = this.network.addOutgoing(from, to, text, split.parts.length);
    const session = this.session;
    if (!this.connected || !session) {
      this.network.onSubmitError(entry, '未连接到短信中心');
      return entry;
    }
    await Promise.all(split.parts.map(async (part, i) => {
      const params = {
        source_addr_ton: 0,
        source_addr_npi: 0,
        source_addr: from,
        dest_addr_ton: 0,
        dest_addr_npi: 0,
        destination_addr: to,
        esm_class: part.udh ? 0x40 : 0x00,
        registered_delivery: 1,
        data_coding: split.dataCoding,
        short_message: part.ud,
      };
      try {
        const resp = await sess.request(session, 'submit_sm', params, 15000);
        const status = resp.command === 'generic_nack' && !resp.command_status ? -1 : resp.command_status;
        this.network.onSubmitResp(entry, i, status, resp.message_id,
          status === 0 ? null : '短信中心拒绝: ' + sess.statusName(resp.command_status));
      } catch (e) {
        this.network.onSubmitError(entry, '发送失败: ' + e.message);
      }
    }));
    return entry;
  }

  async stop() {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.enquireTimer) clearInterval(this.enquireTimer);
    const s = this.session;
    if (s && !s.kefu.closed) {
      if (this.state === 'bound') await sess.unbind(s, 1000);
      else s.destroy();
    }
  }
}

// ---------------------------------------------------------------------------
// HTTP

const WEB_DIR = path.join(__dirname, 'web');
const STATIC = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/index.html': ['index.html', 'text/html; charset=utf-8'],
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/style.css': ['style.css', 'text/css; charset=utf-8'],
};
const MAX_TEXT = 2000; // characters; at most ~30 UCS-2 parts
const NUMBER_RE = /^\+?[0-9]{1,20}$/;

function sendJson(res, code, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(code, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) {
        reject(Object.assign(new Error('请求体过大'), { statusCode: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function createHttpServer(link, network, cfg) {
  return http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    try {
      if (req.method === 'GET' && STATIC[url.pathname]) {
        const [file, type] = STATIC[url.pathname];
        const body = fs.readFileSync(path.join(WEB_DIR, file));
        res.writeHead(200, {
          'Content-Type': type,
          'Cache-Control': 'no-cache',
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
          'Referrer-Policy': 'no-referrer',
        });
        res.end(body);
        return;
      }
      if (req.method === 'GET' && url.pathname === '/healthz') {
        sendJson(res, 200, { ok: true, connected: link.connected });
        return;
      }
      if (req.method === 'GET' && url.pathname === '/api/phones') {
        network.expireParts();
        const snap = network.snapshot(link.connected);
        snap.link = {
          smpp: cfg.smpp.host + ':' + cfg.smpp.port,
          system_id: cfg.systemId,
          state: link.state,
          bound_at: link.boundAt,
          last_error: link.lastError,
        };
        sendJson(res, 200, snap);
        return;
      }
      if (url.pathname === '/api/send') {
        if (req.method !== 'POST') {
          res.setHeader('Allow', 'POST');
          sendJson(res, 405, { error: '只支持 POST' });
          return;
        }
        let body;
        try {
          body = JSON.parse(await readBody(req, 64 * 1024));
        } catch (e) {
          sendJson(res, e.statusCode || 400, { error: e.statusCode ? e.message : '请求体不是合法的 JSON' });
          return;
        }
        const from = typeof body.from === 'string' ? body.from.trim() : '';
        const to = typeof body.to === 'string' ? body.to.trim() : '';
        const text = typeof body.text === 'string' ? body.text : '';
        if (!network.isDemo(from)) {
          sendJson(res, 400, { error: '发送方必须是演示手机号码之一' });
          return;
        }
        if (!NUMBER_RE.test(to)) {
          sendJson(res, 400, { error: '收件人号码无效（只能包含数字，最长 20 位）' });
          return;
        }
        if (text.length === 0) {
          sendJson(res, 400, { error: '内容不能为空' });
          return;
        }
        if (text.length > MAX_TEXT) {
          sendJson(res, 400, { error: '内容过长（最多 ' + MAX_TEXT + ' 个字符）' });
          return;
        }
        if (!link.connected) {
          sendJson(res, 503, { error: '未连接到短信中心，请稍后再试' });
          return;
        }
        const entry = await link.send(from, to, text);
        const ids = entry.message_ids.filter((x) => x !== null);
        if (entry.state === 'failed') {
          sendJson(res, 502, { ok: false, error: entry.error || '发送失败', message_ids: ids });
          return;
        }
        sendJson(res, 200, { ok: true, message_ids: ids, parts: entry.parts, status: entry.status });
        return;
      }
      sendJson(res, 404, { error: '未找到' });
    } catch (e) {
      log('http error:', e.stack || e.message);
      if (!res.headersSent) sendJson(res, 500, { error: '内部错误' });
      else res.destroy();
    }
  });
}

// ---------------------------------------------------------------------------

function main() {
  let cfg;
  try {
    cfg = parseCli(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(e.message + '\n' + USAGE + '\n');
    process.exit(2);
  }
  if (cfg.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (cfg.numbers.length === 0) {
    process.stderr.write('no --numbers given\n');
    process.exit(2);
  }
  const network = new PhoneNetwork({ numbers: cfg.numbers });
  const link = new Link(cfg, network);
  const server = createHttpServer(link, network, cfg);
  server.on('error', (e) => {
    log('http server error:', e.message);
    process.exit(1);
  });
  server.listen(cfg.http.port, cfg.http.host, () => {
    const a = server.address();
    log('web page on http://' + (a.family === 'IPv6' ? '[' + a.address + ']' : a.address) + ':' + a.port + '/',
      'handsets', cfg.numbers.join(','));
    // A machine-readable line for tests that use --http 127.0.0.1:0
    process.stdout.write(JSON.stringify({ event: 'listening', http_port: a.port }) + '\n');
    link.start();
  });
  const expiry = setInterval(() => network.expireParts(), 30000);
  let stopping = false;
  const shutdown = async (sig) => {
    if (stopping) return;
    stopping = true;
    log('received', sig + ', stopping');
    clearInterval(expiry);
    const force = setTimeout(() => process.exit(0), 3000);
    force.unref();
    await link.stop();
    server.close(() => process.exit(0));
    server.closeAllConnections && server.closeAllConnections();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (require.main === module) main();

module.exports = { Link, createHttpServer, parseCli, splitHostPort };
