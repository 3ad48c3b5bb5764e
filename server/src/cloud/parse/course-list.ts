import { CloudResponseError } from '../errors';
import type { CourseSummary } from '../types';
import { child, childrenNamed, descendants, type ParseXmlOptions, type XmlElement } from '../xml';
import { expectOk } from './envelope';
import { intField, nonEmpty, type ParseContext } from './fields';

export function courseSummaryFrom(el: XmlElement, ctx: ParseContext): CourseSummary {
  const id = el.attrs.id;
  if (!id) throw new CloudResponseError('Invalid course/@id in SCORM Cloud response: missing', ctx.method);
  const course: CourseSummary = {
    id,
    title: el.attrs.title ?? '',
    versions: el.attrs.versions === undefined ? 0 : intField(el.attrs.versions, 'course/@versions', ctx),
    registrations: el.attrs.registrations === undefined ? 0 : intField(el.attrs.registrations, 'course/@registrations', ctx),
    size: el.attrs.size === undefined ? 0 : intField(el.attrs.size, 'course/@size', ctx),
    tags: descendants(child(el, 'tags') ?? { name: '', attrs: {}, children: [], text: '' }, 'tag').map((t) => t.text),
  };
  const standard = nonEmpty(child(el, 'learningStandard')?.text);
  if (standard !== undefined) course.learningStandard = standard;
  return course;
}

/** `<courselist><course id=.. title=.. versions=.. registrations=.. size=..>…</course></courselist>`. */
export function parseCourseList(body: string, options: ParseXmlOptions = {}): CourseSummary[] {
  const rsp = expectOk(body, options);
  const list = child(rsp, 'courselist');
  if (!list) throw new CloudResponseError('Invalid courselist in SCORM Cloud response: missing', options.method);
  return childrenNamed(list, 'course').map((c) => courseSummaryFrom(c, { method: options.method }));
}
