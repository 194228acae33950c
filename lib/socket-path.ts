/** The Socket.IO path the server listens on (apart from the protocol, so a page can connect without loading every schema). */
export const SOCKET_PATH = "/socket.io";
