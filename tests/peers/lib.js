'use strict';
// Library for system tests that talk SMPP to kefud (or to ack-server.js) with
// the npm `smpp` package. Usage from a node:test file:
//
//   const peers = require('../peers/lib');
//   const s = await peers.connect({ host: '127.0.0.1', port: 2775 });
//   const b = await peers.bind(s, 'transceiver', 'demo106', 'demo1234');
//   assert.equal(b.command_status, 0);
//   const resps = await peers.submitText(s, { from: '1065755501', to: '13800138001',
//                                             text: '你好', registeredDelivery: 1 });
//   const [rcpt] = await peers.waitForDeliver(s, 1, (d) => d.is_receipt, 10000);
//   await peers.unbind(s);
//
// Received deliver_sm are decoded from their raw bytes (codec.decodeSm) and
// acknowledged automatically with deliver_sm_resp (see connect options).

const codec = require('../../sim/phones/codec');
const sess = require('../../sim/phones/session');

/**
 * Connect and install the deliver_sm collector.
 * opts: host, port, timeoutMs,
 *       autoAck (default true): answer deliver_sm with deliver_sm_resp,
 *       deliverStatus (default 0): command_status for those answers.
 */
async function connect(opts = {}) {
  const session = await sess.connect(opts);
  installCollector(session, opts);
  return session;
}

function installCollector(session, opts = {}) {
  const st = sess.prepare(session);
  if (st.delivers) return st;
  st.delivers = [];
  st.waiters = new Set();
  const autoAck = opts.autoAck !== false;
  const ackStatus = Number(opts.deliverStatus || 0);
  session.on('deliver_sm', (pdu) => {
    let d;
    try {
      d = codec.decodeSm(pdu.raw);
    } catch (e) {
      d = { error: e.message, sequence_number: pdu.sequence_number, source_addr: pdu.source_addr, destination_addr: pdu.destination_addr };
    }
    d.pdu = pdu;
    st.delivers.push(d);
    if (autoAck) session.send(pdu.response({ command_status: ackStatus }));
    session.emit('kefu_deliver', d);
    for (const w of st.waiters) w.check();
  });
  session.on('close', () => {
    for (const w of st.waiters) w.fail(new Error('connection closed while waiting for deliver_sm'));
  });
  return st;
}

/** All deliver_sm decoded so far on this session. */
function deliveries(session) {
  return installCollector(session).delivers;
}

/**
 * Resolve with the first `n` deliver_sm (decoded, see codec.decodeSm; the
 * package's PDU is in `.pdu`) that match `predicate`, counting those already
 * received since index `opts.since` (default 0). Rejects on timeout or close.
 */
function waitForDeliver(session, n, predicate = () => true, timeoutMs = 10000, opts = {}) {
  const st = installCollector(session);
  return new Promise((resolve, reject) => {
    const w = {
      check() {
        const got = st.delivers.slice(opts.since || 0).filter((d) => predicate(d));
        if (got.length >= n) {
          finish();
          resolve(got.slice(0, n));
        }
      },
      fail(err) {
        finish();
        reject(err);
      },
    };
    const timer = setTimeout(() => {
      const got = st.delivers.slice(opts.since || 0).filter((d) => predicate(d)).length;
      w.fail(new Error('timed out waiting for ' + n + ' deliver_sm (got ' + got + ')'));
    }, timeoutMs);
    function finish() {
      clearTimeout(timer);
      st.waiters.delete(w);
    }
    st.waiters.add(w);
    w.check();
    if (st.closed && st.waiters.has(w)) w.fail(new Error('connection closed'));
  });
}

/** submit_sm with raw package params; resolves with the response PDU. */
function submit(session, params, timeoutMs = 10000) {
  return sess.request(session, 'submit_sm', params, timeoutMs);
}

/**
 * Build submit_sm params for a text.
 * opts: from, to, text, dataCoding (default GSM 03.38 if possible else UCS-2),
 *       registeredDelivery (0), long: 'udh8' (default) | 'udh16' | 'sar' | 'payload',
 *       ref, sourceTon/sourceNpi/destTon/destNpi (0), serviceType, extra (merged into every PDU).
 * Returns [{params, seq, total}].
 */
