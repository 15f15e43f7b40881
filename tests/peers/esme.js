#!/usr/bin/env node
'use strict';
// Command-line ESME peer for system tests and for people. Prints one JSON
// object per line for every event and exits 0 when everything requested
// completed (bind OK, every submit_sm answered with status 0, the requested
// number of deliver_sm received), 1 otherwise, 2 on usage errors.
//
//   node tests/peers/esme.js --host 127.0.0.1 --port 2775 --system-id demo106 \
//     --password demo1234 --bind transceiver --send 10 --from 1065755501 \
//     --to 13800138001 --text 'hello {i}' --window 5 --registered-delivery 1 \
//     --wait-deliver 10 --wait-kind receipt --timeout 30000

const { parseArgs } = require('node:util');
const peers = require('./lib');

const USAGE = `usage: node tests/peers/esme.js [options]
connection:
  --host HOST               (default 127.0.0.1)
  --port PORT               (default 2775)
  --system-id ID --password PW [--system-type T]
  --bind transmitter|receiver|transceiver   (default transceiver)
sending (transmitter/transceiver):
  --send N                  number of messages to submit (default 0)
  --from A --to B           source_addr / destination_addr
  --text T                  message text; "{i}" is replaced by the message number
  --data-coding auto|0|1|3|8  (default auto: 0 if GSM 03.38 is enough, else 8)
  --registered-delivery N   (default 0)
  --long                    allow texts longer than one SMS (default text becomes long)
  --split udh8|udh16|sar|payload  how long texts are sent (default udh8; implies --long)
  --window W                max submit_sm outstanding (default 1)
  --rate R                  max submit_sm per second (default unlimited)
  --source-ton/--source-npi/--dest-ton/--dest-npi N   (default 0)
receiving:
  --wait-deliver N          wait until N deliver_sm were received
  --wait-kind any|receipt|message   which deliver_sm count for --wait-deliver (default any)
  --deliver-resp-status N   command_status for our deliver_sm_resp (default 0)
  --hold MS                 stay bound MS more milliseconds at the end (printing deliver_sm)
general:
  --timeout MS              give up after MS milliseconds (default 60000)
  --quiet                   only print bind, errors, unbind and the summary`;

const DEFAULT_LONG_UCS2 = '【长短信测试 {i}】这是一条用于验证长短信拆分、转发与重组的中文消息。它的长度超过一条短信能容纳的七十个字符，因此会被拆成多段发送，每一段都带有用户数据头，接收方需要按参考号和段号把它们重新拼接成完整的内容。';
const DEFAULT_LONG_GSM = 'Long message test {i}: this text is longer than one SMS can carry (160 GSM 03.38 characters), so it is split into several parts, each one carrying a user data header with a reference number, the number of parts and its position, for reassembly by the receiver.';

function fail(msg) {
  process.stderr.write('esme: ' + msg + '\n' + USAGE + '\n');
  process.exit(2);
}

function intArg(v, name, def) {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) fail('bad --' + name + ': ' + v);
  return n;
}

