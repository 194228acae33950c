import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { coalesceWrites } from "./coalesce-writes";

type RawSocket = { _write: (...args: unknown[]) => void; _writev: (...args: unknown[]) => void };
type EngineConnection = { transport: { socket: { _socket: RawSocket } } };

const opened: { io: Server; client: Socket }[] = [];

afterEach(async () => {
  for (const { io, client } of opened.splice(0)) {
    client.close();
    await new Promise<void>((resolve) => void io.close(() => resolve()));
  }
});

/** A Socket.IO server with writes coalesced, one client on WebSocket, and a count of the system writes to that client. */
async function connected(setUp: (io: Server) => void = () => undefined): Promise<{ io: Server; client: Socket; writes: () => number }> {
  const httpServer = createServer();
  const io = new Server(httpServer);
  coalesceWrites(io.engine);
  setUp(io);
  let writes = 0;
  io.engine.on("connection", (connection: EngineConnection) => {
    const raw = connection.transport.socket._socket;
    const [write, writev] = [raw._write.bind(raw), raw._writev.bind(raw)];
    raw._write = (...args) => (writes++, write(...args));
    raw._writev = (...args) => (writes++, writev(...args));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const client = connect(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`, { transports: ["websocket"], forceNew: true, reconnection: false });
  opened.push({ io, client });
  await new Promise<void>((resolve) => client.once("connect", () => resolve()));
  return { io, client, writes: () => writes };
}

/** The next `count` messages of `event`, in the order they came. */
function received(client: Socket, event: string, count: number): Promise<unknown[]> {
  const messages: unknown[] = [];
  return new Promise((resolve) => {
    client.on(event, (message: unknown) => {
      messages.push(message);
      if (messages.length === count) resolve(messages);
    });
  });
}

describe("coalesceWrites", () => {
  it("sends a connection's packets of one tick (acknowledgement, broadcasts, after awaits too) in one write, in order", async () => {
    const { client, writes } = await connected((io) =>
      io.on("connection", (socket) => {
        void socket.join("room");
        socket.on("write", async (ack: (reply: string) => void) => {
          await Promise.resolve();
          ack("committed");
          io.to("room").emit("news", 1);
          await Promise.resolve();
          socket.emit("news", 2);
          io.to("room").emit("news", 3);
        });
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = writes();
    const news = received(client, "news", 3);
    const reply = await client.emitWithAck("write");
    expect(reply).toBe("committed");
    expect(await news).toEqual([1, 2, 3]);
    expect(writes() - before).toBe(1);
  });

  it("writes each tick's packets as they come when the ticks are apart", async () => {
    const { io, client, writes } = await connected();
    const news = received(client, "news", 3);
    const before = writes();
    for (const n of [1, 2, 3]) {
      io.emit("news", n);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await news).toEqual([1, 2, 3]);
    expect(writes() - before).toBe(3);
  });
});
