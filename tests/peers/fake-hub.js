#!/usr/bin/env node
'use strict';
// A tiny stand-in for kefud, built with the npm `smpp` package, for testing
// the peers and the handset simulator without the C hub (and for demos:
// `node tests/peers/fake-hub.js --port 2775` then start sim/phones/server.js).
//
// It follows the kefud contract loosely:
// - binds are checked against `users` (default: demo106/demo1234, netlink/link1234);
// - every submit_sm is answered with a message_id;
// - with registered_delivery, a receipt (esm_class 0x04, receipted_message_id,
//   message_state, Appendix B text) goes back to the submitter;
// - messages from other binds go to the network link as deliver_sm; messages
//   from the network link go to the enterprise bind when addressed to its
//   number (or an extension of it), else back to the network link.
// The user data (UDH included), esm_class UDHI bit and data_coding are passed
// through unchanged, as are SAR TLVs.

const { EventEmitter } = require('node:events');
const { parseArgs } = require('node:util');
const codec = require('../../sim/phones/codec');
const sess = require('../../sim/phones/session');
const { smpp } = sess;

const DEFAULT_USERS = { demo106: 'demo1234', netlink: 'link1234' };

function receiptText(id, stat, submitDate, doneDate, text) {
  const err = stat === 'DELIVRD' ? '000' : '001';
  const dl = stat === 'DELIVRD' ? '001' : '000';
  return 'id:' + id + ' sub:001 dlvrd:' + dl + ' submit date:' + submitDate + ' done date:' + doneDate +
    ' stat:' + stat + ' err:' + err + ' text:' + text;
}

function smppDate(d) {
  const p = (n) => String(n).padStart(2, '0');
  return p(d.getFullYear() % 100) + p(d.getMonth() + 1) + p(d.getDate()) + p(d.getHours()) + p(d.getMinutes());
}

const STATE_OF_STAT = { DELIVRD: 2, EXPIRED: 3, DELETED: 4, UNDELIV: 5, ACCEPTD: 6, UNKNOWN: 7, REJECTD: 8 };

/**
 * opts: users ({system_id: password} or null to accept anything),
 *       networkLink ('netlink'), enterprise ({system_id: number}, default demo106 -> 1065755501),
 *       receiptDelayMs (20), receiptStat (fn(decoded) -> 'DELIVRD'|... or null for no receipt),
 *       route (true)
 */
class FakeHub extends EventEmitter {
  constructor(opts = {}) {
    super();
    this.users = opts.users === undefined ? DEFAULT_USERS : opts.users;
    this.networkLink = opts.networkLink || 'netlink';
    this.enterprise = opts.enterprise || { demo106: '1065755501' };
    this.receiptDelayMs = opts.receiptDelayMs === undefined ? 20 : opts.receiptDelayMs;
    this.receiptStat = opts.receiptStat || (() => 'DELIVRD');
    this.route = opts.route !== false;
    this.bound = new Map(); // system_id -> {session, type}
    this.submits = [];
    this.nextId = 0x1000;
    this.server = smpp.createServer((s) => this.onSession(s));
  }

