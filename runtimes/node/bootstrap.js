// gw's Node.js runtime: speaks the Lambda Runtime API to gw and calls the user's handler.
//
// Loads `_HANDLER` (`file.function`, file relative to LAMBDA_TASK_ROOT; CommonJS or ESM), then
// loops: GET /invocation/next -> handler(event, context) -> POST /invocation/{id}/response (or
// /error with errorType/errorMessage/trace). Async handlers and callback handlers
// (event, context, callback) are both supported. The HTTP client is a lean keep-alive HTTP/1.1
// client over one raw socket (no http module, no agent); a result and the request for the next
// event go out in one write (HTTP/1.1 pipelining), so an invocation costs one wake-up.
'use strict';

const net = require('net');
const path = require('path');
const url = require('url');

const API = process.env.AWS_LAMBDA_RUNTIME_API;
const PREFIX = '/2018-06-01/runtime';

class Conn {
  constructor(hostport) {
    const i = hostport.lastIndexOf(':');
    this.host = hostport.slice(0, i);
    this.port = Number(hostport.slice(i + 1));
    this.sock = null;
    this.buf = Buffer.alloc(0);
    this.waiters = [];  // one per request sent and not yet answered, in order
  }

  connect() {
    return new Promise((resolve, reject) => {
      const sock = net.createConnection({host: this.host, port: this.port}, () => resolve());
      sock.setNoDelay(true);
      sock.on('data', (chunk) => {
        this.buf = Buffer.concat([this.buf, chunk]);
        this.pump();
      });
      sock.on('error', (err) => { this.fail(err); reject(err); });
      sock.on('close', () => { this.sock = null; this.fail(new Error('connection closed')); });
      this.sock = sock;
      this.buf = Buffer.alloc(0);
    });
  }

  fail(err) {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(err);
  }

  pump() {
    while (this.waiters.length) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const lines = this.buf.subarray(0, end).toString('latin1').split('\r\n');
      const headers = {};
      for (const line of lines.slice(1)) {
        const c = line.indexOf(':');
        headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
      }
      const length = Number(headers['content-length'] || 0);
      if (this.buf.length < end + 4 + length) return;
      const body = this.buf.subarray(end + 4, end + 4 + length);
      this.buf = this.buf.subarray(end + 4 + length);
      this.waiters.shift().resolve({status: Number(lines[0].split(' ')[1]), headers, body});
    }
  }

  static message(method, p, body, extra) {
    let head = `${method} ${p} HTTP/1.1\r\nHost: ${API}\r\nContent-Length: ${body.length}\r\n`;
    for (const [k, v] of Object.entries(extra)) head += `${k}: ${v}\r\n`;
    return [Buffer.from(head + '\r\n', 'latin1'), body];
  }

  // Sends the messages in one write; resolves with the answer to each, in order.
  async send(messages) {
    if (!this.sock) await this.connect();
    const answers = messages.map(() => new Promise((resolve, reject) => {
      this.waiters.push({resolve, reject});
    }));
    this.sock.write(Buffer.concat(messages.flat()));
    this.pump();
    return Promise.all(answers);
  }

  async request(method, p, body = Buffer.alloc(0), extra = {}) {
    return (await this.send([Conn.message(method, p, body, extra)]))[0];
  }

  // POSTs a result and asks for the next event; resolves with the event.
  async postThenNext(p, body, extra = {}) {
    const next = Conn.message('GET', `${PREFIX}/invocation/next`, Buffer.alloc(0), {});
    return (await this.send([Conn.message('POST', p, body, extra), next]))[1];
  }
}

function errorDoc(err) {
  if (!(err instanceof Error)) {
    return {errorType: 'string', errorMessage: String(err), trace: []};
  }
  return {
    errorType: err.name || 'Error',
    errorMessage: err.message,
    trace: String(err.stack || '').split('\n'),
  };
}

async function loadHandler() {
  const spec = process.env._HANDLER || '';
  const dot = spec.lastIndexOf('.');
  if (dot <= 0) throw new Error(`Bad handler ${spec}`);
  const file = path.resolve(process.env.LAMBDA_TASK_ROOT || '.', spec.slice(0, dot));
  const name = spec.slice(dot + 1);
  let mod;
  try {
    mod = require(file);
  } catch (err) {
    if (err.code !== 'ERR_REQUIRE_ESM' && err.code !== 'MODULE_NOT_FOUND') throw err;
    let target = file;
    for (const ext of ['.mjs', '.js', '.cjs']) {
      try {
        require('fs').accessSync(file + ext);
        target = file + ext;
        break;
      } catch (_) { /* try the next extension */ }
    }
    mod = await import(url.pathToFileURL(target).href);
  }
  const fn = mod[name] || (mod.default && mod.default[name]);
  if (typeof fn !== 'function') throw new Error(`${spec} is undefined or not exported`);
  return fn;
}

// A JSON object carried in a Runtime API header, or undefined.
function jsonHeader(headers, name) {
  try {
    const doc = headers[name] ? JSON.parse(headers[name]) : undefined;
    return doc && typeof doc === 'object' ? doc : undefined;
  } catch (e) {
    return undefined;
  }
}

function makeContext(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms'] || 0);
  return {
    // As AWS's Node runtime: the headers' JSON objects as sent, undefined when absent.
    identity: jsonHeader(headers, 'lambda-runtime-cognito-identity'),
    clientContext: jsonHeader(headers, 'lambda-runtime-client-context'),
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION || '$LATEST',
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE || '128',
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

function callHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (err, result) => {
      if (settled) return;
      settled = true;
      if (err !== null && err !== undefined) reject(err); else resolve(result);
    };
    context.done = callback;
    context.succeed = (result) => callback(null, result);
    context.fail = (err) => callback(err);
    try {
      const out = handler(event, context, callback);
      if (out && typeof out.then === 'function') {
        out.then((r) => callback(null, r), (e) => callback(e));
      } else if (handler.length < 3) {
        callback(null, out);
      }
    } catch (err) {
      callback(err);
    }
  });
}

async function main() {
  const conn = new Conn(API);
  let handler;
  try {
    handler = await loadHandler();
  } catch (err) {
    const doc = errorDoc(err);
    doc.errorType = 'Runtime.ImportModuleError';
    console.error(`[ERROR] ${doc.errorMessage}`);
    await conn.request('POST', `${PREFIX}/init/error`, Buffer.from(JSON.stringify(doc)),
                       {'Lambda-Runtime-Function-Error-Type': doc.errorType});
    process.exit(1);
  }
  let next = await conn.request('GET', `${PREFIX}/invocation/next`);
  for (;;) {
    if (next.status !== 200) process.exit(0);
    const context = makeContext(next.headers);
    const id = context.awsRequestId;
    process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'] || '';
    try {
      const event = next.body.length ? JSON.parse(next.body.toString('utf8')) : null;
      const result = await callHandler(handler, event, context);
      const text = result === undefined ? 'null' : JSON.stringify(result);
      next = await conn.postThenNext(`${PREFIX}/invocation/${id}/response`, Buffer.from(text));
    } catch (err) {
      const doc = errorDoc(err);
      console.error(`[ERROR] ${doc.errorType}: ${doc.errorMessage}`);
      next = await conn.postThenNext(`${PREFIX}/invocation/${id}/error`,
                                     Buffer.from(JSON.stringify(doc)),
                                     {'Lambda-Runtime-Function-Error-Type': 'Unhandled'});
    }
  }
}

main().catch(() => process.exit(0));  // gw went away
