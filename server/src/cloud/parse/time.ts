import { CloudResponseError } from '../errors';
import { parseUtcTimestamp } from '../timestamp';
import { child, type ParseXmlOptions } from '../xml';
import { expectOk } from './envelope';

/** `getTime` answers `<currenttime tz="UTC">yyyyMMddHHmmss</currenttime>`. */
export function parseTime(body: string, options: ParseXmlOptions = {}): Date {
  const el = child(expectOk(body, options), 'currenttime');
  try {
    if (!el) throw new RangeError('missing');
    if (el.attrs.tz !== undefined && el.attrs.tz.toUpperCase() !== 'UTC') throw new RangeError(`tz ${el.attrs.tz}`);
    return parseUtcTimestamp(el.text);
  } catch (cause) {
    throw new CloudResponseError(`Invalid currenttime in SCORM Cloud response: ${(cause as Error).message}`, options.method, { cause });
  }
}