  listen(port = 0, host = '127.0.0.1') {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.removeListener('error', reject);
        this.port = this.server.address().port;
        resolve(this.port);
      });
    });
  }

  close() {
    for (const s of this.server.sessions.slice()) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  onSession(session) {
    sess.prepare(session, { handles: ['bind_transmitter', 'bind_receiver', 'bind_transceiver', 'submit_sm'] });
    let me = null;
    const onBind = (type) => (pdu) => {
      if (me) {
        session.send(pdu.response({ command_status: smpp.ESME_RALYBND }));
        return;
      }
      if (this.users && this.users[pdu.system_id] !== pdu.password) {
        session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
        return;
      }
      me = { systemId: pdu.system_id, type, session };
      this.bound.set(pdu.system_id, me);
      session.send(pdu.response({ system_id: 'fakehub' }));
      this.emit('bind', me);
    };
    session.on('bind_transmitter', onBind('transmitter'));
    session.on('bind_receiver', onBind('receiver'));
    session.on('bind_transceiver', onBind('transceiver'));
    session.on('close', () => {
      if (me && this.bound.get(me.systemId) === me) this.bound.delete(me.systemId);
      this.emit('unbound', me);
    });
    session.on('submit_sm', (pdu) => {
      if (!me || me.type === 'receiver') {
        session.send(pdu.response({ command_status: smpp.ESME_RINVBNDSTS }));
        return;
      }
      let d;
      try {
        d = codec.decodeSm(pdu.raw);
      } catch (e) {
        session.send(pdu.response({ command_status: smpp.ESME_RSYSERR }));
        return;
      }
      const id = (this.nextId++).toString(16);
      d.message_id = id;
      d.system_id = me.systemId;
      d.submitted_at = new Date();
      d.pdu = pdu;
      this.submits.push(d);
      session.send(pdu.response({ message_id: id }));
      this.emit('submit', d, me);
      if (this.route) this.forward(me, d);
      if (d.registered_delivery & 0x03) {
        const stat = this.receiptStat(d);
        if (stat) setTimeout(() => this.sendReceipt(me, d, stat), this.receiptDelayMs);
      }
    });
  }

  forward(from, d) {
    let target = null;
    if (from.systemId !== this.networkLink) {
      target = this.networkLink;
    } else {
      for (const [sid, number] of Object.entries(this.enterprise)) {
        if (d.destination_addr.startsWith(number)) target = sid;
      }
      if (!target) target = this.networkLink;
    }
    const f = d.pdu;
    const params = {
      source_addr_ton: f.source_addr_ton, source_addr_npi: f.source_addr_npi, source_addr: d.source_addr,
      dest_addr_ton: f.dest_addr_ton, dest_addr_npi: f.dest_addr_npi, destination_addr: d.destination_addr,
      esm_class: d.esm_class & 0x40, data_coding: d.data_coding,
      short_message: codec.parseSmPdu(f.raw).short_message,
    };
    const tl = codec.parseSmPdu(f.raw).tlvs;
    if (tl.get(codec.TLV.sar_msg_ref_num)) {
      params.sar_msg_ref_num = codec.intValue(tl.get(codec.TLV.sar_msg_ref_num));
      params.sar_total_segments = codec.intValue(tl.get(codec.TLV.sar_total_segments));
      params.sar_segment_seqnum = codec.intValue(tl.get(codec.TLV.sar_segment_seqnum));
    }
    if (tl.get(codec.TLV.message_payload)) params.message_payload = tl.get(codec.TLV.message_payload);
    this.deliver(target, params).catch(() => {});
  }

  sendReceipt(to, d, stat) {
    const now = new Date();
    const text = receiptText(d.message_id, stat, smppDate(d.submitted_at), smppDate(now), d.text.slice(0, 20));
    return this.deliver(to.systemId, {
      source_addr: d.destination_addr,
      destination_addr: d.source_addr,
      esm_class: 0x04,
      data_coding: 0,
      short_message: codec.gsm7Encode(text),
      receipted_message_id: d.message_id,
      message_state: STATE_OF_STAT[stat] || 7,
    }).catch(() => {});
  }

  /** Send a deliver_sm to a bound system_id; resolves with the deliver_sm_resp. */
  deliver(systemId, params, timeoutMs = 5000) {
    const b = this.bound.get(systemId);
    if (!b || b.type === 'transmitter') return Promise.reject(new Error(systemId + ' is not bound for delivery'));
    return sess.request(b.session, 'deliver_sm', Object.assign({ data_coding: 0 }, params), timeoutMs);
  }

  /** Send a text (split like a handset would) to a bound system_id. */
  deliverText(systemId, opts) {
    const split = codec.splitText(opts.text, { dataCoding: opts.dataCoding, mode: opts.mode, refBits: opts.refBits });
    return Promise.all(split.parts.map((p) => {
      const params = {
        source_addr: opts.from, destination_addr: opts.to,
        esm_class: p.udh ? 0x40 : 0, data_coding: split.dataCoding, short_message: p.ud,
      };
      if (opts.mode === 'sar' && p.total > 1) {
        params.sar_msg_ref_num = split.ref;
        params.sar_total_segments = p.total;
        params.sar_segment_seqnum = p.seq;
      }
      return this.deliver(systemId, params);
    }));
  }
}

function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '2775' },
      'any-password': { type: 'boolean', default: false },
    },
  });
  const hub = new FakeHub({ users: values['any-password'] ? null : DEFAULT_USERS });
  const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
  hub.on('bind', (b) => out({ event: 'bind', system_id: b.systemId, type: b.type }));
  hub.on('unbound', (b) => out({ event: 'unbound', system_id: b ? b.systemId : null }));
  hub.on('submit', (d, b) => out({ event: 'submit_sm', system_id: b.systemId, message_id: d.message_id, from: d.source_addr, to: d.destination_addr, text: d.text, concat: d.concat }));
  hub.listen(Number(values.port), values.host).then((port) => out({ event: 'listening', port }), (e) => {
    process.stderr.write('fake-hub: ' + e.message + '\n');
    process.exit(1);
  });
  process.on('SIGINT', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}

if (require.main === module) main();

module.exports = { FakeHub, receiptText };
