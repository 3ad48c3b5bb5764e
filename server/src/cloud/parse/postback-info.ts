import { CloudResponseError } from '../errors';
import type { PostbackInfo } from '../types';
import { child, childText, type ParseXmlOptions } from '../xml';
import { expectOk } from './envelope';
import { enumField, nonEmpty } from './fields';

/**
 * `<postbackinfo regid=".."><url/><login/><password/><authtype/><resultsformat/></postbackinfo>` (shape read
 * by the official Java library). Absent authtype/resultsformat mean the Cloud defaults: form, course.
 */
export function parsePostbackInfo(body: string, options: ParseXmlOptions = {}): PostbackInfo {
  const ctx = { method: options.method };
  const el = child(expectOk(body, options), 'postbackinfo');
  if (!el) throw new CloudResponseError('Invalid postbackinfo in SCORM Cloud response: missing', options.method);
  const authType = nonEmpty(childText(el, 'authtype'));
  const format = nonEmpty(childText(el, 'resultsformat'));
  const info: PostbackInfo = {
    registrationId: el.attrs.regid ?? '',
    url: childText(el, 'url') ?? '',
    authType: authType === undefined ? 'form' : enumField(authType, ['form', 'httpbasic'] as const, 'postbackinfo/authtype', ctx),
    resultsFormat: format === undefined ? 'course' : enumField(format, ['course', 'activity', 'full'] as const, 'postbackinfo/resultsformat', ctx),
  };
  const login = nonEmpty(childText(el, 'login'));
  if (login !== undefined) info.username = login;
  const password = nonEmpty(childText(el, 'password'));
  if (password !== undefined) info.password = password;
  return info;
}
