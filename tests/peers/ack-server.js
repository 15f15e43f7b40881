#!/usr/bin/env node
'use strict';
// Minimal SMPP server built with the npm `smpp` package: accepts any bind and
// answers every submit_sm at once with a fresh message_id. No storage, no
// routing, no delivery receipts: the ceiling anchor for the load generator.
//
//   node tests/peers/ack-server.js --port 2776 [--host 127.0.0.1]
//
// Prints {"event":"listening","port":N} on stdout once listening (use
// --port 0 for a random port), and a stats line on SIGINT/SIGTERM.

const { parseArgs } = require('node:util');
const sess = require('../../sim/phones/session'); // installs raw capture; status names
const { smpp } = sess;

function createAckServer(opts = {}) {
  const stats = { sessions: 0, binds: 0, submits: 0 };
  let nextId = 0;
  const systemId = opts.systemId || 'ackserver';
  const server = smpp.createServer((session) => {
    stats.sessions++;
    session.socket.setNoDelay(true);
    session.on('error', () => session.destroy());
    let bound = false;
    const onBind = (pdu) => {
      stats.binds++;
      bound = true;
      session.send(pdu.response({ system_id: systemId }));
    };
    session.on('bind_transmitter', onBind);
    session.on('bind_receiver', onBind);
    session.on('bind_transceiver', onBind);
    session.on('submit_sm', (pdu) => {
      if (!bound) {
        session.send(pdu.response({ command_status: smpp.ESME_RINVBNDSTS }));
        return;
      }
      stats.submits++;
      nextId++;
      session.send(pdu.response({ message_id: nextId.toString(16).padStart(8, '0') }));
    });
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => {
      session.send(pdu.response(), () => session.close());
    });
    session.on('pdu', (pdu) => {
      if (pdu.isResponse()) return;
      if (pdu.command === 'unknown') {
        session.send(pdu.response());
        return;
      }
      const handled = ['bind_transmitter', 'bind_receiver', 'bind_transceiver', 'submit_sm', 'enquire_link', 'unbind'];
      if (!handled.includes(pdu.command) && smpp.commands[pdu.command + '_resp']) {
        session.send(pdu.response({ command_status: smpp.ESME_RINVCMDID }));
      }
    });
  });
  server.stats = stats;
  return server;
}

function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '2776' },
      'system-id': { type: 'string', default: 'ackserver' },
    },
  });
  const server = createAckServer({ systemId: values['system-id'] });
  server.on('error', (e) => {
    process.stderr.write('ack-server: ' + e.message + '\n');
    process.exit(1);
  });
  server.listen(Number(values.port), values.host, () => {
    const a = server.address();
    process.stdout.write(JSON.stringify({ event: 'listening', host: a.address, port: a.port }) + '\n');
  });
  const stop = () => {
    process.stdout.write(JSON.stringify(Object.assign({ event: 'stats' }, server.stats)) + '\n');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) main();

module.exports = { createAckServer };
