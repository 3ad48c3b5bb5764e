import { CloudResponseError } from '../../../../server/src/cloud/errors';
import type { RegistrationReport } from '../../../../server/src/cloud/types';
import { buildRegistrationJson, inferResultsFormat, registrationReportFromV2 } from '../../../../server/src/cloud/v2/registration-report';

const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CloudResponseError);
    return (err as Error).message;
  }
  throw new Error('expected a CloudResponseError');
};

describe('registrationReportFromV2', () => {
  it('reads the Engine sample registration (course format)', () => {
    const sample = {
      id: 'my_test_reg_id',
      instance: 0,
      updated: '2020-09-29T19:19:03.107Z',
      registrationCompletion: 'COMPLETED',
      registrationSuccess: 'FAILED',
      score: { scaled: 40.0 },
      totalSecondsTracked: 12.0,
      firstAccessDate: '2020-09-29T19:19:00.550Z',
      course: { id: 'my_test_course_id', title: 'Golf Explained - Run-time Advanced Calls' },
    };
    expect(registrationReportFromV2(sample, 'course')).toEqual({
      format: 'course',
      registrationId: 'my_test_reg_id',
      instanceId: 0,
      complete: 'complete',
      success: 'failed',
      score: 40,
      totalTimeSeconds: 12,
      updatedAt: new Date('2020-09-29T19:19:03.107Z'),
    });
  });

  it('defaults what a fresh registration leaves out', () => {
    expect(registrationReportFromV2({ id: 'r' }, 'course')).toEqual({
      format: 'course',
      registrationId: 'r',
      instanceId: 0,
      complete: 'unknown',
      success: 'unknown',
      score: null,
      totalTimeSeconds: 0,
    });
    // null score (WordPress plugin issue) is no score, not 0
    expect(registrationReportFromV2({ id: 'r', score: null, instance: 3, updated: '2024-01-31T19:45:37Z' }, 'course')).toMatchObject({
      score: null,
      instanceId: 3,
      updatedAt: new Date('2024-01-31T19:45:37.000Z'),
    });
    expect(registrationReportFromV2({ id: 'r', score: {} }, 'course').score).toBeNull();
  });

  it('rounds the total to whole seconds, as V1 does', () => {
    expect(registrationReportFromV2({ id: 'r', totalSecondsTracked: 61.5 }, 'course').totalTimeSeconds).toBe(62);
    expect(registrationReportFromV2({ id: 'r', totalSecondsTracked: 61.49 }, 'course').totalTimeSeconds).toBe(61);
  });

  it('keeps the format asked for, with or without a tree', () => {
    expect(registrationReportFromV2({ id: 'r' }, 'activity')).toMatchObject({ format: 'activity' });
    expect(registrationReportFromV2({ id: 'r' }, 'activity').activity).toBeUndefined();
    const withTree = { id: 'r', activityDetails: { id: 'a', title: 'A', timeTracked: 'PT0S' } };
    expect(registrationReportFromV2(withTree, 'course').activity).toBeUndefined();
    expect(registrationReportFromV2(withTree, 'activity').activity).toEqual({
      id: 'a',
      title: 'A',
      attempts: 0,
      complete: 'unknown',
      success: 'unknown',
      score: null,
      timeSeconds: 0,
      children: [],
    });
  });

  it('accepts enums in any case', () => {
    expect(registrationReportFromV2({ id: 'r', registrationCompletion: 'completed', registrationSuccess: 'Passed' }, 'course')).toMatchObject({
      complete: 'complete',
      success: 'passed',
    });
  });

  it('reads time spans as hhhh:mm:ss.ss and as ISO 8601 durations', () => {
    const at = (timeTracked: string) => registrationReportFromV2({ id: 'r', activityDetails: { id: 'a', timeTracked } }, 'activity').activity!.timeSeconds;
    expect(at('0000:15:41.98')).toBe(942);
    expect(at('PT15M41.98S')).toBe(942);
    expect(at('PT1H')).toBe(3600);
    expect(at('P1DT1S')).toBe(86401);
    expect(at('')).toBe(0);
  });

  it('refuses bodies that are not a registration, naming the field', () => {
    expect(message(() => registrationReportFromV2([], 'course'))).toBe('Invalid registration in SCORM Cloud response: [] (expected an object)');
    expect(message(() => registrationReportFromV2('x', 'course'))).toBe('Invalid registration in SCORM Cloud response: "x" (expected an object)');
    expect(message(() => registrationReportFromV2({ instance: 0 }, 'course'))).toBe(
      'Invalid registration.id in SCORM Cloud response: missing (expected a string)',
    );
    expect(message(() => registrationReportFromV2({ id: '' }, 'course'))).toBe(
      'Invalid registration.id in SCORM Cloud response: "" (expected a non-empty string)',
    );
    expect(message(() => registrationReportFromV2({ id: 'r', instance: 1.5 }, 'course'))).toBe(
      'Invalid registration.instance in SCORM Cloud response: 1.5 (expected an integer)',
    );
    expect(message(() => registrationReportFromV2({ id: 'r', registrationSuccess: 'OK' }, 'course'))).toBe(
      'Invalid registration.registrationSuccess in SCORM Cloud response: "OK" (expected PASSED | FAILED | UNKNOWN)',
    );
    expect(message(() => registrationReportFromV2({ id: 'r', score: 40 }, 'course'))).toBe(
      'Invalid registration.score in SCORM Cloud response: 40 (expected an object)',
    );
    expect(message(() => registrationReportFromV2({ id: 'r', score: { scaled: '40' } }, 'course'))).toBe(
      'Invalid registration.score.scaled in SCORM Cloud response: "40" (expected a number)',
    );
    expect(message(() => registrationReportFromV2({ id: 'r', updated: 'yesterday' }, 'course'))).toBe(
      'Invalid registration.updated in SCORM Cloud response: "yesterday" (expected an ISO-8601 date-time)',
    );
    expect(message(() => registrationReportFromV2({ id: 'r', activityDetails: { children: [{ activitySuccess: 'MAYBE' }] } }, 'activity'))).toBe(
      'Invalid activityDetails.children[0].activitySuccess in SCORM Cloud response: "MAYBE" (expected PASSED | FAILED | UNKNOWN)',
    );
    expect(message(() => registrationReportFromV2({ id: 'r', activityDetails: { children: {} } }, 'activity'))).toBe(
      'Invalid activityDetails.children in SCORM Cloud response: {} (expected an array)',
    );
    expect(message(() => registrationReportFromV2({ id: 'r', activityDetails: { timeTracked: 12 } }, 'activity'))).toBe(
      'Invalid activityDetails.timeTracked in SCORM Cloud response: 12 (expected a duration string)',
    );
  });

  it('refuses an activity tree deeper than 64 levels', () => {
    let tree: Record<string, unknown> = { id: 'leaf' };
    for (let i = 0; i < 70; i++) tree = { id: `n${i}`, children: [tree] };
    expect(message(() => registrationReportFromV2({ id: 'r', activityDetails: tree }, 'activity'))).toMatch(/expected at most 64 levels of activities/);
  });
});

