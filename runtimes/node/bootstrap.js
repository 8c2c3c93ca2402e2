#!/usr/bin/env node
'use strict';
/*
 * Serverless Workbench's Node.js runtime: the process an execution environment runs. It behaves
 * like AWS's Node.js runtime interface client: loads `_HANDLER` from `LAMBDA_TASK_ROOT`, speaks
 * the Lambda Runtime API at `AWS_LAMBDA_RUNTIME_API`, formats console output the way Lambda's
 * runtime does and reports errors with AWS's error types.
 *
 * Plain CommonJS without dependencies: it runs under whatever `node` the user has.
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const util = require('node:util');
const { pathToFileURL } = require('node:url');
const { HIGH_WATER_MARK, installAwsLambdaGlobal, isStreamingHandler, openResponseStream } = require('./responseStream.js');

const API = '/2018-06-01/runtime';
const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };

// Hand-offs from the emulator, which user code must not see: a compiled TypeScript handler, and
// a local socket serving the same Runtime API at less cost than loopback TCP.
const compiledHandlerFile = process.env._SWB_HANDLER_FILE;
const localSocket = process.env._SWB_RUNTIME_API_SOCKET;
delete process.env._SWB_HANDLER_FILE;
delete process.env._SWB_RUNTIME_API_SOCKET;

const jsonLogs = process.env.AWS_LAMBDA_LOG_FORMAT === 'JSON';
/**
 * From nodejs24.x on AWS's runtime has no callbacks: a handler declaring one fails its init, and the
 * context loses `callbackWaitsForEmptyEventLoop`, `succeed`, `fail` and `done`.
 */
const callbacksRemoved = Number(/^AWS_Lambda_nodejs(\d+)/.exec(process.env.AWS_EXECUTION_ENV || '')?.[1]) >= 24;
const minimumLevel = (jsonLogs && LEVELS[String(process.env.AWS_LAMBDA_LOG_LEVEL).toUpperCase()]) || 0;

/** Like AWS's runtime, console lines keep the last request id until the next invoke starts. */
let currentRequestId;
let initialized = false;
/** The invocation in progress: `{ id, finished }`. */
let invocation;
/** Runs once the event loop is empty (callback handlers, and handlers that never finish). */
let onEmptyEventLoop;

// ---------------------------------------------------------------------------------------------
// Runtime API client: one keep-alive socket, HTTP/1.1 written and parsed by hand because Node's
// http client costs more than the whole rest of a warm invoke. Requests are pipelined and answered
// in order. The server is the emulator's and always sends Content-Length.

class RuntimeApiClient {
  constructor(hostPort, localPath) {
    this.localPath = localPath;
    const colon = hostPort.lastIndexOf(':');
    this.host = hostPort.slice(0, colon);
    this.port = Number(hostPort.slice(colon + 1));
    this.hostHeader = hostPort;
    this.socket = null;
    this.waiting = [];
    this.pending = null; // the response being read: { status, headers, need, chunks, have }
    this.buffer = null;
  }

  /** Runs `write` with the socket corked, so the requests it makes leave in one packet. */
  batch(write) {
    const socket = this.socket || this.connect();
    socket.cork();
    try {
      return write();
    } finally {
      socket.uncork();
    }
  }

