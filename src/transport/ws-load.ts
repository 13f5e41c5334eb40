/**
 * The `ws` package, imported the first time a WebSocket opens: a run over UDP or TCP never loads
 * it, and nothing of it is in the start-up snapshot. Its optional native helpers (`bufferutil`,
 * `utf-8-validate`) are not used: frames are small and UTF-8 is not validated (SIP bodies are
 * bytes).
 */
type WsModule = typeof import('ws');

let loading: Promise<WsModule> | null = null;

export function loadWs(): Promise<WsModule> {
  loading ??= import('ws');
  return loading;
}
