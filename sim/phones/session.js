'use strict';
// Glue around the npm `smpp` package (0.5.1): promise-based requests that fail
// on close/timeout, automatic answers to enquire_link/unbind, and access to the
// raw bytes of every received PDU so that message text is decoded by codec.js
// rather than by the package's own (lossy) charset handling.

const smpp = require('smpp');
const { errors } = smpp;

// --- raw PDU capture ---------------------------------------------------------
// The package decodes short_message/message_payload in place (GSM for
// data_coding 0 and 1, latin1, UCS-2) and throws the original bytes away. We
// keep them in a non-enumerable `raw` property (the package walks PDUs with
// for..in, so it must stay invisible to it).
if (!smpp.PDU.prototype.__kefuRawCapture) {
  const origFromBuffer = smpp.PDU.prototype.fromBuffer;
  smpp.PDU.prototype.fromBuffer = function fromBufferKeepingRaw(buffer) {
    Object.defineProperty(this, 'raw', { value: buffer, enumerable: false, configurable: true, writable: true });
    return origFromBuffer.call(this, buffer);
  };
  Object.defineProperty(smpp.PDU.prototype, '__kefuRawCapture', { value: true });
}

const STATUS_NAMES = {};
for (const [name, code] of Object.entries(errors)) {
  if (STATUS_NAMES[code] === undefined) STATUS_NAMES[code] = name;
}

/** 'ESME_RINVDSTADR' etc., or hex for unknown codes. */
function statusName(code) {
  if (STATUS_NAMES[code] !== undefined) return STATUS_NAMES[code];
  return '0x' + Number(code >>> 0).toString(16).padStart(8, '0');
}

/**
 * Install kefu's handlers on a session (idempotent):
 * - answers enquire_link, and unbind (then closes);
 * - answers unknown commands with generic_nack;
 * - tracks pending requests and rejects them on close;
 * - never lets an 'error' event go unhandled. On an error the session is
 *   destroyed: the package stops reading after a PDU parse error.
 */
function prepare(session, opts = {}) {
  if (session.kefu) return session.kefu;
  const st = {
    pending: new Map(),
    closed: false,
    lastError: null,
    onUnbind: opts.onUnbind || null,
    // request commands the owner answers itself; others get ESME_RINVCMDID
    handles: new Set(opts.handles || ['deliver_sm']),
  };
  session.kefu = st;
  session.on('error', (err) => {
    st.lastError = err;
    if (session.socket && !session.socket.destroyed) session.destroy();
  });
  session.on('close', () => {
    st.closed = true;
    const err = st.lastError ? new Error('connection closed: ' + st.lastError.message) : new Error('connection closed');
    for (const [seq, p] of st.pending) {
      clearTimeout(p.timer);
      delete session._callbacks[seq];
      p.reject(err);
    }
    st.pending.clear();
  });
  session.on('enquire_link', (pdu) => {
    session.send(pdu.response());
  });
  session.on('unbind', (pdu) => {
    if (st.onUnbind) st.onUnbind(pdu);
    session.send(pdu.response(), () => session.close());
  });
  session.on('pdu', (pdu) => {
    if (pdu.isResponse()) return;
    if (pdu.command === 'unknown') {
      session.send(pdu.response()); // generic_nack ESME_RINVCMDID
      return;
    }
    if (pdu.command === 'enquire_link' || pdu.command === 'unbind' || st.handles.has(pdu.command)) return;
    if (smpp.commands[pdu.command + '_resp']) {
      session.send(pdu.response({ command_status: errors.ESME_RINVCMDID }));
    }
  });
  return st;
}

/**
 * Send a request PDU and resolve with its response PDU (which may carry a
 * non-zero command_status, or be a generic_nack). Rejects when the session is
 * closed, the PDU cannot be encoded, or no response arrives in time.
 */
function request(session, command, params = {}, timeoutMs = 10000) {
  prepare(session);
  const st = session.kefu;
  return new Promise((resolve, reject) => {
    if (st.closed || !session.socket || !session.socket.writable) {
      reject(new Error('not connected'));
      return;
    }
    let pdu;
    try {
      pdu = new smpp.PDU(command, params);
    } catch (e) {
      reject(e);
      return;
    }
    let seq = 0;
    const entry = { resolve, reject, timer: null };
    const onResp = (resp) => {
      const p = st.pending.get(seq);
      if (!p) return;
      clearTimeout(p.timer);
      st.pending.delete(seq);
      resolve(resp);
    };
    let sent;
    try {
      sent = session.send(pdu, onResp);
    } catch (e) {
      // toBuffer() failed (e.g. short_message longer than 255 octets)
      if (pdu.sequence_number) delete session._callbacks[pdu.sequence_number];
      reject(e);
      return;
    }
    if (!sent) {
      reject(new Error('not connected'));
      return;
    }
    seq = pdu.sequence_number;
    entry.timer = setTimeout(() => {
      st.pending.delete(seq);
      delete session._callbacks[seq];
      reject(new Error(command + ' timed out after ' + timeoutMs + ' ms'));
    }, timeoutMs);
    st.pending.set(seq, entry);
  });
}

/** Open a TCP connection; resolves with a prepared smpp.Session. */
function connect(opts = {}) {
  const host = opts.host || '127.0.0.1';
  const port = Number(opts.port || 2775);
  const timeoutMs = opts.timeoutMs || 5000;
  return new Promise((resolve, reject) => {
    const session = smpp.connect({ host, port });
    prepare(session, opts);
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      session.destroy();
      reject(new Error('connect to ' + host + ':' + port + ' timed out'));
    }, timeoutMs);
    session.once('connect', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      session.socket.setNoDelay(true);
      resolve(session);
    });
    session.on('error', (err) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(err);
    });
    session.on('close', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error('connection to ' + host + ':' + port + ' closed'));
    });
  });
}

/**
 * bind_transmitter / bind_receiver / bind_transceiver. Resolves with the
 * response PDU whatever its command_status. interface_version defaults to
 * 0x34 (the package would send 0x50).
 */
function bind(session, type, systemId, password, extra = {}, timeoutMs = 10000) {
  const t = String(type || 'transceiver').replace(/^bind_/, '');
  if (!['transmitter', 'receiver', 'transceiver'].includes(t)) {
    return Promise.reject(new Error('bad bind type: ' + type));
  }
  const params = Object.assign({
    system_id: systemId || '',
    password: password || '',
    system_type: '',
    interface_version: 0x34,
    addr_ton: 0,
    addr_npi: 0,
    address_range: '',
  }, extra);
  return request(session, 'bind_' + t, params, timeoutMs);
}

/** Send unbind and wait (bounded) for unbind_resp, then close. Never rejects. */
async function unbind(session, timeoutMs = 2000) {
  let resp = null;
  try {
    resp = await request(session, 'unbind', {}, timeoutMs);
  } catch (e) {
    resp = null;
  }
  await closeSession(session, 1000);
  return resp;
}

/** Close (FIN) and wait for 'close'; destroy if it takes too long. */
function closeSession(session, timeoutMs = 1000) {
  return new Promise((resolve) => {
    if (!session.socket || session.socket.destroyed || (session.kefu && session.kefu.closed)) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      session.destroy();
    }, timeoutMs);
    session.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    session.close();
  });
}

module.exports = { smpp, errors, statusName, prepare, request, connect, bind, unbind, closeSession };
