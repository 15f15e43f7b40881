'use strict';
// Pure SMS/SMPP helpers shared by the handset simulator and the test peers.
// No I/O and no dependency on the `smpp` package: everything here works on
// raw Buffers so that the bytes on the wire are fully under our control.
//
// Conventions (SMPP 3.4):
//   data_coding 0 = GSM 03.38 default alphabet, one septet per octet (unpacked)
//   data_coding 1 = IA5 / ASCII, 3 = Latin-1, 8 = UCS-2 (UTF-16BE), 2/4 = binary
//   esm_class 0x40 = UDHI (user data starts with a UDH)
//   esm_class bits 5..2 = 0001 (0x04) = MC delivery receipt

// ---------------------------------------------------------------------------
// GSM 03.38

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ' +
  ' !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmnopqrstuvwxyzäöñüà';
if (GSM_BASIC.length !== 128) throw new Error('GSM basic table must have 128 entries');

const GSM_EXT = {
  0x0a: '\f', 0x14: '^', 0x28: '{', 0x29: '}', 0x2f: '\\',
  0x3c: '[', 0x3d: '~', 0x3e: ']', 0x40: '|', 0x65: '€',
};
const GSM_ESC = 0x1b;

const GSM_ENC = new Map(); // char -> septet
const GSM_EXT_ENC = new Map(); // char -> septet following ESC
for (let i = 0; i < 128; i++) {
  if (i !== GSM_ESC) GSM_ENC.set(GSM_BASIC[i], i);
}
for (const [code, ch] of Object.entries(GSM_EXT)) GSM_EXT_ENC.set(ch, Number(code));

/** True when every character of `text` is in the GSM 03.38 basic or extension table. */
function isGsm7(text) {
  for (const ch of String(text)) {
    if (!GSM_ENC.has(ch) && !GSM_EXT_ENC.has(ch)) return false;
  }
  return true;
}

/** Number of septets `text` takes in GSM 03.38 (extension characters count 2). */
function gsm7Length(text) {
  let n = 0;
  for (const ch of String(text)) n += GSM_EXT_ENC.has(ch) ? 2 : 1;
  return n;
}

/** Per-character septet sequences; characters outside the alphabet become '?'. */
function gsm7Units(text) {
  const units = [];
  for (const ch of String(text)) {
    if (GSM_ENC.has(ch)) units.push([GSM_ENC.get(ch)]);
    else if (GSM_EXT_ENC.has(ch)) units.push([GSM_ESC, GSM_EXT_ENC.get(ch)]);
    else units.push([0x3f]);
  }
  return units;
}

/** Encode to unpacked GSM 03.38 (one septet per octet, as SMPP carries it). */
function gsm7Encode(text) {
  const out = [];
  for (const u of gsm7Units(text)) out.push(...u);
  return Buffer.from(out);
}

/** Decode unpacked GSM 03.38. Octets >= 0x80 are not GSM: shown as U+FFFD. */
function gsm7Decode(buf) {
  let s = '';
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b > 0x7f) {
      s += '\ufffd';
    } else if (b === GSM_ESC) {
      const n = buf[i + 1];
      if (n === undefined) break; // dangling escape at the end
      i++;
      if (GSM_EXT[n] !== undefined) s += GSM_EXT[n];
      else if (n === GSM_ESC) s += ' '; // ESC ESC: reserved, show a space
      else s += n > 0x7f ? '\ufffd' : GSM_BASIC[n]; // spec: fall back to the basic table
    } else {
      s += GSM_BASIC[b];
    }
  }
  return s;
}

// ---------------------------------------------------------------------------
// UCS-2 / UTF-16BE, ASCII, Latin-1

/** UTF-16BE; characters outside the BMP become surrogate pairs. */
function ucs2Encode(text) {
  return Buffer.from(String(text), 'utf16le').swap16();
}

/** UTF-16BE decode; a trailing odd octet is ignored. */
function ucs2Decode(buf) {
  const even = buf.length & ~1;
  const copy = Buffer.from(buf.subarray(0, even));
  return copy.swap16().toString('utf16le');
}

function latin1Encode(text) {
  const out = [];
  for (const ch of String(text)) {
    const c = ch.codePointAt(0);
    out.push(c <= 0xff ? c : 0x3f);
  }
  return Buffer.from(out);
}

