import { CloudResponseError } from '../errors';
import type { CourseDetail } from '../types';
import { child, childrenNamed, childText, type ParseXmlOptions } from '../xml';
import { courseSummaryFrom } from './course-list';
import { expectOk } from './envelope';
import { dateField } from './fields';

/** One `<course>` with its `<versions>` list (re-importing a course id adds a version). */
export function parseCourseDetail(body: string, options: ParseXmlOptions = {}): CourseDetail {
  const ctx = { method: options.method };
  const course = child(expectOk(body, options), 'course');
  if (!course) throw new CloudResponseError('Invalid course in SCORM Cloud response: missing', options.method);
  const versionsEl = child(course, 'versions');
  const detail: CourseDetail = {
    ...courseSummaryFrom(course, ctx),
    versionList: (versionsEl ? childrenNamed(versionsEl, 'version') : []).map((v) => {
      const version: CourseDetail['versionList'][number] = { versionId: childText(v, 'versionId') ?? '' };
      const updated = dateField(childText(v, 'updateDate'), 'version/updateDate', ctx);
      if (updated) version.updateDate = updated;
      return version;
    }),
  };
  const created = dateField(childText(course, 'createDate'), 'course/createDate', ctx);
  if (created) detail.createDate = created;
  return detail;
}
