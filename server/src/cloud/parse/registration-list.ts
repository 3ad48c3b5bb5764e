import { CloudResponseError } from '../errors';
import type { RegistrationSummary } from '../types';
import { child, childrenNamed, childText, type ParseXmlOptions, type XmlElement } from '../xml';
import { expectOk } from './envelope';
import { dateField, intField, nonEmpty, type ParseContext } from './fields';

export function registrationSummaryFrom(el: XmlElement, ctx: ParseContext): RegistrationSummary {
  const text = (name: string): string | undefined => nonEmpty(childText(el, name));
  const id = el.attrs.id ?? text('registrationId');
  const courseId = el.attrs.courseid ?? text('courseId');
  if (!id) throw new CloudResponseError('Invalid registration/@id in SCORM Cloud response: missing', ctx.method);
  if (!courseId) throw new CloudResponseError('Invalid registration/@courseid in SCORM Cloud response: missing', ctx.method);
  const reg: RegistrationSummary = {
    id,
    courseId,
    learnerId: text('learnerId') ?? '',
    learnerFirstName: text('learnerFirstName') ?? '',
    learnerLastName: text('learnerLastName') ?? '',
    instances: childrenNamed(child(el, 'instances') ?? el, 'instance').map((i) => {
      const instance: RegistrationSummary['instances'][number] = {
        instanceId: intField(childText(i, 'instanceId'), 'instance/instanceId', ctx),
        courseVersion: childText(i, 'courseVersion') ?? '',
      };
      const updated = dateField(childText(i, 'updateDate'), 'instance/updateDate', ctx);
      if (updated) instance.updateDate = updated;
      return instance;
    }),
  };
  const optional = { appId: 'appId', courseTitle: 'courseTitle', lastCourseVersionLaunched: 'lastCourseVersionLaunched', email: 'email' } as const;
  for (const [key, name] of Object.entries(optional) as Array<[keyof typeof optional, string]>) {
    const v = text(name);
    if (v !== undefined) reg[key] = v;
  }
  for (const key of ['createDate', 'firstAccessDate', 'lastAccessDate', 'completedDate'] as const) {
    const d = dateField(text(key), `registration/${key}`, ctx);
    if (d) reg[key] = d;
  }
  return reg;
}

export function parseRegistrationList(body: string, options: ParseXmlOptions = {}): RegistrationSummary[] {
  const list = child(expectOk(body, options), 'registrationlist');
  if (!list) throw new CloudResponseError('Invalid registrationlist in SCORM Cloud response: missing', options.method);
  return childrenNamed(list, 'registration').map((r) => registrationSummaryFrom(r, { method: options.method }));
}

/**
 * `getRegistrationDetail` answers one `<registration>` straight under `<rsp>` (no `<registrationlist>`),
 * with the same children as a list entry, values often CDATA-wrapped.
 */
export function parseRegistrationDetail(body: string, options: ParseXmlOptions = {}): RegistrationSummary {
  const reg = child(expectOk(body, options), 'registration');
  if (!reg) throw new CloudResponseError('Invalid registration in SCORM Cloud response: missing', options.method);
  return registrationSummaryFrom(reg, { method: options.method });
}