function asciiEncode(text) {
  const out = [];
  for (const ch of String(text)) {
    const c = ch.codePointAt(0);
    out.push(c <= 0x7f ? c : 0x3f);
  }
  return Buffer.from(out);
}

/**
 * Alphabet for an SMPP data_coding value: 'gsm7' | 'ascii' | 'latin1' | 'ucs2' | 'binary'.
 * 0x00-0x0F follow SMPP 3.4 section 5.2.19; higher values follow GSM 03.38 DCS groups.
 */
function alphabetOf(dc) {
  dc = Number(dc) & 0xff;
  if (dc <= 0x0f) {
    switch (dc) {
      case 0x00: return 'gsm7';
      case 0x01: return 'ascii';
      case 0x08: return 'ucs2';
      case 0x02: case 0x04: return 'binary';
      default: return 'latin1'; // 3 Latin-1; 5,6,7,9,10,13,14: best effort
    }
  }
  if (dc < 0x40) { // GSM 03.38 general data coding group
    if (dc & 0x20) return 'binary'; // compressed
    return ['gsm7', 'binary', 'ucs2', 'gsm7'][(dc >> 2) & 3];
  }
  if (dc >= 0xf0) return dc & 0x04 ? 'binary' : 'gsm7';
  if (dc >= 0xe0) return 'ucs2'; // message waiting, UCS-2
  if (dc >= 0xc0) return 'gsm7'; // message waiting, default alphabet
  return 'binary';
}

/** Decode user data (without UDH) to a JS string for display. */
function decodeText(buf, dc) {
  buf = buf || Buffer.alloc(0);
  switch (alphabetOf(dc)) {
    case 'gsm7': return gsm7Decode(buf);
    case 'ascii': return buf.toString('latin1').replace(/[\x80-\xff]/g, '\ufffd');
    case 'latin1': return buf.toString('latin1');
    case 'ucs2': return ucs2Decode(buf);
    default: return '[binary ' + buf.toString('hex') + ']';
  }
}

/** Encode text for a data_coding value (0, 1, 3 or 8). */
function encodeText(text, dc) {
  switch (Number(dc)) {
    case 0: return gsm7Encode(text);
    case 1: return asciiEncode(text);
    case 3: return latin1Encode(text);
    case 8: return ucs2Encode(text);
    default: throw new Error('cannot encode text with data_coding ' + dc);
  }
}

/** The data_coding a handset would pick: GSM 03.38 when possible, else UCS-2. */
function chooseDataCoding(text) {
  return isGsm7(text) ? 0 : 8;
}

// ---------------------------------------------------------------------------
// UDH (concatenation) and splitting

/**
 * Parse a UDH at the start of `ud`. Returns null when it is malformed, else
 * {length, ies:[{iei, data}], concat:{kind, ref, total, seq}|null} where
 * `length` counts the UDHL octet too.
 */
function parseUdh(ud) {
  if (!ud || ud.length < 1) return null;
  const udhl = ud[0];
  const length = udhl + 1;
  if (length > ud.length) return null;
  const ies = [];
  let concat = null;
  let off = 1;
  while (off < length) {
    if (off + 2 > length) return null;
    const iei = ud[off];
    const len = ud[off + 1];
    if (off + 2 + len > length) return null;
    const data = ud.subarray(off + 2, off + 2 + len);
    ies.push({ iei, data });
    if (iei === 0x00 && len === 3) {
      concat = { kind: 'udh8', ref: data[0], total: data[1], seq: data[2] };
    } else if (iei === 0x08 && len === 4) {
      concat = { kind: 'udh16', ref: data.readUInt16BE(0), total: data[2], seq: data[3] };
    }
    off += 2 + len;
  }
  return { length, ies, concat };
}

/** Concatenation UDH: 8-bit reference (IEI 0x00) or 16-bit reference (IEI 0x08). */
function concatUdh(ref, total, seq, refBits = 8) {
  if (refBits === 16) {
    return Buffer.from([0x06, 0x08, 0x04, (ref >> 8) & 0xff, ref & 0xff, total, seq]);
  }
  return Buffer.from([0x05, 0x00, 0x03, ref & 0xff, total, seq]);
}

