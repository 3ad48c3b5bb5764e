import type { Readable } from 'node:stream';

/**
 * Calls `onIdle` when `stream` delivers no chunk for `ms` before it ends. Listening to `data` does not
 * change its flow: the stream is already piped into the multipart body, and backpressure still pauses
 * it (a Cloud that stops reading is idleness too). Returns the function that stops watching.
 */
export function watchIdle(stream: Readable, ms: number, onIdle: () => void): () => void {
  if (stream.readableEnded) return () => undefined;
  const timer = setTimeout(onIdle, ms);
  const onData = (): void => void timer.refresh();
  const stop = (): void => {
    clearTimeout(timer);
    stream.off('data', onData);
    stream.off('end', stop);
  };
  stream.on('data', onData);
  stream.once('end', stop);
  return stop;
}
