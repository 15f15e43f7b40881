'use strict';
// State of the simulated subscriber network: one inbox/outbox per demo handset,
// an "other numbers" list for traffic to non-demo subscribers, reassembly of
// long messages and matching of delivery receipts to sent messages.
// Pure (no I/O), so it can be unit tested.

const codec = require('./codec');

const STATUS_TEXT = {
  sending: '发送中',
  submitted: '已提交',
  delivered: '已送达',
  failed: '失败',
  expired: '已过期',
};

class PhoneNetwork {
  constructor(opts = {}) {
    this.numbers = (opts.numbers || []).map(String);
    this.maxMessages = opts.maxMessages || 200;
    this.phones = new Map();
    for (const n of this.numbers) this.phones.set(n, { number: n, inbox: [], outbox: [] });
    this.others = [];
    this.reassembler = new codec.Reassembler({ timeoutMs: opts.reassemblyTimeoutMs || 10 * 60 * 1000 });
    this.byMessageId = new Map(); // hub message_id -> outbox entry
    this.unmatchedReceipts = new Map(); // receipts that arrived before we knew the id
    this.nextId = 1;
    this.stats = { received: 0, receipts: 0, unmatched_receipts: 0, sent: 0 };
  }

  isDemo(number) {
    return this.phones.has(String(number));
  }

  /**
   * Handle one decoded deliver_sm (codec.decodeSm output).
   * Returns {kind:'receipt'|'message'|'part', entry?}.
   */
  onDeliver(d, now = Date.now()) {
    if (d.is_receipt) {
      this.stats.receipts++;
      const entry = this.applyReceipt(d.receipt_id, d.receipt_state, now);
      return { kind: 'receipt', entry };
    }
    const done = this.reassembler.add(d, now);
    if (!done) return { kind: 'part' };
    return { kind: 'message', entry: this.store(done, now) };
  }

  /** Flush long messages whose parts did not all arrive in time. */
  expireParts(now = Date.now()) {
    return this.reassembler.expire(now).map((m) => this.store(m, now));
  }

  store(m, now) {
    this.stats.received++;
    const rec = {
      id: this.nextId++,
      from: m.source_addr,
      to: m.destination_addr,
      text: m.text,
      parts: m.parts,
      received_at: new Date(now).toISOString(),
      data_coding: m.data_coding,
    };
    if (m.incomplete) {
      rec.incomplete = true;
      rec.received_parts = m.received_parts;
    }
    const phone = this.phones.get(String(m.destination_addr));
    const list = phone ? phone.inbox : this.others;
    list.unshift(rec);
    if (list.length > this.maxMessages) list.length = this.maxMessages;
    return rec;
  }

  /** Record a message a handset is sending; returns the outbox entry. */
  addOutgoing(from, to, text, parts, now = Date.now()) {
    const phone = this.phones.get(String(from));
    if (!phone) throw new Error('not a demo handset: ' + from);
    const entry = {
      id: this.nextId++,
      to: String(to),
      text: String(text),
      parts,
      message_ids: new Array(parts).fill(null),
      part_states: new Array(parts).fill(null),
      state: 'sending',
      status: STATUS_TEXT.sending,
      error: null,
      sent_at: new Date(now).toISOString(),
      updated_at: new Date(now).toISOString(),
    };
    phone.outbox.unshift(entry);
    if (phone.outbox.length > this.maxMessages) {
      for (const old of phone.outbox.splice(this.maxMessages)) {
        for (const id of old.message_ids) if (id) this.byMessageId.delete(id);
      }
    }
    this.stats.sent++;
    return entry;
  }

  /** Record the submit_sm_resp of part `index` (0-based). */
  onSubmitResp(entry, index, status, messageId, errorText, now = Date.now()) {
    entry.updated_at = new Date(now).toISOString();
    if (status !== 0) {
      entry.part_states[index] = 'failed';
      this.setState(entry, 'failed');
      entry.error = errorText || 'command_status ' + status;
      return;
    }
    const id = messageId ? String(messageId) : null;
    entry.message_ids[index] = id;
    entry.part_states[index] = 'submitted';
    if (id) {
      this.byMessageId.set(id, entry);
      const early = this.unmatchedReceipts.get(id);
      if (early) {
        this.unmatchedReceipts.delete(id);
        this.applyReceipt(id, early.state, early.at);
      }
    }
    if (entry.state === 'sending' && entry.part_states.every((s) => s !== null)) {
      this.setState(entry, this.summarize(entry));
    }
  }

  /** Record a failure for the whole message (e.g. not connected, timeout). */
  onSubmitError(entry, errorText, now = Date.now()) {
    entry.updated_at = new Date(now).toISOString();
    entry.error = errorText;
    for (let i = 0; i < entry.part_states.length; i++) {
      if (entry.part_states[i] === null) entry.part_states[i] = 'failed';
    }
    this.setState(entry, 'failed');
  }

  /** Apply a delivery receipt; returns the matched outbox entry or null. */
  applyReceipt(id, state, now = Date.now()) {
    if (!id) return null;
    let entry = this.byMessageId.get(String(id));
    let key = String(id);
    if (!entry) {
      // tolerate case differences (hex ids) and leading zeros (decimal ids)
      for (const [mid, e] of this.byMessageId) {
        if (mid.toLowerCase() === key.toLowerCase() || stripZeros(mid) === stripZeros(key)) {
          entry = e;
          key = mid;
          break;
        }
      }
    }
    if (!entry) {
      this.stats.unmatched_receipts++;
      this.unmatchedReceipts.set(key, { state, at: now });
      while (this.unmatchedReceipts.size > 500) {
        this.unmatchedReceipts.delete(this.unmatchedReceipts.keys().next().value);
      }
      return null;
    }
    const outcome = codec.receiptOutcome(state);
    if (!outcome) return entry; // intermediate (ENROUTE/ACCEPTED): nothing to show
    const idx = entry.message_ids.indexOf(key);
    if (idx >= 0) entry.part_states[idx] = outcome;
    entry.updated_at = new Date(now).toISOString();
    this.setState(entry, this.summarize(entry));
    return entry;
  }

  /**
   * Overall state of a (possibly multi-part) message: a failure or expiry of
   * any part wins, then 'delivered' once any part is delivered (hubs may send
   * one receipt per part or one per message), else 'submitted'.
   */
  summarize(entry) {
    const s = entry.part_states;
    if (s.includes('failed')) return 'failed';
    if (s.includes('expired')) return 'expired';
    if (s.includes('delivered')) return 'delivered';
    if (s.includes(null)) return 'sending';
    return 'submitted';
  }

  setState(entry, state) {
    entry.state = state;
    entry.status = STATUS_TEXT[state] || state;
  }

  /** JSON for GET /api/phones. */
  snapshot(connected) {
    return {
      connected: !!connected,
      phones: [...this.phones.values()].map((p) => ({
        number: p.number,
        inbox: p.inbox,
        outbox: p.outbox.map(outboxView),
      })),
      others: this.others,
      stats: this.stats,
    };
  }
}

function outboxView(e) {
  return {
    id: e.id,
    to: e.to,
    text: e.text,
    parts: e.parts,
    message_ids: e.message_ids.filter((x) => x !== null),
    status: e.status,
    state: e.state,
    part_states: e.part_states,
    error: e.error,
    sent_at: e.sent_at,
    updated_at: e.updated_at,
  };
}

function stripZeros(s) {
  return /^\d+$/.test(s) ? s.replace(/^0+(?=\d)/, '') : s;
}

module.exports = { PhoneNetwork, STATUS_TEXT };