let nextRef = Math.floor(Math.random() * 0xffff);
/** A fresh concatenation reference (wraps at 8 or 16 bits). */
function newRef(refBits = 8) {
  nextRef = (nextRef + 1) & 0xffff;
  return refBits === 16 ? nextRef : nextRef & 0xff;
}

/**
 * Capacity of one SMS for a data_coding: {single, multi} in the unit used by
 * splitText (septets for GSM, UTF-16 code units for UCS-2, octets otherwise).
 */
function capacity(dc, udhOctets) {
  const bits = 140 * 8;
  if (Number(dc) === 0) {
    return { single: 160, multi: Math.floor((bits - udhOctets * 8) / 7) };
  }
  if (Number(dc) === 8) return { single: 70, multi: Math.floor((140 - udhOctets) / 2) };
  return { single: 140, multi: 140 - udhOctets };
}

/**
 * Split `text` into SMS parts.
 * options: dataCoding (default: GSM 03.38 if possible else UCS-2),
 *          mode 'udh' (default) | 'sar' (no UDH; caller sends SAR TLVs),
 *          refBits 8 | 16, ref.
 * Returns {dataCoding, ref, refBits, mode, parts:[{seq, total, udh|null, body, ud}]}
 * where `ud` is the complete short_message (UDH + body).
 */
function splitText(text, options = {}) {
  text = String(text);
  const dc = options.dataCoding === undefined || options.dataCoding === null
    ? chooseDataCoding(text) : Number(options.dataCoding);
  const mode = options.mode || 'udh';
  const refBits = options.refBits === 16 ? 16 : 8;
  const udhOctets = refBits === 16 ? 7 : 6;
  const cap = capacity(dc, udhOctets);

  // Units that must not be split: GSM escape pairs, UTF-16 surrogate pairs.
  let units;
  if (dc === 0) {
    units = gsm7Units(text).map((u) => Buffer.from(u));
  } else if (dc === 8) {
    units = [];
    for (const ch of text) units.push(ucs2Encode(ch)); // a pair stays together
  } else {
    units = [];
    for (const ch of text) units.push(encodeText(ch, dc));
  }
  const unitSize = (u) => (dc === 8 ? u.length / 2 : u.length);
  const total = units.reduce((n, u) => n + unitSize(u), 0);

  if (total <= cap.single) {
    const body = Buffer.concat(units);
    return { dataCoding: dc, ref: null, refBits, mode, parts: [{ seq: 1, total: 1, udh: null, body, ud: body }] };
  }
  const chunks = [];
  let cur = [];
  let curSize = 0;
  for (const u of units) {
    const s = unitSize(u);
    if (curSize + s > cap.multi) {
      chunks.push(Buffer.concat(cur));
      cur = [];
      curSize = 0;
    }
    cur.push(u);
    curSize += s;
  }
  if (cur.length) chunks.push(Buffer.concat(cur));
  if (chunks.length > 255) throw new Error('text too long: ' + chunks.length + ' parts (max 255)');
  const ref = options.ref !== undefined && options.ref !== null ? Number(options.ref) : newRef(refBits);
  const parts = chunks.map((body, i) => {
    const udh = mode === 'udh' ? concatUdh(ref, chunks.length, i + 1, refBits) : null;
    return { seq: i + 1, total: chunks.length, udh, body, ud: udh ? Buffer.concat([udh, body]) : body };
  });
  return { dataCoding: dc, ref, refBits, mode, parts };
}

/** How many SMS `text` needs and in which encoding (for UI counters). */
function smsInfo(text) {
  const s = splitText(text);
  return { dataCoding: s.dataCoding, encoding: s.dataCoding === 0 ? 'GSM7' : 'UCS-2', parts: s.parts.length };
}

// ---------------------------------------------------------------------------
// Raw PDU parsing (deliver_sm / submit_sm / data of any PDU header)

const CMD = {
  generic_nack: 0x80000000,
  bind_receiver: 0x00000001, bind_receiver_resp: 0x80000001,
  bind_transmitter: 0x00000002, bind_transmitter_resp: 0x80000002,
  submit_sm: 0x00000004, submit_sm_resp: 0x80000004,
  deliver_sm: 0x00000005, deliver_sm_resp: 0x80000005,
  unbind: 0x00000006, unbind_resp: 0x80000006,
  bind_transceiver: 0x00000009, bind_transceiver_resp: 0x80000009,
  enquire_link: 0x00000015, enquire_link_resp: 0x80000015,
};

