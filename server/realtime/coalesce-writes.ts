import type { Server } from "socket.io";

type EngineServer = Server["engine"];
type EngineSocket = Parameters<Parameters<EngineServer["on"]>[1]>[0];

/**
 * One socket write per connection per tick. A write answered by the server reaches each
 * member as several packets in the same tick — the writer's acknowledgement, the broadcast of
 * every operation committed in the same batch, presence — and engine.io would write them one
 * by one: the first at once, the others after its write completes, each in a system call of
 * its own. Here a connection's packets of one tick go to its transport together, after the
 * code running in that tick (its promise continuations included) has finished, and the
 * WebSocket transport writes them as one `writev`. Order, acknowledgements and back-pressure
 * stay engine.io's: only when the buffer is handed over changes, never what is in it.
 */
export function coalesceWrites(engine: EngineServer): void {
  engine.on("connection", (socket: EngineSocket) => {
    deferFlush(socket as FlushingSocket);
    corkTransport((socket as FlushingSocket).transport);
    socket.on("upgrade", (transport: Transport) => corkTransport(transport));
  });
}

/** The engine.io internals this relies on (not in its public types): the buffer flush and the transport's batch send. */
type FlushingSocket = EngineSocket & { flush: () => void; transport: Transport };
type Transport = { name: string; send: (packets: unknown[]) => void; socket?: { _socket?: { cork: () => void; uncork: () => void } } };

/** The sockets with packets waiting for the end of this tick, each with its own flush, in the order they first had one. */
const waiting = new Map<FlushingSocket, () => void>();

/** Hands every waiting connection's buffer to its transport (once the tick's own work is done). */
function flushWaiting(): void {
  const due = [...waiting.values()];
  waiting.clear();
  for (const flush of due) flush();
}

/** Makes the socket's flush wait for the end of the tick, once however many packets the tick adds. */
function deferFlush(socket: FlushingSocket): void {
  const flush = socket.flush.bind(socket);
  socket.flush = () => {
    if (waiting.has(socket)) return;
    if (waiting.size === 0) process.nextTick(flushWaiting);
    waiting.set(socket, flush);
  };
}

/** Makes a WebSocket transport write a batch of packets (one frame each) in one system call. */
function corkTransport(transport: Transport): void {
  if (transport.name !== "websocket") return;
  const send = transport.send.bind(transport);
  transport.send = (packets) => {
    const raw = transport.socket?._socket;
    if (!raw || packets.length < 2) return send(packets);
    raw.cork();
    try {
      send(packets);
    } finally {
      raw.uncork();
    }
  };
}
