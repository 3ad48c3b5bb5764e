import { parseAnyDuration, parseIsoDuration, parseScorm12Time, formatScorm12Time, activityStatus } from '../src/runtime';
import { parseArgs, runCli } from '../src/cli';
import { eventually } from '../../tests/helpers/eventually';

describe('runtime time formats', () => {
  it('reads SCORM 1.2 CMITimespan and ISO 8601 durations', () => {
    expect(parseScorm12Time('0000:15:41.98')).toBeCloseTo(941.98);
    expect(parseScorm12Time('01:00:00')).toBe(3600);
    expect(parseScorm12Time('bad')).toBeUndefined();
    expect(parseIsoDuration('PT1H2M3.5S')).toBeCloseTo(3723.5);
    expect(parseIsoDuration('P1DT1S')).toBe(86401);
    expect(parseIsoDuration('PT')).toBeUndefined();
    expect(parseAnyDuration(42)).toBe(42);
    expect(formatScorm12Time(941.98)).toBe('0000:15:41.98');
  });

  it('maps SCORM 1.2 lesson_status and scores relative to max', () => {
    const s = (cmi: Record<string, string>) => activityStatus('scorm12', { cmi, attempts: 1, priorSeconds: 0, sessionSeconds: 0 });
    expect(s({ 'cmi.core.lesson_status': 'failed', 'cmi.core.score.raw': '15', 'cmi.core.score.max': '20' })).toEqual({
      complete: 'complete',
      success: 'failed',
      score: 75,
    });
    expect(s({ 'cmi.core.lesson_status': 'browsed' })).toEqual({ complete: 'incomplete', success: 'unknown', score: undefined });
  });
});

describe('CLI', () => {
  it('parses repeatable app pairs and options', () => {
    const o = parseArgs(
      [
        '--port',
        '0',
        '--host=127.0.0.1',
        '--app-id',
        'A',
        '--secret-key',
        'S',
        '--app-id',
        'B',
        '--secret-key',
        'T',
        '--data-dir',
        '/tmp/x',
        '--import-delay-ms',
        '5',
      ],
      {},
    );
    expect(o).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      dataDir: '/tmp/x',
      importDelayMs: 5,
      apps: [
        { appId: 'A', secretKey: 'S' },
        { appId: 'B', secretKey: 'T' },
      ],
    });
    expect(() => parseArgs(['--app-id', 'A'], {})).toThrow(/no --secret-key/);
    expect(() => parseArgs(['--bogus'], {})).toThrow(/unknown option/);
    expect(parseArgs([], {}).apps).toEqual([{ appId: 'emulator-app', secretKey: 'emulator-secret' }]);
  });

  it('prints where it listens and which apps it accepts, and closes on SIGTERM', async () => {
    // The signal is emitted the way Node dispatches a real one (its name as the argument) rather than sent
    // with process.kill: Jest's sandboxed process object never installs an OS handler, so a real SIGTERM
    // would end the test run. Listeners the test runner may have added are set aside meanwhile, so the
    // CLI's own listener is the only one called, then put back.
    const others = process.listeners('SIGTERM');
    for (const listener of others) process.off('SIGTERM', listener);
    try {
      const lines: string[] = [];
      const done = runCli(['--port', '0', '--app-id', 'CLIAPP', '--secret-key', 'k', '--quiet'], { out: (s) => lines.push(s), err: (s) => lines.push(s) });
      await eventually('the CLI to print its app IDs', () => lines.some((l) => l.includes('app IDs')), { timeoutMs: 5_000 });
      const url = /listening on (\S+)/.exec(lines.join('\n'))?.[1];
      expect(url).toMatch(/^http:\/\/[^/]+:\d+$/);
      expect(lines.join('\n')).toContain('CLIAPP');
      expect((await fetch(`${url}/api?method=rustici.debug.ping`)).status).toBe(200);
      expect(process.listenerCount('SIGTERM')).toBe(1);
      process.emit('SIGTERM', 'SIGTERM');
      expect(await done).toBe(0);
      expect(lines).toContain('SIGTERM: closing the emulator');
      // Its listener is gone and its port is closed.
      expect(process.listenerCount('SIGTERM')).toBe(0);
      await expect(fetch(`${url}/api?method=rustici.debug.ping`)).rejects.toThrow();
    } finally {
      for (const listener of others) process.on('SIGTERM', listener);
    }
  });
});
