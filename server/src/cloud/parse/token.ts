import { CloudResponseError } from '../errors';
import { child, childText, type ParseXmlOptions } from '../xml';
import { expectOk } from './envelope';

/** `importCourseAsync` answers `<token><id>TOKEN</id></token>`. */
export function parseImportToken(body: string, options: ParseXmlOptions = {}): { token: string } {
  const rsp = expectOk(body, options);
  const tokenEl = child(rsp, 'token');
  const token = tokenEl ? (childText(tokenEl, 'id') ?? tokenEl.text) : undefined;
  if (!token) throw new CloudResponseError('Invalid token/id in SCORM Cloud response: missing', options.method);
  return { token };
}
