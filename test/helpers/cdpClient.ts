import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A minimal Chrome DevTools Protocol client for Node's inspector, over a hand-written WebSocket
 * (Node 20 has no WebSocket client): enough to resume a process, set breakpoints and see pauses,
 * the way VS Code's js-debug does.
 */

export interface InspectorTarget {
  id: string;
  type: string;
  url: string;
  webSocketDebuggerUrl: string;
}

/** GET /json/list on the inspector's HTTP endpoint. */
export async function inspectorTargets(host: string, port: number): Promise<InspectorTarget[]> {
  const response = await fetch(`http://${host}:${port}/json/list`);
  return (await response.json()) as InspectorTarget[];
}

/** Polls /json/list until the inspector answers with a target. */
export async function waitForTarget(host: string, port: number, timeoutMs = 30_000): Promise<InspectorTarget> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const [target] = await inspectorTargets(host, port);
      if (target) return target;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no inspector target on ${host}:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface CdpEvent {
  method: string;
  params: Record<string, unknown>;
}

export class CdpClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  private readonly listeners: Array<(event: CdpEvent) => void> = [];
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('close', () => {
      for (const { reject } of this.pending.values()) reject(new Error('inspector connection closed'));
      this.pending.clear();
    });
  }

  static async connect(webSocketUrl: string): Promise<CdpClient> {
    const url = new URL(webSocketUrl);
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const key = randomBytes(16).toString('base64');
    socket.write(
      `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    const rest = await new Promise<Buffer>((resolve, reject) => {
      let head = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end === -1) return;
        socket.off('data', onData);
        const status = head.subarray(0, head.indexOf('\r\n')).toString();
        if (!/^HTTP\/1\.1 101/.test(status)) reject(new Error(`WebSocket upgrade refused: ${status}`));
        else resolve(head.subarray(end + 4));
      };
      socket.on('data', onData);
      socket.once('error', reject);
    });
    const client = new CdpClient(socket);
    if (rest.length) client.received(rest);
    return client;
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    const result = new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject }));
    this.writeFrame(Buffer.from(JSON.stringify({ id, method, params })));
    return result;
  }

  onEvent(listener: (event: CdpEvent) => void): void {
    this.listeners.push(listener);
  }

  /** The next event named `method` (optionally matching `accept`). */
  waitFor(method: string, accept: (params: Record<string, unknown>) => boolean = () => true, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
      const listener = (event: CdpEvent) => {
        if (event.method !== method || !accept(event.params)) return;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        resolve(event.params);
      };
      this.listeners.push(listener);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  /** A masked text frame, as clients must send. */
  private writeFrame(payload: Buffer): void {
    const mask = randomBytes(4);
    const length = payload.length;
    const header =
      length < 126
        ? Buffer.from([0x81, 0x80 | length])
        : length < 65536
          ? Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff])
          : Buffer.concat([Buffer.from([0x81, 0x80 | 127]), bigLength(length)]);
    const masked = Buffer.alloc(length);
    for (let i = 0; i < length; i++) masked[i] = payload[i] ^ mask[i % 4];
    this.socket.write(Buffer.concat([header, mask, masked]));
  }

  private received(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const opcode = this.buffer[0] & 0x0f;
      const fin = (this.buffer[0] & 0x80) !== 0;
      let length = this.buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffer.length < offset + length) return;
      const payload = this.buffer.subarray(offset, offset + length);
      this.buffer = this.buffer.subarray(offset + length);
      if (opcode === 0x8) return this.close();
      if (opcode !== 0x1 && opcode !== 0x0) continue;
      this.fragments.push(Buffer.from(payload));
      if (!fin) continue;
      const message = JSON.parse(Buffer.concat(this.fragments).toString('utf8')) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
        method?: string;
        params?: Record<string, unknown>;
      };
      this.fragments = [];
      if (message.id !== undefined) {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) waiting?.reject(new Error(message.error.message));
        else waiting?.resolve(message.result);
      } else if (message.method) {
        for (const listener of [...this.listeners]) listener({ method: message.method, params: message.params ?? {} });
      }
    }
  }
}

function bigLength(length: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(BigInt(length));
  return buffer;
}
