/* global module, performance, Buffer */
/**
 * Flowbench trace plugin for Node-RED (3.x, 4.x).
 *
 * Node-RED tells the editor nothing about a message's path: debug output and node status only. This plugin
 * adds it. It listens on the runtime's message hooks and publishes one small event per hook on the editor's
 * websocket (`/comms`, topic `flowbench/trace`), which Flowbench turns into a live run trace:
 *
 *   receive   a node is about to handle a message        (RED.hooks onReceive)
 *   send      a node sent a message out of output `port` (RED.hooks onSend, one per wire)
 *   complete  the node called done(), with its error      (RED.hooks onComplete)
 *
 * Every event carries the message id (`_msgid`), the node id, its tab (`z`; inside a subflow instance the
 * instance's id, with `alias` = the node's id in the subflow template), a wall-clock time in
 * fractional milliseconds and, for receive/send, a size-capped copy of the message. Nothing else changes:
 * the hooks only look, never modify or stop a message.
 *
 * Settings (optional, in settings.js): `flowbenchTrace: { maxMessageBytes: 8192, maxDepth: 6 }`.
 */
const TOPIC = 'flowbench/trace';
const HOOK_SUFFIX = '.flowbench-trace';
const PROTOCOL_VERSION = 1;

module.exports = function (RED) {
  const options = readOptions(RED);
  const now = () => performance.timeOrigin + performance.now();
  const publish = (event) => {
    try {
      RED.comms.publish(TOPIC, event, false);
    } catch {
      // A trace must never break a flow.
    }
  };

  RED.plugins.registerPlugin('flowbench-trace', {
    type: 'flowbench-trace',
    protocol: PROTOCOL_VERSION,
    onadd() {
      // Re-adding (a reload) must not double every event.
      RED.hooks.remove('*' + HOOK_SUFFIX);
      RED.hooks.add('onReceive' + HOOK_SUFFIX, (ev) => {
        const node = ev.destination && ev.destination.node;
        publish({
          v: PROTOCOL_VERSION,
          kind: 'receive',
          at: now(),
          msgid: ev.msg && ev.msg._msgid,
          node: ev.destination && ev.destination.id,
          z: node && node.z,
          alias: node && node._alias,
          type: node && node.type,
          msg: cappedCopy(ev.msg, options),
        });
      });
      RED.hooks.add('onSend' + HOOK_SUFFIX, (sendEvents) => {
        const at = now();
        for (const ev of sendEvents) {
          const node = ev.source && ev.source.node;
          publish({
            v: PROTOCOL_VERSION,
            kind: 'send',
            at,
            msgid: ev.msg && ev.msg._msgid,
            node: ev.source && ev.source.id,
            z: node && node.z,
            alias: node && node._alias,
            type: node && node.type,
            port: ev.source && ev.source.port,
            to: ev.destination && ev.destination.id,
            msg: cappedCopy(ev.msg, options),
          });
        }
      });
      RED.hooks.add('onComplete' + HOOK_SUFFIX, (ev) => {
        const node = ev.node && ev.node.node;
        publish({
          v: PROTOCOL_VERSION,
          kind: 'complete',
          at: now(),
          msgid: ev.msg && ev.msg._msgid,
          node: ev.node && ev.node.id,
          z: node && node.z,
          alias: node && node._alias,
          type: node && node.type,
          error: ev.error === undefined || ev.error === null ? undefined : describeError(ev.error),
        });
      });
    },
  });
};

function readOptions(RED) {
  let configured = {};
  try {
    configured = (RED.settings && RED.settings.flowbenchTrace) || {};
  } catch {
    // RED.settings throws for unknown names in some versions.
  }
  return {
    maxMessageBytes: Number(configured.maxMessageBytes) > 0 ? Number(configured.maxMessageBytes) : 8192,
    maxDepth: Number(configured.maxDepth) > 0 ? Number(configured.maxDepth) : 6,
  };
}

function describeError(error) {
  if (typeof error === 'string') return { message: error };
  const out = { message: String((error && error.message) || error) };
  if (error && error.name) out.name = String(error.name);
  if (error && error.code !== undefined) out.code = String(error.code);
  return out;
}

/**
 * A JSON-safe copy of a message, bounded in depth, string length, array length and total size, so a large
 * payload cannot flood the websocket. `req`/`res` of http-in messages are live sockets: named, not copied.
 */
function cappedCopy(msg, options) {
  if (msg === null || typeof msg !== 'object') return msg;
  const seen = new WeakSet();
  const walk = (value, depth, key) => {
    if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
    if (typeof value === 'string') return value.length > 1024 ? value.slice(0, 1024) + '…' : value;
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'function') return '[function]';
    if (typeof value !== 'object') return undefined;
    if (depth === 1 && (key === 'req' || key === 'res')) return '[' + key + ']';
    if (seen.has(value)) return '[circular]';
    if (depth >= options.maxDepth) return Array.isArray(value) ? '[array]' : '[object]';
    seen.add(value);
    if (typeof Buffer !== 'undefined' && Buffer.isBuffer(value)) return { type: 'Buffer', length: value.length };
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Error) return describeError(value);
    if (Array.isArray(value)) {
      const items = value.slice(0, 100).map((v) => walk(v, depth + 1, ''));
      if (value.length > 100) items.push('… ' + (value.length - 100) + ' more');
      return items;
    }
    const out = {};
    for (const k of Object.keys(value)) {
      const v = walk(value[k], depth + 1, k);
      if (v !== undefined) out[k] = v;
    }
    return out;
  };
  const copy = walk(msg, 0, '');
  const text = JSON.stringify(copy);
  if (text.length <= options.maxMessageBytes) return copy;
  return { _msgid: msg._msgid, __flowbenchTruncated: true, bytes: text.length, preview: text.slice(0, options.maxMessageBytes) };
}