describe('inferResultsFormat', () => {
  it('reads the detail from the content', () => {
    expect(inferResultsFormat({ id: 'r' })).toBe('course');
    expect(inferResultsFormat({ id: 'r', activityDetails: { id: 'a', children: [{ id: 'b' }] } })).toBe('activity');
    expect(inferResultsFormat({ id: 'r', activityDetails: { id: 'a', children: [{ id: 'b', runtime: {} }] } })).toBe('full');
    expect(inferResultsFormat({ id: 'r', activityDetails: { id: 'a', objectives: [] } })).toBe('full');
    expect(inferResultsFormat([])).toBe('course');
  });
});

describe('buildRegistrationJson', () => {
  it('builds the RegistrationSchema of a course report', () => {
    expect(
      buildRegistrationJson({
        format: 'course',
        registrationId: 'r1',
        instanceId: 1,
        complete: 'complete',
        success: 'passed',
        score: 87.5,
        totalTimeSeconds: 61,
        updatedAt: new Date('2026-01-02T03:04:05.000Z'),
        courseId: 'c1',
        courseTitle: 'Golf',
      }),
    ).toEqual({
      id: 'r1',
      instance: 1,
      registrationCompletion: 'COMPLETED',
      registrationSuccess: 'PASSED',
      totalSecondsTracked: 61,
      updated: '2026-01-02T03:04:05.000Z',
      score: { scaled: 87.5 },
      course: { id: 'c1', title: 'Golf' },
    });
  });

  it('leaves out an unknown score and gives a tree to activity reports', () => {
    expect(
      buildRegistrationJson({
        format: 'activity',
        registrationId: 'r1',
        instanceId: 0,
        complete: 'incomplete',
        success: 'unknown',
        score: null,
        totalTimeSeconds: 75.25,
      }),
    ).toEqual({
      id: 'r1',
      instance: 0,
      registrationCompletion: 'INCOMPLETE',
      registrationSuccess: 'UNKNOWN',
      totalSecondsTracked: 75.25,
      activityDetails: {
        id: 'ROOT',
        title: '',
        attempts: 0,
        activityCompletion: 'INCOMPLETE',
        activitySuccess: 'UNKNOWN',
        timeTracked: '0000:01:15.25',
        children: [],
      },
    });
  });

  it('reads back as the report it was built from, for every format', () => {
    const activity = {
      id: 'root',
      title: 'Golf',
      attempts: 1,
      complete: 'complete' as const,
      success: 'failed' as const,
      score: 40,
      timeSeconds: 19,
      children: [
        { id: 'sco', title: 'Quiz', attempts: 2, complete: 'incomplete' as const, success: 'unknown' as const, score: null, timeSeconds: 3, children: [] },
      ],
    };
    const base = { registrationId: 'r1', instanceId: 2, complete: 'complete', success: 'failed', score: 40, totalTimeSeconds: 19 } as const;
    const reports: RegistrationReport[] = [
      { ...base, format: 'course', updatedAt: new Date('2026-01-01T00:00:00.000Z') },
      { ...base, format: 'activity', activity },
      {
        ...base,
        format: 'full',
        activity: {
          ...activity,
          suspended: false,
          objectives: [{ id: 'PRIMARYOBJ', measureStatus: true, normalizedMeasure: 0.4, progressStatus: true, satisfiedStatus: false }],
          runtime: { completionStatus: 'COMPLETED', scoreRaw: '4' },
          children: [{ ...activity.children[0]!, suspended: true, objectives: [] }],
        },
      },
    ];
    for (const report of reports) {
      const json = JSON.parse(JSON.stringify(buildRegistrationJson(report)));
      expect(registrationReportFromV2(json)).toEqual(report);
    }
  });
});
