import { cloudStateFrom, compareProgress, isStale, storedProgress } from '../../../server/src/results/merge';
import type { RegistrationReport } from '../../../server/src/cloud/types';

const report = (instanceId: number, totalTimeSeconds: number, extra: Partial<RegistrationReport> = {}): RegistrationReport => ({
  format: 'course',
  registrationId: 'reg-1',
  instanceId,
  complete: 'complete',
  success: 'passed',
  score: 80,
  totalTimeSeconds,
  ...extra,
});

describe('merge rule', () => {
  const stored = { instanceId: 1, totalTimeSeconds: 300 };

  it('treats a report with less time in the same instance as stale', () => {
    expect(isStale(stored, report(1, 299))).toBe(true);
  });

  it('treats a report of an older instance as stale even with more time', () => {
    expect(isStale(stored, report(0, 10_000))).toBe(true);
  });

  it('applies an equal report (a duplicate, or a change that tracked no time)', () => {
    expect(isStale(stored, report(1, 300))).toBe(false);
  });

  it('applies a report with more time in the same instance', () => {
    expect(isStale(stored, report(1, 301))).toBe(false);
  });

  it('applies a report of a newer instance even with less time (after a reset)', () => {
    expect(isStale(stored, report(2, 0))).toBe(false);
  });

  it('orders progress lexicographically', () => {
    expect(compareProgress({ instanceId: 0, totalTimeSeconds: 5 }, { instanceId: 0, totalTimeSeconds: 4 })).toBe(1);
    expect(compareProgress({ instanceId: 0, totalTimeSeconds: 5 }, { instanceId: 1, totalTimeSeconds: 0 })).toBe(-1);
    expect(compareProgress({ instanceId: 3, totalTimeSeconds: 5 }, { instanceId: 3, totalTimeSeconds: 5 })).toBe(0);
  });

  it('reads a row that never reported as (0, 0), and decimals stored as strings', () => {
    expect(storedProgress({ instanceId: null, cloudTotalTime: null })).toEqual({ instanceId: 0, totalTimeSeconds: 0 });
    expect(storedProgress({ instanceId: '2', cloudTotalTime: '17' })).toEqual({ instanceId: 2, totalTimeSeconds: 17 });
    expect(isStale(storedProgress({}), report(0, 0))).toBe(false);
  });

  it('maps a report onto the Cloud columns, with the activity tree only for activity/full', () => {
    const at = new Date('2024-01-01T00:00:00Z');
    expect(cloudStateFrom(report(2, 12.6), 'postback', at)).toEqual({
      cloudComplete: 'complete',
      cloudSuccess: 'passed',
      cloudScore: 80,
      cloudTotalTime: 13,
      instanceId: 2,
      reportedAt: at,
      reportSource: 'postback',
      reportDetail: null,
      cloudUpdatedAt: null,
    });
    const activity = {
      id: 'ROOT',
      title: 'T',
      attempts: 1,
      complete: 'complete' as const,
      success: 'passed' as const,
      score: 80,
      timeSeconds: 5,
      children: [],
    };
    expect(cloudStateFrom(report(0, 5, { format: 'activity', activity }), 'refresh', at).reportDetail).toBe(activity);
  });

  describe("V2 reports, which carry the Cloud's update time", () => {
    const at = (iso: string) => new Date(iso);
    it('orders two reports of one instance by their update time, not by tracked time', () => {
      const stored = { instanceId: 0, totalTimeSeconds: 300, updatedAt: at('2024-05-01T10:00:05Z') };
      expect(isStale(stored, { instanceId: 0, totalTimeSeconds: 900, updatedAt: at('2024-05-01T10:00:04Z') })).toBe(true);
      expect(isStale(stored, { instanceId: 0, totalTimeSeconds: 300, updatedAt: at('2024-05-01T10:00:06Z') })).toBe(false);
    });
    it('falls back to tracked time when only one side has an update time (a V1 report after a V2 one)', () => {
      const stored = { instanceId: 0, totalTimeSeconds: 300, updatedAt: at('2024-05-01T10:00:05Z') };
      expect(isStale(stored, { instanceId: 0, totalTimeSeconds: 299 })).toBe(true);
      expect(isStale(stored, { instanceId: 0, totalTimeSeconds: 301 })).toBe(false);
    });
    it('still lets a newer instance win whatever its time', () => {
      expect(
        isStale(
          { instanceId: 1, totalTimeSeconds: 10, updatedAt: at('2024-05-02T00:00:00Z') },
          { instanceId: 2, totalTimeSeconds: 0, updatedAt: at('2024-05-01T00:00:00Z') },
        ),
      ).toBe(false);
    });
    it('reads the stored update time back from a row', () => {
      expect(storedProgress({ instanceId: 1, cloudTotalTime: 4, cloudUpdatedAt: '2024-05-01T10:00:05.000Z' })).toEqual({
        instanceId: 1,
        totalTimeSeconds: 4,
        updatedAt: at('2024-05-01T10:00:05Z'),
      });
    });
  });
});
