/**
 * Preloaded into both servers by the benchmark (with --expose-gc): SIGUSR2 runs a full
 * garbage collection, so memory is read as what connected members keep alive, not as
 * garbage that happens not to be collected yet. Not part of the app.
 */
const collect = (globalThis as { gc?: () => void }).gc;
if (collect) process.on("SIGUSR2", () => collect());
