import type { IncomingMessage } from 'node:http';

/**
 * Node's `server.requestTimeout` (300 s by default) is not a socket timer: every
 * `connectionsCheckingInterval` the server asks its native ConnectionsList for the parsers whose
 * current message started more than `requestTimeout` ago, and destroys those sockets with a 408
 * (lib/_http_server.js `checkConnections`). A parser is in that list from the start of a message until
 * its end, and its native `remove()` takes it out (the same call Node makes when it frees a parser).
 * So one request is exempted by removing its parser from the list; the next request on the same
 * keep-alive socket puts the parser back (`on_message_begin` re-inserts it), so the exemption ends with
 * this request. In place of Node's limit this request gets `limitMs` of its own.
 *
 * Returns a function that cancels the replacement timer, and `lifted: false` when this Node version
 * has no such parser hook (then Node's server-wide limit stays in force).
 */
export function liftRequestTimeout(req: IncomingMessage, limitMs: number, onTimeout: () => void): { lifted: boolean; clear: () => void } {
  const parser = (req.socket as unknown as { parser?: { remove?: () => void } | null }).parser;
  let lifted = false;
  if (parser && typeof parser.remove === 'function') {
    parser.remove();
    lifted = true;
  }
  const timer = setTimeout(onTimeout, limitMs);
  timer.unref();
  return { lifted, clear: () => clearTimeout(timer) };
}
