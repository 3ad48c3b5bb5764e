import { CloudResponseError } from '../errors';
import type { LaunchHistory, LaunchInfo } from '../types';
import { child, childrenNamed, childText, type ParseXmlOptions } from '../xml';
import { expectOk } from './envelope';
import { dateField, nonEmpty, numberField } from './fields';

export function parseLaunchHistory(body: string, options: ParseXmlOptions = {}): LaunchHistory {
  const ctx = { method: options.method };
  const history = child(expectOk(body, options), 'launchhistory');
  if (!history) throw new CloudResponseError('Invalid launchhistory in SCORM Cloud response: missing', options.method);
  return {
    registrationId: history.attrs.regid ?? '',
    launches: childrenNamed(history, 'launch').map((l) => {
      const text = (name: string): string | undefined => nonEmpty(childText(l, name));
      const launch: LaunchInfo = {
        id: l.attrs.id ?? '',
        completion: text('completion') ?? 'unknown',
        satisfaction: text('satisfaction') ?? 'unknown',
      };
      const measureStatus = text('measure_status');
      if (measureStatus !== undefined) launch.measureStatus = measureStatus;
      const measure = text('normalized_measure');
      if (measure !== undefined) launch.normalizedMeasure = numberField(measure, 'launch/normalized_measure', ctx);
      const tracked = text('experienced_duration_tracked');
      if (tracked !== undefined) launch.experiencedDurationTracked = numberField(tracked, 'launch/experienced_duration_tracked', ctx);
      const dates = { launchTime: 'launch_time', exitTime: 'exit_time', updateDate: 'update_dt' } as const;
      for (const [key, name] of Object.entries(dates) as Array<[keyof typeof dates, string]>) {
        const d = dateField(text(name), `launch/${name}`, ctx);
        if (d) launch[key] = d;
      }
      return launch;
    }),
  };
}
