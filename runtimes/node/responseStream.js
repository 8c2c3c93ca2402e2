'use strict';
/*
 * Lambda response streaming for the Node.js bootstrap, as AWS's Node.js runtime offers it: the
 * `awslambda` global (`streamifyResponse`, `HttpResponseStream`), and a streamed answer to the
 * Runtime API — a chunked `POST …/invocation/{id}/response` with
 * `Lambda-Runtime-Function-Response-Mode: streaming`, whose trailers carry an error that happens
 * after the stream began.
 *
 * Plain CommonJS without dependencies, like bootstrap.js. The inline isolation mode mirrors this
 * in src/core/emulator (it cannot require a file of the runtime).
 */
const http = require('node:http');

const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const HIGH_WATER_MARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
const STREAM_RESPONSE = 'response';
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const ERROR_TYPE_TRAILER = 'Lambda-Runtime-Function-Error-Type';
const ERROR_BODY_TRAILER = 'Lambda-Runtime-Function-Error-Body';

class InvalidStreamingOperation extends Error {}
InvalidStreamingOperation.prototype.name = 'Runtime.InvalidStreamingOperation';

function streamifyResponse(handler, options) {
  handler[STREAMING] = STREAM_RESPONSE;
  if (options && typeof options.highWaterMark === 'number') handler[HIGH_WATER_MARK] = Math.floor(options.highWaterMark);
  return handler;
}

/** Writes `prelude` as JSON and 8 zero bytes before the body: how a function URL learns status, headers and cookies. */
class HttpResponseStream {
  static from(stream, prelude) {
    stream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
    const metadata = JSON.stringify(prelude);
    stream._onBeforeFirstWrite = (write) => {
      write(metadata);
      write(new Uint8Array(8));
    };
    return stream;
  }
}

/** AWS's runtime defines the global unless told not to (the escape hatch for code that owns the name). */
function installAwsLambdaGlobal() {
  const off = process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA;
  if (off === '1' || off === 'true') return;
  globalThis.awslambda = { ...globalThis.awslambda, streamifyResponse, HttpResponseStream };
}

function isStreamingHandler(handler) {
  return handler[STREAMING] === STREAM_RESPONSE;
}

/**
 * Opens the streamed answer of one invocation on a connection of its own, so the bootstrap's
 * pipelined connection stays free (a crash mid-stream is still reported there).
 *
 * `target`: `{ host, port }` or `{ socketPath }`; `beforeEnd(end)` runs `end` once logs written so
 * far are flushed (the emulator closes the invocation's log when the stream ends). Returns the
 * stream handed to the handler, `done` (the Runtime API's answer) and `fail(errorBody)`.
 */
function openResponseStream(target, path, highWaterMark, beforeEnd) {
  const request = http.request({
    ...target,
    method: 'POST',
    path,
    agent: false,
    highWaterMark,
    headers: {
      'Lambda-Runtime-Function-Response-Mode': 'streaming',
      'Content-Type': DEFAULT_CONTENT_TYPE,
      'Transfer-Encoding': 'chunked',
      Trailer: `${ERROR_TYPE_TRAILER}, ${ERROR_BODY_TRAILER}`,
    },
  });
  const done = new Promise((resolve, reject) => {
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('error', reject);
  });
  // Settled by whoever awaits it; an unobserved rejection must not count as the function's.
  done.catch(() => undefined);

  let written = false;
  const write = request.write.bind(request);
  const end = request.end.bind(request);
  const beforeFirstWrite = () => {
    if (written) return;
    written = true;
    if (typeof request._onBeforeFirstWrite === 'function') request._onBeforeFirstWrite((chunk) => write(chunk));
  };
  request.setContentType = (contentType) => {
    if (written) throw new InvalidStreamingOperation('Cannot set content-type, too late.');
    request.setHeader('Content-Type', contentType);
  };
  request.write = (chunk, encoding, callback) => {
    beforeFirstWrite();
    const data = typeof chunk === 'string' || chunk instanceof Uint8Array ? chunk : JSON.stringify(chunk);
    return write(data, encoding, callback);
  };
  request.end = (chunk, encoding, callback) => {
    if (typeof chunk === 'function') return request.end(undefined, undefined, chunk);
    if (typeof encoding === 'function') return request.end(chunk, undefined, encoding);
    if (chunk !== undefined && chunk !== null) request.write(chunk, encoding);
    else beforeFirstWrite();
    beforeEnd(() => end(callback));
    return request;
  };

  const fail = (errorBody) => {
    if (request.writableEnded) return done;
    request.addTrailers({
      [ERROR_TYPE_TRAILER]: String(errorBody.errorType).replace(/[^\t\x20-\x7e]/g, ''),
      [ERROR_BODY_TRAILER]: Buffer.from(JSON.stringify(errorBody)).toString('base64'),
    });
    beforeEnd(() => end());
    return done;
  };
  return { stream: request, done, fail };
}

module.exports = { installAwsLambdaGlobal, isStreamingHandler, openResponseStream, HIGH_WATER_MARK };