const TLV = {
  receipted_message_id: 0x001e,
  sar_msg_ref_num: 0x020c,
  sar_total_segments: 0x020e,
  sar_segment_seqnum: 0x020f,
  network_error_code: 0x0423,
  message_payload: 0x0424,
  message_state: 0x0427,
};

class Reader {
  constructor(buf, off, end) {
    this.buf = buf;
    this.off = off;
    this.end = end;
  }
  need(n) {
    if (this.off + n > this.end) throw new Error('PDU truncated at offset ' + this.off);
  }
  u8() {
    this.need(1);
    return this.buf[this.off++];
  }
  u16() {
    this.need(2);
    const v = this.buf.readUInt16BE(this.off);
    this.off += 2;
    return v;
  }
  cstr(max) {
    const start = this.off;
    let i = start;
    while (i < this.end && this.buf[i] !== 0) i++;
    if (i >= this.end) throw new Error('unterminated C-Octet String at offset ' + start);
    if (max && i - start > max) throw new Error('C-Octet String too long at offset ' + start);
    this.off = i + 1;
    return this.buf.toString('latin1', start, i);
  }
  bytes(n) {
    this.need(n);
    const v = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return v;
  }
}

/** PDU header of a raw buffer. */
function parseHeader(buf) {
  if (!buf || buf.length < 16) throw new Error('PDU shorter than its header');
  return {
    command_length: buf.readUInt32BE(0),
    command_id: buf.readUInt32BE(4),
    command_status: buf.readUInt32BE(8),
    sequence_number: buf.readUInt32BE(12),
  };
}

/** Parse TLVs from offset to end: Map(tag -> Buffer) (first occurrence) plus the list. */
function parseTlvs(buf, off, end) {
  const map = new Map();
  const list = [];
  while (off < end) {
    if (off + 4 > end) throw new Error('truncated TLV header at offset ' + off);
    const tag = buf.readUInt16BE(off);
    const len = buf.readUInt16BE(off + 2);
    if (off + 4 + len > end) throw new Error('TLV 0x' + tag.toString(16) + ' overruns the PDU');
    const value = buf.subarray(off + 4, off + 4 + len);
    if (!map.has(tag)) map.set(tag, value);
    list.push({ tag, value });
    off += 4 + len;
  }
  return { map, list };
}

/**
 * Parse a raw submit_sm or deliver_sm PDU (header included) into its fields.
 * Throws on malformed input.
 */
function parseSmPdu(buf) {
  const h = parseHeader(buf);
  const end = Math.min(h.command_length, buf.length);
  const r = new Reader(buf, 16, end);
  const f = Object.assign({}, h);
  f.service_type = r.cstr(6);
  f.source_addr_ton = r.u8();
  f.source_addr_npi = r.u8();
  f.source_addr = r.cstr(65);
  f.dest_addr_ton = r.u8();
  f.dest_addr_npi = r.u8();
  f.destination_addr = r.cstr(65);
  f.esm_class = r.u8();
  f.protocol_id = r.u8();
  f.priority_flag = r.u8();
  f.schedule_delivery_time = r.cstr(17);
  f.validity_period = r.cstr(17);
  f.registered_delivery = r.u8();
  f.replace_if_present_flag = r.u8();
  f.data_coding = r.u8();
  f.sm_default_msg_id = r.u8();
  const smLength = r.u8();
  f.short_message = r.bytes(smLength);
  const t = parseTlvs(buf, r.off, end);
  f.tlvs = t.map;
  f.tlv_list = t.list;
  return f;
}

function cstrValue(b) {
  if (!b) return null;
  const z = b.indexOf(0);
  return b.toString('latin1', 0, z < 0 ? b.length : z);
}

function intValue(b) {
  if (!b || b.length === 0) return null;
  return b.length === 1 ? b[0] : b.length === 2 ? b.readUInt16BE(0) : b.readUInt32BE(0);
}

