import { createServer } from "node:http";
import { Server } from "socket.io";
import { MAX_MESSAGE_BYTES, SOCKET_PATH } from "../../lib/protocol";
import type { BareClientToServer, BareRelayed, BareServerToClient } from "./bare-protocol";

/**
 * The bare Socket.IO broadcast server (run as its own process by the benchmark): the same
 * Socket.IO version and options as Study Circle, relaying each message to the rest of its room
 * and acknowledging it with the message as relayed (as Study Circle answers a change with its
 * event and tells the others), with the room's recent messages kept in memory for replay on join.
 */
const KEPT_PER_ROOM = 5000;
const port = Number(process.env.PORT);

const httpServer = createServer((_request, response) => {
  response.writeHead(200, { "content-type": "text/plain" }).end("bare");
});
const io = new Server<BareClientToServer, BareServerToClient>(httpServer, { path: SOCKET_PATH, serveClient: false, maxHttpBufferSize: MAX_MESSAGE_BYTES });
const rooms = new Map<string, { seq: number; kept: BareRelayed[] }>();

function roomState(room: string): { seq: number; kept: BareRelayed[] } {
  let state = rooms.get(room);
  if (!state) {
    state = { seq: 0, kept: [] };
    rooms.set(room, state);
  }
  return state;
}

io.on("connection", (socket) => {
  socket.on("join", async ({ room, afterSeq }, ack) => {
    await socket.join(room);
    const state = roomState(room);
    const missed = afterSeq === undefined ? [] : state.kept.filter((message) => message.seq > afterSeq);
    ack({ ok: true, data: { missed, lastSeq: state.seq } });
  });
  socket.on("relay", ({ room, id, payload }, ack) => {
    const state = roomState(room);
    const message: BareRelayed = { room, seq: ++state.seq, id, payload };
    state.kept.push(message);
    if (state.kept.length > KEPT_PER_ROOM) state.kept.shift();
    socket.to(room).emit("relayed", message);
    ack({ ok: true, data: { seq: message.seq, relayed: message } });
  });
});

httpServer.listen(port, "127.0.0.1");
process.on("SIGTERM", () => {
  void io.close();
  process.exit(0);
});