  request(method, url, headers, body) {
    return new Promise((resolve, reject) => {
      const socket = this.socket || this.connect();
      let head = `${method} ${url} HTTP/1.1\r\nHost: ${this.hostHeader}\r\n`;
      for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
      this.waiting.push({ resolve, reject });
      // Only an outstanding request may keep the event loop alive: `beforeExit` must still fire
      // while a callback handler's work drains.
      if (this.waiting.length === 1) socket.ref();
      if (body === undefined) socket.write(`${head}\r\n`);
      else socket.write(`${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
  }

  connect() {
    const socket = this.localPath ? net.connect(this.localPath) : net.connect(this.port, this.host);
    if (!this.localPath) socket.setNoDelay(true);
    socket.unref();
    socket.on('data', (chunk) => this.read(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.socket = null;
      this.pending = null;
      this.buffer = null;
      const waiting = this.waiting;
      this.waiting = [];
      for (const w of waiting) w.reject(new Error('Runtime API connection closed'));
    });
    this.socket = socket;
    return socket;
  }

  read(chunk) {
    for (;;) {
      if (this.pending) {
        const p = this.pending;
        const take = Math.min(chunk.length, p.need - p.have);
        p.chunks.push(take === chunk.length ? chunk : chunk.subarray(0, take));
        p.have += take;
        chunk = chunk.subarray(take);
        if (p.have < p.need) return;
        this.pending = null;
        this.complete(p.status, p.headers, p.chunks.length === 1 ? p.chunks[0] : Buffer.concat(p.chunks, p.have));
        if (chunk.length === 0) return;
        continue;
      }
      const data = this.buffer ? Buffer.concat([this.buffer, chunk]) : chunk;
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) {
        this.buffer = data;
        return;
      }
      this.buffer = null;
      const lines = data.toString('latin1', 0, end).split('\r\n');
      const status = Number(lines[0].split(' ')[1]);
      const headers = {};
      for (let i = 1; i < lines.length; i++) {
        const colon = lines[i].indexOf(':');
        headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
      }
      const need = Number(headers['content-length'] || 0);
      chunk = data.subarray(end + 4);
      if (need === 0) this.complete(status, headers, Buffer.alloc(0));
      else this.pending = { status, headers, need, chunks: [], have: 0 };
      if (chunk.length === 0) return;
    }
  }

  complete(status, headers, body) {
    const waiter = this.waiting.shift();
    if (this.waiting.length === 0 && this.socket) this.socket.unref();
    if (waiter) waiter.resolve({ status, headers, body });
  }
}

const client = new RuntimeApiClient(process.env.AWS_LAMBDA_RUNTIME_API || '127.0.0.1:9001', localSocket);
/** Where a streamed answer connects (Node's http client: streaming is not on the warm path). */
const streamTarget = localSocket ? { socketPath: localSocket } : { host: client.host, port: client.port };

// ---------------------------------------------------------------------------------------------
// Errors, with AWS's types.

class RuntimeError extends Error {}
function runtimeErrorClass(name) {
  const cls = class extends RuntimeError {};
  cls.prototype.name = `Runtime.${name}`;
  return cls;
}
const ImportModuleError = runtimeErrorClass('ImportModuleError');
const HandlerNotFound = runtimeErrorClass('HandlerNotFound');
const MalformedHandlerName = runtimeErrorClass('MalformedHandlerName');
const UserCodeSyntaxError = runtimeErrorClass('UserCodeSyntaxError');
const UnhandledPromiseRejection = runtimeErrorClass('UnhandledPromiseRejection');
const UnmarshalError = runtimeErrorClass('UnmarshalError');
const CallbackHandlerDeprecated = runtimeErrorClass('CallbackHandlerDeprecated');

/** AWS's words when a Node.js 24+ function still has a callback handler. */
const CALLBACK_HANDLER_REMOVED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

function isErrorLike(value) {
  return value instanceof Error || (value !== null && typeof value === 'object' && typeof value.stack === 'string' && 'message' in value);
}

/** The body posted to the Runtime API (and returned by the Invoke API). */
function errorResponse(error) {
  try {
    if (isErrorLike(error)) {
      return {
        errorType: String(error.name),
        errorMessage: String(error.message),
        trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

/** The error as the runtime logs it: its own properties, with the stack split into lines. */
function errorForLog(error) {
  if (!isErrorLike(error)) return error;
  const out = Object.assign({ errorType: error.name, errorMessage: error.message, code: error.code }, error);
  if (typeof error.stack === 'string') out.stack = error.stack.split('\n');
  return out;
}

function safeJson(value) {
  try {
    return JSON.stringify(value);
  } catch {
    return JSON.stringify(String(value));
  }
}

/** Header values must be visible ASCII. */
function headerSafe(value) {
  return String(value).replace(/[^\t\x20-\x7e]/g, '');
}

// ---------------------------------------------------------------------------------------------
// Logging: `<time>\t<request id>\t<LEVEL>\t<message>`, or one JSON object per line.

function writeLog(level, message) {
  if (jsonLogs) {
    if (LEVELS[level] < minimumLevel) return;
    const entry = { timestamp: new Date().toISOString(), level, requestId: currentRequestId };
    if (message !== null && typeof message === 'object') Object.assign(entry, message);
    else entry.message = message;
    process.stdout.write(safeJson(entry) + '\n');
  } else {
    process.stdout.write(`${new Date().toISOString()}\t${currentRequestId}\t${level}\t${String(message).replace(/\n/g, '\r')}\n`);
  }
}

function jsonMessage(args) {
  if (args.length === 1 && isErrorLike(args[0])) {
    const e = args[0];
    return { message: String(e.message), errorType: String(e.name), errorMessage: String(e.message), stackTrace: String(e.stack).split('\n') };
  }
  if (args.length === 1 && typeof args[0] !== 'string') return { message: args[0] };
  return { message: util.format(...args) };
}

function patchConsole() {
  const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE', fatal: 'FATAL' };
  for (const [method, level] of Object.entries(levels)) {
    console[method] = (...args) => writeLog(level, jsonLogs ? jsonMessage(args) : util.format(...args));
  }
}

/** `Invoke Error`, `Uncaught Exception`…: a label and the error, as Lambda's runtime logs them. */
function logError(label, error) {
  if (jsonLogs) {
    const details = isErrorLike(error)
      ? { errorType: String(error.name), errorMessage: String(error.message), stackTrace: String(error.stack).split('\n') }
      : { errorType: typeof error, errorMessage: String(error), stackTrace: [] };
    writeLog('ERROR', { message: label, ...details });
  } else {
    writeLog('ERROR', `${label} \t${safeJson(errorForLog(error))}`);
  }
}

/**
 * Posting must wait until every log line written so far is in the pipe: the emulator closes an
 * invocation's log (END/REPORT) when the answer arrives. Pipes are synchronous on Linux, so this
 * rarely waits.
 */
function afterLogsFlushed(post) {
  // Checked without allocating: this runs on every invoke, and almost always nothing is pending.
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) return post();
  const busy = [process.stdout, process.stderr].filter((s) => s.writableLength > 0);
  return Promise.all(busy.map((s) => new Promise((resolve) => s.write('', resolve)))).then(post);
}

// ---------------------------------------------------------------------------------------------
// Loading the handler like AWS's runtime: `dir/module.export.path`, `.js`/`.mjs`/`.cjs`.

function nearestPackageType(dir) {
  for (let current = dir; ; ) {
    try {
      return JSON.parse(fs.readFileSync(path.join(current, 'package.json'), 'utf8')).type;
    } catch (err) {
      if (err && err.code !== 'ENOENT' && err.code !== 'ENOTDIR') return undefined;
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

async function importFile(file) {
  return import(pathToFileURL(file).href);
}

async function loadModule(taskRoot, moduleRoot, moduleName) {
  if (compiledHandlerFile) {
    return compiledHandlerFile.endsWith('.mjs') ? importFile(compiledHandlerFile) : require(compiledHandlerFile);
  }
  const base = path.resolve(taskRoot, moduleRoot, moduleName);
  if (isFile(base)) return require(base);
  const esm = nearestPackageType(path.dirname(base)) === 'module';
  if (isFile(`${base}.js`)) return esm ? importFile(`${base}.js`) : require(`${base}.js`);
  if (isFile(`${base}.mjs`)) return importFile(`${base}.mjs`);
  if (isFile(`${base}.cjs`)) return require(`${base}.cjs`);
  // Node-style resolution: a folder with index.js or package.json, or a package.
  return require(require.resolve(moduleName, { paths: [path.resolve(taskRoot, moduleRoot), taskRoot] }));
}

async function loadHandler() {
  const taskRoot = process.env.LAMBDA_TASK_ROOT || process.cwd();
  const handlerString = process.env._HANDLER || '';
  if (handlerString.includes('..')) {
    throw new MalformedHandlerName(
      "'../' is not a valid handler name. Use absolute paths when specifying root directories in handler names.",
    );
  }
  const handlerName = path.basename(handlerString);
  const moduleRoot = handlerString.slice(0, handlerString.length - handlerName.length);
  const match = /^([^.]*)\.(.*)$/.exec(handlerName);
  if (!match) throw new MalformedHandlerName('Bad handler');
  const [, moduleName, exportPath] = match;

  let loaded;
  try {
    loaded = await loadModule(taskRoot, moduleRoot, moduleName);
  } catch (err) {
    if (err instanceof SyntaxError) throw withCause(new UserCodeSyntaxError(String(err)), err);
    if (err && (err.code === 'MODULE_NOT_FOUND' || err.code === 'ERR_MODULE_NOT_FOUND')) throw withCause(new ImportModuleError(String(err)), err);
    throw err;
  }
  const handler = exportPath.split('.').reduce((value, key) => (value == null ? undefined : value[key]), loaded);
  if (handler == null) throw new HandlerNotFound(`${handlerString} is undefined or not exported`);
  if (typeof handler !== 'function') throw new HandlerNotFound(`${handlerString} is not a function`);
  if (callbacksRemoved && handler.length >= 3 && !isStreamingHandler(handler)) throw new CallbackHandlerDeprecated(CALLBACK_HANDLER_REMOVED);
  return handler;
}

/** AWS shows its own stack for wrapped load errors; the original's first lines locate the mistake. */
function withCause(wrapper, cause) {
  if (typeof cause.stack === 'string' && typeof wrapper.stack === 'string') {
    wrapper.stack = `${wrapper.stack}\n${cause.stack.split('\n').slice(0, 4).join('\n')}`;
  }
  return wrapper;
}

// ---------------------------------------------------------------------------------------------
// Invocations.

/** Bytes written so far through process.stdout and process.stderr (NaN for streams that don't count). */
function outputWritten() {
  return process.stdout.bytesWritten + process.stderr.bytesWritten;
}

/**
 * Tells the emulator (privately) that the invocation wrote nothing, so it need not wait for late
 * output before closing the invocation's log.
 */
function quietHeader(outputMark, headers) {
  if (outputWritten() === outputMark) headers['X-Swb-No-Output'] = '1';
  return headers;
}

function postResponse(id, result, outputMark) {
  let body;
  try {
    body = JSON.stringify(result === undefined ? null : result);
  } catch (err) {
    return postError(id, err, 'Invoke Error', outputMark);
  }
  if (body === undefined) body = 'null';
  return client.request('POST', `${API}/invocation/${id}/response`, quietHeader(outputMark, {}), body);
}

function postError(id, error, logLabel, outputMark) {
  if (logLabel) logError(logLabel, error);
  const body = errorResponse(error);
  const headers = quietHeader(outputMark, { 'Content-Type': 'application/json', 'Lambda-Runtime-Function-Error-Type': headerSafe(body.errorType) });
  return client.request('POST', `${API}/invocation/${id}/error`, headers, safeJson(body));
}

function postInitError(error) {
  const body = errorResponse(error);
  const headers = { 'Content-Type': 'application/json', 'Lambda-Runtime-Function-Error-Type': headerSafe(body.errorType) };
  return client.request('POST', `${API}/init/error`, headers, safeJson(body));
}

function parseJsonHeader(value) {
  if (!value) return undefined;
  try {
    return JSON.parse(Buffer.from(value, 'latin1').toString('utf8'));
  } catch {
    return undefined;
  }
}

function createContext(id, headers, completion) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const cognito = parseJsonHeader(headers['lambda-runtime-cognito-identity']);
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: id,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: cognito ? { cognitoIdentityId: cognito.cognitoIdentityId, cognitoIdentityPoolId: cognito.cognitoIdentityPoolId } : undefined,
    clientContext: parseJsonHeader(headers['lambda-runtime-client-context']),
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  if (callbacksRemoved) return context;
  context.succeed = (result) => completion.done(null, result);
  context.fail = (error) => completion.done(error);
  context.done = (error, result) => completion.done(error, result);
  Object.defineProperty(context, 'callbackWaitsForEmptyEventLoop', {
    enumerable: true,
    get: () => completion.waitForEmptyEventLoop,
    set: (value) => {
      completion.waitForEmptyEventLoop = value;
    },
  });
  return context;
}

/**
 * Runs one event. Resolves with the next event: the poll for it is pipelined right behind the
 * answer, so the emulator can hand over the next event without waiting for another round trip.
 */
function invoke(handler, next) {
  return new Promise((settled) => {
    const headers = next.headers;
    const id = headers['lambda-runtime-aws-request-id'];
    currentRequestId = id;
    if (headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = headers['lambda-runtime-trace-id'];
    else delete process.env._X_AMZN_TRACE_ID;

    const current = { id, finished: false, outputMark: outputWritten() };
    invocation = current;
    const finish = (post) => {
      if (current.finished) {
        console.warn('Invocation has already been reported as done. Cannot call complete more than once per invocation.');
        return;
      }
      current.finished = true;
      onEmptyEventLoop = undefined;
      const answerAndPoll = () =>
        client.batch(() => {
          post().catch(exitRuntime);
          return client.request('GET', `${API}/invocation/next`, {});
        });
      Promise.resolve(afterLogsFlushed(answerAndPoll)).then(settled, exitRuntime);
    };
    const completion = {
      waitForEmptyEventLoop: true,
      done: (error, result) =>
        finish(() => (error != null ? postError(id, error, 'Invoke Error', current.outputMark) : postResponse(id, result, current.outputMark))),
    };
    const callback = (error, result) => {
      if (error != null || !completion.waitForEmptyEventLoop) return completion.done(error, result);
      onEmptyEventLoop = () => setImmediate(() => completion.done(null, result));
    };
    // A handler that neither returns a promise nor calls back gets `null` once the loop is empty.
    onEmptyEventLoop = () => completion.done(null, null);

    let event;
    try {
      event = JSON.parse(next.body.toString('utf8'));
    } catch (err) {
      return completion.done(new UnmarshalError(`Unable to unmarshal input: ${err.message}`));
    }
    if (isStreamingHandler(handler)) return invokeStreaming(handler, event, createContext(id, headers, completion), id, finish);
    let result;
    try {
      result = handler(event, createContext(id, headers, completion), callback);
    } catch (err) {
      return completion.done(err === undefined || err === null ? new Error(String(err)) : err);
    }
    if (result && typeof result.then === 'function') {
      result.then(
        (value) => completion.done(null, value),
        (error) => completion.done(error, null),
      );
    }
  });
}

const noPost = () => Promise.resolve();

/**
 * A `streamifyResponse` handler writes its answer to a stream instead of returning it. As in AWS's
 * runtime it must return a promise; its value is ignored; the invocation is over once the stream
 * ended and the promise settled; an error ends the stream with the error in its trailers.
 */
function invokeStreaming(handler, event, context, id, finish) {
  const { stream, done, fail } = openResponseStream(streamTarget, `${API}/invocation/${id}/response`, handler[HIGH_WATER_MARK], afterLogsFlushed);
  let over = false;
  const next = () => {
    if (over) return;
    over = true;
    finish(noPost);
  };
  // A handler that ended its stream but never settles its promise: move on once nothing is left to run.
  onEmptyEventLoop = () => done.then(next, exitRuntime);
  let result;
  try {
    result = handler(event, stream, context);
    if (!result || typeof result.then !== 'function') throw new Error('Streaming does not support non-async handlers.');
  } catch (error) {
    result = Promise.reject(error);
  }
  Promise.resolve(result)
    .then(
      (value) => {
        if (value !== undefined) console.warn('Streaming handlers ignore return values.');
        return done;
      },
      (error) => {
        const failure = error === undefined || error === null ? new Error(String(error)) : error;
        logError('Invoke Error', failure);
        return fail(errorResponse(failure));
      },
    )
    .then(next, exitRuntime);
}

function exitRuntime() {
  process.exit(1);
}

/** Lambda's runtime reports the error for the invocation (or the init) in progress, then exits. */
function fatal(label, error) {
  logError(label, error);
  const exit = () => process.exit(129);
  if (!initialized) return Promise.resolve(afterLogsFlushed(() => postInitError(error))).then(exit, exit);
  const current = invocation;
  if (current && !current.finished) {
    current.finished = true;
    onEmptyEventLoop = undefined;
    return Promise.resolve(afterLogsFlushed(() => postError(current.id, error))).then(exit, exit);
  }
  exit();
}

async function main() {
  patchConsole();
  installAwsLambdaGlobal();
  process.on('beforeExit', () => {
    const run = onEmptyEventLoop;
    onEmptyEventLoop = undefined;
    if (run) run();
  });
  process.on('uncaughtException', (error) => fatal('Uncaught Exception', error));
  process.on('unhandledRejection', (reason) => {
    const error = new UnhandledPromiseRejection(reason && typeof reason.toString === 'function' ? reason.toString() : String(reason));
    fatal('Unhandled Promise Rejection', error);
  });

  let handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    return fatal('Uncaught Exception', error);
  }
  initialized = true;
  let polled = client.request('GET', `${API}/invocation/next`, {});
  for (;;) {
    let next;
    try {
      next = await polled;
    } catch {
      // The emulator is gone: so is this environment.
      return exitRuntime();
    }
    if (next.status !== 200) return exitRuntime();
    polled = invoke(handler, next);
  }
}

main();