function parseCli(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '2775' },
        'system-id': { type: 'string', default: '' },
        password: { type: 'string', default: '' },
        'system-type': { type: 'string', default: '' },
        bind: { type: 'string', default: 'transceiver' },
        send: { type: 'string' },
        from: { type: 'string', default: '' },
        to: { type: 'string', default: '' },
        text: { type: 'string' },
        'data-coding': { type: 'string', default: 'auto' },
        'registered-delivery': { type: 'string' },
        long: { type: 'boolean', default: false },
        split: { type: 'string' },
        window: { type: 'string' },
        rate: { type: 'string' },
        'source-ton': { type: 'string' },
        'source-npi': { type: 'string' },
        'dest-ton': { type: 'string' },
        'dest-npi': { type: 'string' },
        'wait-deliver': { type: 'string' },
        'wait-kind': { type: 'string', default: 'any' },
        'deliver-resp-status': { type: 'string' },
        hold: { type: 'string' },
        timeout: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    fail(e.message);
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  const o = {
    host: values.host,
    port: intArg(values.port, 'port', 2775),
    systemId: values['system-id'],
    password: values.password,
    systemType: values['system-type'],
    bind: values.bind,
    send: intArg(values.send, 'send', 0),
    from: values.from,
    to: values.to,
    text: values.text,
    dataCoding: values['data-coding'] === 'auto' ? null : intArg(values['data-coding'], 'data-coding'),
    registeredDelivery: intArg(values['registered-delivery'], 'registered-delivery', 0),
    split: values.split || 'udh8',
    long: values.long || values.split !== undefined,
    window: Math.max(1, intArg(values.window, 'window', 1)),
    rate: values.rate === undefined ? 0 : Number(values.rate),
    sourceTon: intArg(values['source-ton'], 'source-ton', 0),
    sourceNpi: intArg(values['source-npi'], 'source-npi', 0),
    destTon: intArg(values['dest-ton'], 'dest-ton', 0),
    destNpi: intArg(values['dest-npi'], 'dest-npi', 0),
    waitDeliver: intArg(values['wait-deliver'], 'wait-deliver', 0),
    waitKind: values['wait-kind'],
    deliverRespStatus: intArg(values['deliver-resp-status'], 'deliver-resp-status', 0),
    hold: intArg(values.hold, 'hold', 0),
    timeout: intArg(values.timeout, 'timeout', 60000),
    quiet: values.quiet,
  };
  if (!['transmitter', 'receiver', 'transceiver'].includes(o.bind)) fail('bad --bind: ' + o.bind);
  if (!['udh8', 'udh16', 'sar', 'payload'].includes(o.split)) fail('bad --split: ' + o.split);
  if (!['any', 'receipt', 'message'].includes(o.waitKind)) fail('bad --wait-kind: ' + o.waitKind);
  if (o.dataCoding !== null && ![0, 1, 3, 8].includes(o.dataCoding)) fail('--data-coding must be auto, 0, 1, 3 or 8');
  if (!Number.isFinite(o.rate) || o.rate < 0) fail('bad --rate: ' + values.rate);
  if (o.send > 0) {
    if (o.bind === 'receiver') fail('--send needs --bind transmitter or transceiver');
    if (!o.to) fail('--send needs --to');
  }
  if (o.waitDeliver > 0 && o.bind === 'transmitter') fail('--wait-deliver needs --bind receiver or transceiver');
  if (o.text === undefined) {
    if (o.long) o.text = o.dataCoding === 0 || o.dataCoding === 1 || o.dataCoding === 3 ? DEFAULT_LONG_GSM : DEFAULT_LONG_UCS2;
    else o.text = 'kefu test message {i}';
  }
  return o;
}

