/**
 * AWS's `application/vnd.amazon.eventstream` framing, as the SDKs read it for CloudWatch Logs'
 * StartLiveTail and Lambda's InvokeWithResponseStream:
 *
 *   total length (u32) | headers length (u32) | prelude CRC32 | headers | payload | message CRC32
 *
 * Headers here are all strings (type 7): name length (u8), name, 7, value length (u16), value.
 * Only encoding is needed (the server writes, the SDK reads); decoding is for tests.
 */
import { crc32 } from '../package/crc32';

const STRING_HEADER = 7;

export function encodeEventStreamMessage(headers: Record<string, string>, payload: Buffer): Buffer {
  const headerParts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    const part = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    part.writeUInt8(nameBytes.length, 0);
    nameBytes.copy(part, 1);
    part.writeUInt8(STRING_HEADER, 1 + nameBytes.length);
    part.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
    valueBytes.copy(part, 4 + nameBytes.length);
    headerParts.push(part);
  }
  const headerBytes = Buffer.concat(headerParts);
  const total = 12 + headerBytes.length + payload.length + 4;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headerBytes.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headerBytes.copy(message, 12);
  payload.copy(message, 12 + headerBytes.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4);
  return message;
}

export function encodeEvent(eventType: string, body: unknown): Buffer {
  return encodeEventStreamMessage(
    { ':message-type': 'event', ':event-type': eventType, ':content-type': 'application/json' },
    Buffer.from(JSON.stringify(body), 'utf8'),
  );
}

/** An event whose payload member is a blob (Lambda's `PayloadChunk`): the bytes as they are, not JSON. */
export function encodeBlobEvent(eventType: string, payload: Buffer): Buffer {
  return encodeEventStreamMessage({ ':message-type': 'event', ':event-type': eventType, ':content-type': 'application/octet-stream' }, payload);
}

export function encodeException(exceptionType: string, message: string): Buffer {
  return encodeEventStreamMessage(
    { ':message-type': 'exception', ':exception-type': exceptionType, ':content-type': 'application/json' },
    Buffer.from(JSON.stringify({ message }), 'utf8'),
  );
}

export interface DecodedMessage {
  headers: Record<string, string>;
  payload: Buffer;
}

/** Splits a buffer of whole messages (string headers only), checking both CRCs. */
export function decodeEventStreamMessages(buffer: Buffer): DecodedMessage[] {
  const messages: DecodedMessage[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    const total = buffer.readUInt32BE(offset);
    const headersLength = buffer.readUInt32BE(offset + 4);
    const message = buffer.subarray(offset, offset + total);
    if (crc32(message.subarray(0, 8)) !== message.readUInt32BE(8)) throw new Error('event stream prelude CRC mismatch');
    if (crc32(message.subarray(0, total - 4)) !== message.readUInt32BE(total - 4)) throw new Error('event stream CRC mismatch');
    const headers: Record<string, string> = {};
    let h = 12;
    while (h < 12 + headersLength) {
      const nameLength = message.readUInt8(h);
      const name = message.subarray(h + 1, h + 1 + nameLength).toString('utf8');
      const valueLength = message.readUInt16BE(h + 2 + nameLength);
      headers[name] = message.subarray(h + 4 + nameLength, h + 4 + nameLength + valueLength).toString('utf8');
      h += 4 + nameLength + valueLength;
    }
    messages.push({ headers, payload: message.subarray(12 + headersLength, total - 4) });
    offset += total;
  }
  return messages;
}
