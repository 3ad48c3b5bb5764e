import { CloudResponseError } from '../errors';
import { child, type ParseXmlOptions } from '../xml';
import { expectOk } from './envelope';

/**
 * Writes answer `<success/>` and pings `<pong/>`; only the envelope carries meaning (a failure is
 * `stat="fail"`), so any `ok` envelope counts — except one that answers `<failed/>`: no documented method
 * sends it, but a body that says "ok" and "failed" at once must not be taken for a completed write.
 */
export function parseSuccess(body: string, options: ParseXmlOptions = {}): void {
  const rsp = expectOk(body, options);
  if (child(rsp, 'failed')) {
    throw new CloudResponseError('Response says stat="ok" but answers <failed/>; not taken as success', options.method);
  }
}
