/**
 * One WebSocket connection: Phoenix's socket layer (`phoenix/lib/phoenix/socket.ex`) in front of
 * the channels — heartbeats on topic `phoenix`, join/duplicate-join/leave bookkeeping, join_ref
 * matching, and `unmatched topic` replies for anything addressed to a topic that is not joined.
 *
 * Frames are handled strictly in order. A frame upstream cannot decode crashes its socket
 * process there; here it closes the connection with 1007 (the gateway itself never throws).
 */
import type WebSocket from 'ws';
import { joinChannel, type Channel, type ChannelHost, type RealtimeRuntime } from './channel.ts';
import { createSerialQueue } from './serial-queue.ts';
import { decodeFrame, encodeReply, type ClientMessage, type Frame, type Vsn } from './serializer.ts';

/** Phoenix closes a WebSocket that has received nothing for this long (realtime-js beats every 25 s). */
const IDLE_TIMEOUT_MS = 60_000;
/** A client that stops reading is dropped before its backlog can exhaust memory. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
/** Close code for frames that cannot be decoded (RFC 6455: inconsistent data). */
const CLOSE_INVALID_FRAME = 1007;

export type Connection = {
  /** Closes the socket (server shutdown); channels end without pushes. */
  close(code: number, reason: string): void;
};

export type ConnectionOptions = {
  readonly vsn: Vsn;
  readonly socketToken: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly onClosed: () => void;
};

function readFrameData(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export function attachConnection(runtime: RealtimeRuntime, ws: WebSocket, options: ConnectionOptions): Connection {
  const channels = new Map<string, Channel>();
  let isClosed = false;
  let idleTimer: NodeJS.Timeout | undefined;

  const enqueue = createSerialQueue((error) => {
    runtime.log(`realtime: socket failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    ws.terminate();
  });

  const send = (frame: Frame): void => {
    if (isClosed || ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      runtime.log('realtime: dropping a client that stopped reading (send buffer full)');
      ws.terminate();
      return;
    }
    ws.send(frame);
  };

  const host: ChannelHost = {
    vsn: options.vsn,
    socketToken: options.socketToken,
    headers: options.headers,
    send,
    countChannels: () => channels.size,
    release(channel) {
      if (channels.get(channel.topic) === channel) channels.delete(channel.topic);
    },
  };

  const replyError = (message: ClientMessage, reason: string): void => {
    send(
      encodeReply(options.vsn, {
        joinRef: null,
        ref: message.ref,
        topic: message.topic,
        status: 'error',
        response: { reason },
      }),
    );
  };

  const isCurrentJoin = (channel: Channel, joinRef: string | null): boolean =>
    joinRef === null || joinRef === channel.joinRef;

  const handleMessage = async (message: ClientMessage): Promise<void> => {
    if (message.topic === 'phoenix' && message.event === 'heartbeat') {
      send(encodeReply(options.vsn, { joinRef: null, ref: message.ref, topic: 'phoenix', status: 'ok', response: {} }));
      return;
    }
    const existing = channels.get(message.topic);
    if (message.event === 'phx_join') {
      if (existing) existing.stop({ isCloseSent: true }); // duplicate join: close the old one first
      if (!message.topic.startsWith('realtime:')) {
        replyError(message, 'unmatched topic');
        return;
      }
      const outcome = await joinChannel(runtime, host, message);
      if (!outcome.ok) return;
      if (isClosed) {
        outcome.channel.stop({ isCloseSent: false });
        return;
      }
      channels.set(message.topic, outcome.channel);
      return;
    }
    if (!existing) {
      if (message.event === 'phx_leave') {
        // Leaving a channel the server already dropped is acknowledged.
        send(
          encodeReply(options.vsn, {
            joinRef: message.joinRef,
            ref: message.ref,
            topic: message.topic,
            status: 'ok',
            response: {},
          }),
        );
        return;
      }
      replyError(message, 'unmatched topic');
      return;
    }
    // Messages for an older join of this topic are stale and ignored.
    if (!isCurrentJoin(existing, message.joinRef)) return;
    existing.handleIn(message);
  };

  const resetIdleTimer = (): void => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => ws.terminate(), IDLE_TIMEOUT_MS);
    idleTimer.unref();
  };

  ws.on('message', (data, isBinary) => {
    if (isClosed) return;
    resetIdleTimer();
    const decoded = decodeFrame(options.vsn, readFrameData(data), isBinary);
    if (!decoded.ok) {
      ws.close(CLOSE_INVALID_FRAME, `Invalid message: ${decoded.reason}`.slice(0, 120));
      return;
    }
    enqueue(() => handleMessage(decoded.message));
  });

  ws.on('error', (error) => {
    // ws closes the connection itself (oversized or invalid frames); nothing else to do.
    runtime.log(`realtime: websocket error: ${error.message}`);
  });

  ws.on('close', () => {
    if (isClosed) return;
    isClosed = true;
    clearTimeout(idleTimer);
    for (const channel of [...channels.values()]) channel.stop({ isCloseSent: false });
    channels.clear();
    options.onClosed();
  });

  resetIdleTimer();

  return {
    close(code, reason) {
      if (isClosed) return;
      ws.close(code, reason);
      // A peer that never answers the close handshake must not hold the shutdown.
      setTimeout(() => ws.terminate(), 1_000).unref();
    },
  };
}
