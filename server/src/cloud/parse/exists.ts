import { childText, type ParseXmlOptions } from '../xml';
import { expectOk } from './envelope';
import { boolField } from './fields';

/** `course.exists` / `registration.exists` answer `<result>true|false</result>`. */
export function parseExists(body: string, options: ParseXmlOptions = {}): boolean {
  return boolField(childText(expectOk(body, options), 'result'), 'result', { method: options.method });
}
