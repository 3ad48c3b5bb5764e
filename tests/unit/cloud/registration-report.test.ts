import {
  buildRegistrationReportXml,
  CloudAuthError,
  CloudResponseError,
  formatTimeSpan,
  parseRegistrationReport,
  type RegistrationReport,
} from '../../../server/src/cloud';
import * as fx from './fixtures/responses';

describe('parseRegistrationReport', () => {
  it('reads the course format wrapped in rsp', () => {
    expect(parseRegistrationReport(fx.REPORT_COURSE)).toEqual({
      format: 'course',
      registrationId: 'reg-1',
      instanceId: 0,
      complete: 'complete',
      success: 'passed',
      score: 100,
      totalTimeSeconds: 324,
    });
  });

  it('reads a compact live-style response, keeping a zero-padded regid as a string', () => {
    expect(parseRegistrationReport(fx.REPORT_COMPACT)).toMatchObject({
      registrationId: '0042',
      instanceId: 3,
      complete: 'incomplete',
      success: 'failed',
      score: 37.5,
      totalTimeSeconds: 60,
    });
  });

  it('reads a bare report (as postbacks send it), treats summary as course, and unknown score as null', () => {
    expect(parseRegistrationReport(fx.REPORT_UNKNOWN_BARE)).toEqual({
      format: 'course',
      registrationId: 'reg-new',
      instanceId: 0,
      complete: 'unknown',
      success: 'unknown',
      score: null,
      totalTimeSeconds: 0,
    });
  });

  it('reads the activity format: Big Four from the root, time across attempts rounded to seconds', () => {
    const r = parseRegistrationReport(fx.REPORT_ACTIVITY);
    expect(r).toMatchObject({ format: 'activity', registrationId: 'myreg27', complete: 'incomplete', success: 'passed', score: 43, totalTimeSeconds: 942 });
    expect(r.activity).toMatchObject({ id: 'articulate_rise', title: 'ACE 19 - Case Finances', attempts: 1, timeSeconds: 942 });
    expect(r.activity!.children.map((c) => [c.id, c.attempts, c.complete, c.success, c.score, c.timeSeconds, c.children.length])).toEqual([
      ['i1', 2, 'complete', 'passed', 43, 942, 0],
      ['i2', 0, 'unknown', 'unknown', null, 0, 0],
    ]);
  });

  it('reads the full format: sequencing flags, objectives and the runtime block as a loose record', () => {
    const r = parseRegistrationReport(fx.REPORT_FULL);
    // completed=false with progress known → incomplete; primary objective satisfied → passed; measure 0.53 → 53.
    expect(r).toMatchObject({ format: 'full', registrationId: 'myreg74', complete: 'incomplete', success: 'passed', score: 53 });
    expect(r.totalTimeSeconds).toBe(68 * 3600 + 2 * 60 + 8); // 0068:02:08.47
    const a = r.activity!;
    expect(a).toMatchObject({ satisfied: true, completed: false, progressStatus: true, suspended: false, attempts: 1 });
    expect(a.objectives).toEqual([{ id: 'PRIMARYOBJ', measureStatus: true, normalizedMeasure: 0.53, progressStatus: true, satisfiedStatus: true }]);
    expect(a.runtime).toMatchObject({
      completion_status: 'completed',
      score_raw: '534',
      suspend_data: 'user <data> & more',
      learnerpreference: { audio_level: '1.0', language: '' },
      static: { learner_id: 'daveid' },
    });
    expect(a.runtime!.interactions).toEqual({
      interaction: [
        { '@id': '1', result: 'correct' },
        { '@id': '2', result: 'wrong' },
      ],
    });
  });

  it.each([
    ['complete', '<complete>done</complete><success>passed</success><totaltime>1</totaltime><score>1</score>', /Invalid complete/],
    ['success', '<complete>complete</complete><success>great</success><totaltime>1</totaltime><score>1</score>', /Invalid success/],
    ['score', '<complete>complete</complete><success>passed</success><totaltime>1</totaltime><score>high</score>', /Invalid score/],
    ['totaltime', '<complete>complete</complete><success>passed</success><totaltime>long</totaltime><score>1</score>', /Invalid totaltime/],
  ])('rejects an invalid %s value, naming the field', (_f, inner, message) => {
    const xml = `<registrationreport format="course" regid="r" instanceid="0">${inner}</registrationreport>`;
    expect(() => parseRegistrationReport(xml)).toThrow(CloudResponseError);
    expect(() => parseRegistrationReport(xml)).toThrow(message);
  });

  it('rejects an unknown format, a missing report, a failure envelope, DTDs and oversized postbacks', () => {
    expect(() => parseRegistrationReport(fx.REPORT_UNKNOWN_BARE.replace('summary', 'whatever'))).toThrow(/registrationreport\/@format/);
    expect(() => parseRegistrationReport(fx.ok('<success/>'))).toThrow(/registrationreport/);
    expect(() => parseRegistrationReport(fx.FAIL_103)).toThrow(CloudAuthError);
    expect(() => parseRegistrationReport(fx.BILLION_LAUGHS)).toThrow(/DTD/);
    expect(() => parseRegistrationReport(fx.REPORT_FULL, { maxBytes: 512 })).toThrow(/exceeds 512 bytes/);
  });
});

describe('buildRegistrationReportXml', () => {
  const course: RegistrationReport = {
    format: 'course',
    registrationId: 'reg & <1>',
    instanceId: 2,
    complete: 'complete',
    success: 'failed',
    score: null,
    totalTimeSeconds: 125.6,
  };

  it('produces the bare compact report the Cloud posts back', () => {
    expect(buildRegistrationReportXml(course)).toBe(
      '<registrationreport format="course" regid="reg &amp; &lt;1&gt;" instanceid="2"><complete>complete</complete><success>failed</success><totaltime>126</totaltime><score>unknown</score></registrationreport>',
    );
  });

  it('round-trips course, activity and full reports through the parser (bare and in an envelope)', () => {
    expect(parseRegistrationReport(buildRegistrationReportXml(course))).toEqual({ ...course, totalTimeSeconds: 126 });
    expect(parseRegistrationReport(buildRegistrationReportXml(course, { envelope: true }))).toEqual({ ...course, totalTimeSeconds: 126 });

    for (const format of ['activity', 'full'] as const) {
      const parsed = parseRegistrationReport(fx.REPORT_ACTIVITY.replace('format="activity"', `format="${format === 'full' ? 'activity' : format}"`));
      const report: RegistrationReport = { ...parsed, format };
      const again = parseRegistrationReport(buildRegistrationReportXml(report));
      expect(again).toMatchObject({ format, complete: 'incomplete', success: 'passed', score: 43, totalTimeSeconds: 942 });
      expect(again.activity!.children.map((c) => [c.id, c.complete, c.success, c.score])).toEqual([
        ['i1', 'complete', 'passed', 43],
        ['i2', 'unknown', 'unknown', null],
      ]);
    }
    const full = parseRegistrationReport(fx.REPORT_FULL);
    expect(parseRegistrationReport(buildRegistrationReportXml(full))).toEqual(full);
  });

  it('formats activity times as hhhh:mm:ss.ss', () => {
    expect(formatTimeSpan(941.98)).toBe('0000:15:41.98');
    expect(formatTimeSpan(68 * 3600 + 128.47)).toBe('0068:02:08.47');
    expect(formatTimeSpan(0)).toBe('0000:00:00.00');
  });
});