const MESSAGE_STATE_NAMES = {
  0: 'SCHEDULED', 1: 'ENROUTE', 2: 'DELIVERED', 3: 'EXPIRED', 4: 'DELETED',
  5: 'UNDELIVERABLE', 6: 'ACCEPTED', 7: 'UNKNOWN', 8: 'REJECTED', 9: 'SKIPPED',
};
// Appendix B "stat:" values -> message_state
const STAT_TO_STATE = {
  SCHEDUL: 0, ENROUTE: 1, DELIVRD: 2, EXPIRED: 3, DELETED: 4,
  UNDELIV: 5, ACCEPTD: 6, UNKNOWN: 7, REJECTD: 8, SKIPPED: 9,
};

/** Parse the SMPP 3.4 Appendix B receipt text. Returns null if it has no id: field. */
function parseReceiptText(text) {
  if (typeof text !== 'string') return null;
  const m = /(?:^|\s)id:(\S+)/i.exec(text);
  if (!m) return null;
  const get = (re) => {
    const x = re.exec(text);
    return x ? x[1] : null;
  };
  return {
    id: m[1],
    sub: get(/\bsub:(\S+)/i),
    dlvrd: get(/\bdlvrd:(\S+)/i),
    submit_date: get(/\bsubmit date:(\d+)/i),
    done_date: get(/\bdone date:(\d+)/i),
    stat: get(/\bstat:(\S+)/i),
    err: get(/\berr:(\S+)/i),
    text: get(/\btext:([\s\S]*)$/i),
  };
}

/** 'delivered' | 'expired' | 'failed' | null (not final) for a message_state. */
function receiptOutcome(state) {
  switch (state) {
    case 2: return 'delivered';
    case 3: return 'expired';
    case 4: case 5: case 7: case 8: return 'failed';
    default: return null; // 0 scheduled, 1 enroute, 6 accepted, 9 skipped, unknown
  }
}

/**
 * Decode a raw submit_sm/deliver_sm into a display-friendly object:
 * addresses, esm_class, data_coding, UDH/SAR concatenation info, the text of
 * this part, and receipt fields (receipted_message_id, message_state, stat).
 */
