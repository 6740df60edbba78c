/**
 * Preloaded (`node --require`) into every process of the egress tests and of the whole test run:
 * records each outbound connection attempt and DNS lookup and blocks every one whose target is not
 * loopback (127.0.0.0/8, ::1, localhost). Blocked attempts fail the way a closed network does, so
 * a dependency that phones home gets an error, and the attempt is written as one JSON line to the
 * file named by CPS_EGRESS_LOG for the test to read.
 */
'use strict';
const dgram = require('node:dgram');
const dns = require('node:dns');
const fs = require('node:fs');
const net = require('node:net');

const logFile = process.env.CPS_EGRESS_LOG;

function isLoopback(host) {
  if (host === undefined || host === null || host === '') return true; // Node's default is localhost
  const h = String(host).replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return net.isIPv4(v4) && v4.startsWith('127.');
}

function record(kind, target) {
  const line = JSON.stringify({ kind, target: String(target), pid: process.pid, argv: process.argv.slice(1, 3).join(' ') });
  if (logFile) {
    try {
      fs.appendFileSync(logFile, `${line}\n`);
    } catch {
      /* the log folder is gone: the test that made it has ended */
    }
  }
  process.emitWarning(`egress blocked: ${kind} ${target}`, 'EgressBlocked');
}

const blockedError = (target) =>
  Object.assign(new Error(`connect ECONNREFUSED ${target} (egress blocked: only loopback is allowed)`), { code: 'ECONNREFUSED' });

// TCP and TLS: net.connect, http(s).request, fetch (undici) and database drivers all end here.
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function patchedConnect(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  let host;
  let port;
  if (first !== null && typeof first === 'object') {
    if (first.path) return connect.apply(this, args); // a unix socket is local
    host = first.host;
    port = first.port;
  } else if (typeof first === 'string' && !/^\d+$/.test(first)) {
    return connect.apply(this, args); // a unix socket path
  } else {
    port = first;
    host = typeof args[1] === 'string' ? args[1] : undefined;
  }
  if (isLoopback(host)) return connect.apply(this, args);
  const target = `${host}:${port}`;
  record('tcp', target);
  process.nextTick(() => this.destroy(blockedError(target)));
  return this;
};

// DNS: a name is looked up before anything connects to it (metadata.google.internal, a vendor's host).
function guardLookup(original, kind) {
  return function patchedLookup(hostname, ...rest) {
    if (isLoopback(hostname)) return original.call(this, hostname, ...rest);
    record(kind, hostname);
    const callback = rest.find((a) => typeof a === 'function');
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (egress blocked)`), { code: 'ENOTFOUND', hostname });
    if (callback) process.nextTick(() => callback(error));
    else return Promise.reject(error);
  };
}
dns.lookup = guardLookup(dns.lookup, 'dns');
dns.promises.lookup = guardLookup(dns.promises.lookup, 'dns');
for (const method of ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveTxt', 'resolveSrv']) {
  if (typeof dns[method] === 'function') dns[method] = guardLookup(dns[method], 'dns');
  if (typeof dns.promises[method] === 'function') dns.promises[method] = guardLookup(dns.promises[method], 'dns');
}

// UDP (statsd, OTLP over UDP, DNS by hand).
const send = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function patchedSend(msg, ...rest) {
  const address = rest.find((a, i) => typeof a === 'string' && i > 0) ?? rest.find((a) => typeof a === 'string');
  if (address === undefined || isLoopback(address)) return send.call(this, msg, ...rest);
  record('udp', address);
  const callback = rest.find((a) => typeof a === 'function');
  if (callback) process.nextTick(() => callback(blockedError(address)));
};

module.exports = { isLoopback };
