// StartLiveTail's event stream as botocore (boto3, the AWS CLI) requires it: an AWS JSON event
// stream opens with `initial-response` (botocore: "First event was not of type initial-response"
// otherwise). Found driving `swb serve` with `aws logs start-live-tail` (test/clients/awsCliLogs.test.ts).
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { decodeEventStreamMessages, type DecodedMessage } from '../../../../src/core/aws/eventStreamCodec';
import { startLogsServer } from '../../../helpers/logsServer';

/** Raw StartLiveTail: reads frames until `enough` says so, then hangs up. */
function rawLiveTail(endpoint: string, body: unknown, enough: (frames: DecodedMessage[]) => boolean): Promise<{ status: number; contentType?: string; frames: DecodedMessage[] }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${endpoint}/`,
      { method: 'POST', headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'Logs_20140328.StartLiveTail' } },
      (res) => {
        let buffered = Buffer.alloc(0);
        res.on('data', (chunk: Buffer) => {
          buffered = Buffer.concat([buffered, chunk]);
          const frames = wholeFrames(buffered);
          if (enough(frames)) {
            res.destroy();
            resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], frames });
          }
        });
        res.on('error', () => undefined);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** The complete messages at the start of `buffer` (a chunk may end mid-message). */
function wholeFrames(buffer: Buffer): DecodedMessage[] {
  let end = 0;
  while (end + 4 <= buffer.length && end + buffer.readUInt32BE(end) <= buffer.length) end += buffer.readUInt32BE(end);
  return decodeEventStreamMessages(buffer.subarray(0, end));
}

test('StartLiveTail opens with an empty initial-response event, then sessionStart and sessionUpdate', async () => {
  const logs = await startLogsServer({}, { liveTail: { updateIntervalMs: 50 } });
  try {
    logs.store.createLogGroup('/aws/lambda/fn');
    const answer = await rawLiveTail(logs.endpoint, { logGroupIdentifiers: ['/aws/lambda/fn'] }, (frames) => frames.length >= 3);
    assert.equal(answer.status, 200);
    assert.equal(answer.contentType, 'application/vnd.amazon.eventstream');
    const [initial, start, update] = answer.frames;
    assert.deepEqual(initial.headers, { ':message-type': 'event', ':event-type': 'initial-response', ':content-type': 'application/json' });
    assert.deepEqual(JSON.parse(initial.payload.toString()), {});
    assert.equal(start.headers[':event-type'], 'sessionStart');
    assert.deepEqual((JSON.parse(start.payload.toString()) as { logGroupIdentifiers: string[] }).logGroupIdentifiers, ['/aws/lambda/fn']);
    assert.equal(update.headers[':event-type'], 'sessionUpdate');
  } finally {
    await logs.close();
  }
});

test('a refused StartLiveTail is a plain JSON error, with no initial-response written', async () => {
  const logs = await startLogsServer();
  try {
    const res = await fetch(`${logs.endpoint}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'Logs_20140328.StartLiveTail' },
      body: JSON.stringify({ logGroupIdentifiers: ['/aws/lambda/missing'] }),
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.equal(((await res.json()) as { __type: string }).__type, 'ResourceNotFoundException');
  } finally {
    await logs.close();
  }
});