function decodeSm(raw) {
  const f = parseSmPdu(raw);
  const payload = f.tlvs.get(TLV.message_payload);
  const ud = f.short_message.length === 0 && payload ? payload : f.short_message;
  let udh = null;
  let body = ud;
  if (f.esm_class & 0x40) {
    udh = parseUdh(ud);
    if (udh) body = ud.subarray(udh.length);
  }
  let concat = udh && udh.concat ? Object.assign({}, udh.concat) : null;
  const sarRef = f.tlvs.get(TLV.sar_msg_ref_num);
  const sarTotal = f.tlvs.get(TLV.sar_total_segments);
  const sarSeq = f.tlvs.get(TLV.sar_segment_seqnum);
  if (!concat && sarRef && sarTotal && sarSeq) {
    concat = { kind: 'sar', ref: intValue(sarRef), total: intValue(sarTotal), seq: intValue(sarSeq) };
  }
  if (concat && (concat.total < 2 || concat.seq < 1 || concat.seq > concat.total)) concat = null;
  const text = decodeText(body, f.data_coding);
  const type = f.esm_class & 0x3c;
  const receiptedId = cstrValue(f.tlvs.get(TLV.receipted_message_id));
  const stateTlv = intValue(f.tlvs.get(TLV.message_state));
  const isReceipt = type === 0x04 || type === 0x20 || (receiptedId !== null && stateTlv !== null);
  const out = {
    command_id: f.command_id,
    sequence_number: f.sequence_number,
    service_type: f.service_type,
    source_addr: f.source_addr,
    source_addr_ton: f.source_addr_ton,
    source_addr_npi: f.source_addr_npi,
    destination_addr: f.destination_addr,
    dest_addr_ton: f.dest_addr_ton,
    dest_addr_npi: f.dest_addr_npi,
    esm_class: f.esm_class,
    protocol_id: f.protocol_id,
    registered_delivery: f.registered_delivery,
    data_coding: f.data_coding,
    udh: udh ? udh.ies.map((ie) => ({ iei: ie.iei, data: ie.data.toString('hex') })) : null,
    concat,
    body,
    text,
    is_receipt: isReceipt,
    receipted_message_id: receiptedId,
    message_state: stateTlv,
    tlvs: f.tlv_list.map((t) => ({ tag: t.tag, value: t.value.toString('hex') })),
  };
  if (isReceipt) {
    const rt = parseReceiptText(text);
    out.receipt = rt;
    out.receipt_id = receiptedId || (rt ? rt.id : null);
    let state = stateTlv;
    if (state === null && rt && rt.stat) {
      const s = STAT_TO_STATE[rt.stat.toUpperCase()];
      state = s === undefined ? null : s;
    }
    out.receipt_state = state;
    out.receipt_state_name = state === null ? (rt && rt.stat) || null : MESSAGE_STATE_NAMES[state] || String(state);
    out.receipt_outcome = receiptOutcome(state);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Reassembly of concatenated messages

class Reassembler {
  /**
   * @param {object} opts timeoutMs: drop incomplete messages after this long;
   *                      maxPending: bound on incomplete messages kept.
   */
  constructor(opts = {}) {
    this.timeoutMs = opts.timeoutMs || 10 * 60 * 1000;
    this.maxPending = opts.maxPending || 1000;
    this.pending = new Map();
  }

  /**
   * Add one decoded part ({source_addr, destination_addr, concat, body, data_coding}).
   * Returns null while parts are missing, else
   * {source_addr, destination_addr, text, parts, data_coding, kind, ref}.
   */
  add(part, now = Date.now()) {
    const c = part.concat;
    if (!c) {
      return {
        source_addr: part.source_addr, destination_addr: part.destination_addr,
        text: decodeText(part.body, part.data_coding), parts: 1, data_coding: part.data_coding,
        kind: null, ref: null, first: part,
      };
    }
    const key = [part.source_addr, part.destination_addr, c.kind, c.ref, c.total].join('|');
    let a = this.pending.get(key);
    if (!a) {
      while (this.pending.size >= this.maxPending) {
        this.pending.delete(this.pending.keys().next().value);
      }
      a = { key, total: c.total, kind: c.kind, ref: c.ref, bodies: new Array(c.total), dcs: new Array(c.total), got: 0, started: now, first: part };
      this.pending.set(key, a);
    }
    if (!a.bodies[c.seq - 1]) a.got++;
    a.bodies[c.seq - 1] = Buffer.from(part.body);
    a.dcs[c.seq - 1] = part.data_coding;
    if (c.seq === 1) a.first = part;
    if (a.got < a.total) return null;
    this.pending.delete(key);
    return {
      source_addr: part.source_addr, destination_addr: part.destination_addr,
      text: joinParts(a.bodies, a.dcs), parts: a.total, data_coding: a.dcs[0],
      kind: a.kind, ref: a.ref, first: a.first,
    };
  }

  /** Remove and return incomplete messages older than the timeout. */
  expire(now = Date.now()) {
    const out = [];
    for (const [key, a] of this.pending) {
      if (now - a.started < this.timeoutMs) continue;
      this.pending.delete(key);
      const bodies = [];
      const dcs = [];
      for (let i = 0; i < a.total; i++) {
        if (a.bodies[i]) {
          bodies.push(a.bodies[i]);
          dcs.push(a.dcs[i]);
        }
      }
      out.push({
        source_addr: a.first.source_addr, destination_addr: a.first.destination_addr,
        text: joinParts(bodies, dcs), parts: a.total, received_parts: a.got,
        data_coding: dcs[0], kind: a.kind, ref: a.ref, incomplete: true, first: a.first,
      });
    }
    return out;
  }
}

function joinParts(bodies, dcs) {
  const same = dcs.every((d) => d === dcs[0]);
  if (same) return decodeText(Buffer.concat(bodies), dcs[0]);
  return bodies.map((b, i) => decodeText(b, dcs[i])).join('');
}

module.exports = {
  GSM_BASIC, GSM_EXT, isGsm7, gsm7Length, gsm7Encode, gsm7Decode,
  ucs2Encode, ucs2Decode, latin1Encode, asciiEncode,
  alphabetOf, decodeText, encodeText, chooseDataCoding,
  parseUdh, concatUdh, newRef, capacity, splitText, smsInfo,
  CMD, TLV, parseHeader, parseTlvs, parseSmPdu, cstrValue, intValue,
  MESSAGE_STATE_NAMES, STAT_TO_STATE, parseReceiptText, receiptOutcome,
  decodeSm, Reassembler,
};