async function main() {
  const o = parseCli(process.argv.slice(2));
  const t0 = Date.now();
  const emit = (ev, fields, always) => {
    if (o.quiet && !always) return;
    process.stdout.write(JSON.stringify(Object.assign({ event: ev, t: Date.now() - t0 }, fields)) + '\n');
  };

  // Messages to send: text per message and the parts of each.
  const textFor = (i) => o.text.split('{i}').join(String(i));
  const buildFor = (i) => peers.buildSubmits({
    from: o.from, to: o.to, text: textFor(i), dataCoding: o.dataCoding,
    registeredDelivery: o.registeredDelivery, long: o.split,
    sourceTon: o.sourceTon, sourceNpi: o.sourceNpi, destTon: o.destTon, destNpi: o.destNpi,
  });
  if (o.send > 0) {
    const probe = buildFor(o.send);
    if (probe.length > 1 && !o.long) {
      fail('the text needs ' + probe.length + ' SMS parts; pass --long to send it split');
    }
  }

  const res = {
    bound: false, pdus_sent: 0, submit_ok: 0, submit_failed: 0, messages_ok: 0,
    delivers: 0, receipts: 0, messages_received: 0, counted: 0,
  };
  let finished = false;
  let session = null;
  let exitCode = 1;

  const isCounted = (d) => o.waitKind === 'any' || (o.waitKind === 'receipt' ? !!d.is_receipt : !d.is_receipt);

  const finish = async (ok, reason) => {
    if (finished) return;
    finished = true;
    clearTimeout(globalTimer);
    if (reason) emit('error', { message: reason }, true);
    if (session && !session.kefu.closed && res.bound) {
      const r = await peers.unbind(session, 2000);
      emit('unbind', { by: 'self', command_status: r ? r.command_status : null, answered: !!r }, true);
    } else if (session && !session.kefu.closed) {
      await peers.closeSession(session, 1000);
    }
    const elapsed = Date.now() - t0;
    emit('summary', {
      ok,
      bound: res.bound,
      messages_requested: o.send,
      pdus_sent: res.pdus_sent,
      submit_ok: res.submit_ok,
      submit_failed: res.submit_failed,
      messages_ok: res.messages_ok,
      delivers: res.delivers,
      receipts: res.receipts,
      messages_received: res.messages_received,
      wait_deliver: o.waitDeliver,
      elapsed_ms: elapsed,
      submit_rate: elapsed > 0 ? Math.round((res.submit_ok + res.submit_failed) * 1000 / elapsed) : null,
    }, true);
    exitCode = ok ? 0 : 1;
    process.exitCode = exitCode;
    setTimeout(() => process.exit(exitCode), 50).unref();
  };

  const globalTimer = setTimeout(() => {
    emit('timeout', { timeout_ms: o.timeout }, true);
    finish(false, 'timed out after ' + o.timeout + ' ms');
  }, o.timeout);

  try {
    session = await peers.connect({ host: o.host, port: o.port, timeoutMs: Math.min(o.timeout, 10000), deliverStatus: o.deliverRespStatus });
  } catch (e) {
    await finish(false, 'connect to ' + o.host + ':' + o.port + ' failed: ' + e.message);
    return;
  }
  emit('connect', { host: o.host, port: o.port });
  session.on('close', () => {
    if (!finished) {
      emit('close', {}, true);
      finish(false, 'connection closed by peer');
    }
  });
  session.kefu.onUnbind = () => emit('unbind', { by: 'peer' }, true);
  session.on('kefu_deliver', (d) => {
    res.delivers++;
    if (d.is_receipt) res.receipts++;
    else res.messages_received++;
    if (isCounted(d)) res.counted++;
    emit('deliver_sm', peers.deliverView(d));
  });

  let b;
  try {
    b = await peers.bind(session, o.bind, o.systemId, o.password, { system_type: o.systemType }, Math.min(o.timeout, 10000));
  } catch (e) {
    await finish(false, 'bind failed: ' + e.message);
    return;
  }
  emit('bind', {
    command: b.command, command_status: b.command_status, status_name: peers.statusName(b.command_status),
    system_id: b.system_id === undefined ? null : b.system_id,
  }, true);
  if (b.command_status !== 0) {
    await finish(false, 'bind rejected: ' + peers.statusName(b.command_status));
    return;
  }
  res.bound = true;

  // --- submit with a window ---------------------------------------------------
  if (o.send > 0) {
    const ok = await new Promise((resolve) => {
      let nextMsg = 1;
      let queue = [];
      let inflight = 0;
      let sentCount = 0;
      let pendingMsgs = o.send;
      const msgParts = new Map(); // message number -> parts still outstanding / failed flag
      const startSend = Date.now();
      let timer = null;

      const done = () => {
        if (pendingMsgs === 0 && inflight === 0) resolve(res.submit_failed === 0);
      };
      const pump = () => {
        if (finished) return;
        while (inflight < o.window) {
          if (queue.length === 0) {
            if (nextMsg > o.send) break;
            const i = nextMsg++;
            const parts = buildFor(i);
            msgParts.set(i, { left: parts.length, failed: false });
            queue = parts.map((p) => Object.assign({ msg: i }, p));
          }
          if (o.rate > 0) {
            const due = startSend + (sentCount * 1000) / o.rate;
            const wait = due - Date.now();
            if (wait > 0) {
              if (!timer) timer = setTimeout(() => { timer = null; pump(); }, wait);
              return;
            }
          }
          const job = queue.shift();
          inflight++;
          sentCount++;
          res.pdus_sent++;
          const sentAt = Date.now();
          peers.submit(session, job.params, 30000).then((resp) => {
            const okResp = resp.command === 'submit_sm_resp' && resp.command_status === 0;
            if (okResp) res.submit_ok++;
            else res.submit_failed++;
            emit('submit_sm_resp', {
              index: job.msg, part: job.seq, parts: job.total,
              sequence_number: resp.sequence_number, command: resp.command,
              command_status: resp.command_status, status_name: peers.statusName(resp.command_status),
              message_id: resp.message_id === undefined ? null : resp.message_id,
              latency_ms: Date.now() - sentAt,
            });
            return okResp;
          }, (err) => {
            res.submit_failed++;
            emit('error', { index: job.msg, part: job.seq, message: 'submit_sm: ' + err.message }, true);
            return false;
          }).then((okResp) => {
            inflight--;
            const m = msgParts.get(job.msg);
            if (!okResp) m.failed = true;
            if (--m.left === 0) {
              msgParts.delete(job.msg);
              pendingMsgs--;
              if (!m.failed) res.messages_ok++;
            }
            pump();
            done();
          });
        }
      };
      pump();
    });
    if (finished) return;
    if (!ok && o.waitDeliver === 0) {
      await finish(false, res.submit_failed + ' submit_sm failed');
      return;
    }
  }

  // --- wait for deliver_sm -----------------------------------------------------
  if (o.waitDeliver > 0) {
    const pred = (d) => isCounted(d);
    try {
      await peers.waitForDeliver(session, o.waitDeliver, pred, Math.max(1, o.timeout - (Date.now() - t0)));
    } catch (e) {
      if (!finished) await finish(false, e.message);
      return;
    }
  }
  if (o.hold > 0) await new Promise((r) => setTimeout(r, o.hold));
  if (finished) return;
  const ok = res.submit_failed === 0 && res.counted >= o.waitDeliver;
  await finish(ok, ok ? null : res.submit_failed + ' submit_sm failed');
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ event: 'error', message: String(e && e.stack || e) }) + '\n');
  process.exit(1);
});