function buildSubmits(opts) {
  const mode = opts.long || 'udh8';
  const base = {
    service_type: opts.serviceType || '',
    source_addr_ton: opts.sourceTon || 0,
    source_addr_npi: opts.sourceNpi || 0,
    source_addr: String(opts.from || ''),
    dest_addr_ton: opts.destTon || 0,
    dest_addr_npi: opts.destNpi || 0,
    destination_addr: String(opts.to || ''),
    registered_delivery: Number(opts.registeredDelivery || 0),
  };
  const text = String(opts.text === undefined ? '' : opts.text);
  const dc = opts.dataCoding === undefined || opts.dataCoding === null
    ? codec.chooseDataCoding(text) : Number(opts.dataCoding);
  if (mode === 'payload') {
    const ud = codec.encodeText(text, dc);
    return [{
      seq: 1, total: 1,
      params: Object.assign({}, base, {
        esm_class: 0, data_coding: dc, short_message: Buffer.alloc(0), message_payload: ud,
      }, opts.extra || {}),
    }];
  }
  const split = codec.splitText(text, {
    dataCoding: dc,
    mode: mode === 'sar' ? 'sar' : 'udh',
    refBits: mode === 'udh16' || mode === 'sar' ? 16 : 8,
    ref: opts.ref,
  });
  return split.parts.map((p) => {
    const params = Object.assign({}, base, {
      esm_class: p.udh ? 0x40 : 0,
      data_coding: dc,
      short_message: p.ud,
    });
    if (mode === 'sar' && p.total > 1) {
      params.sar_msg_ref_num = split.ref;
      params.sar_total_segments = p.total;
      params.sar_segment_seqnum = p.seq;
    }
    return { seq: p.seq, total: p.total, params: Object.assign(params, opts.extra || {}) };
  });
}

/** Submit all parts of a text; resolves with the response PDUs in part order. */
function submitText(session, opts, timeoutMs = 10000) {
  return Promise.all(buildSubmits(opts).map((s) => submit(session, s.params, timeoutMs)));
}

/** Plain JSON view of a decoded deliver_sm (for logs and assertions). */
function deliverView(d) {
  if (d.error) return { error: d.error, sequence_number: d.sequence_number };
  const v = {
    sequence_number: d.sequence_number,
    source_addr: d.source_addr,
    destination_addr: d.destination_addr,
    esm_class: d.esm_class,
    data_coding: d.data_coding,
    registered_delivery: d.registered_delivery,
    text: d.text,
    is_receipt: d.is_receipt,
  };
  if (d.concat) v.concat = d.concat;
  if (d.receipted_message_id !== null) v.receipted_message_id = d.receipted_message_id;
  if (d.message_state !== null) v.message_state = d.message_state;
  if (d.is_receipt) {
    v.receipt_id = d.receipt_id;
    v.receipt_state = d.receipt_state_name;
    v.receipt_outcome = d.receipt_outcome;
    if (d.receipt) v.stat = d.receipt.stat;
  }
  return v;
}

/**
 * Whole texts delivered on `session` from `from` to `to` since index `since`:
 * single messages as they are, concatenated parts joined once all arrived.
 */
function wholeTexts(session, from, to, since = 0) {
  const parts = deliveries(session).slice(since).filter((d) => d.source_addr === from && d.destination_addr === to);
  const whole = [];
  const groups = new Map();
  for (const d of parts) {
    if (!d.concat) { whole.push(d.text); continue; }
    const key = d.concat.ref + '/' + d.concat.total;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)[d.concat.seq - 1] = d.text;
  }
  for (const g of groups.values()) if (g.filter((x) => x !== undefined).length === g.length) whole.push(g.join(''));
  return whole;
}

module.exports = Object.assign({}, codec, {
  wholeTexts,
  smpp: sess.smpp,
  errors: sess.errors,
  statusName: sess.statusName,
  prepare: sess.prepare,
  request: sess.request,
  bind: sess.bind,
  unbind: sess.unbind,
  closeSession: sess.closeSession,
  connect,
  installCollector,
  deliveries,
  waitForDeliver,
  submit,
  buildSubmits,
  submitText,
  deliverView,
});
