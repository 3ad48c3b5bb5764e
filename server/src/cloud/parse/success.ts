import { type ParseXmlOptions } from '../xml';
import { expectOk } from './envelope';

/**
 * Writes answer `<success/>` and pings `<pong/>`; only the envelope carries meaning (a failure is
 * `stat="fail"`), so any `ok` envelope counts.
 */
export function parseSuccess(body: string, options: ParseXmlOptions = {}): void {
  expectOk(body, options);
}
