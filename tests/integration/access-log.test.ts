/**
 * Strapi's access log never shows a secret carried in a URL: launch tickets (a path segment) and the
 * direct-upload completion's signed state and import token (query values). Everything else is logged
 * as it came, and the routes still read the real URL.
 */
import { bootStack, type Stack } from '../helpers/stack';

describe('the access log', () => {
  let stack: Stack;
  let lines: string[];
  let restore: () => void;

  beforeAll(async () => {
    stack = await bootStack({ pluginConfig: { upload: { mode: 'direct' } } });
    const log = stack.app.strapi.log as unknown as { http: (message: string) => unknown };
    const http = log.http.bind(log);
    lines = [];
    log.http = (message: string) => {
      lines.push(message);
      return http(message);
    };
    restore = () => {
      log.http = http;
    };
  });
  afterAll(async () => {
    restore?.();
    await stack?.destroy();
  });

  const logged = (path: string) => lines.filter((line) => line.includes(path));

  it('shows a launch ticket redacted, and the route still redeemed the real one', async () => {
    const res = await stack.app.request().get('/api/scorm-cloud/launch-tickets/TICKET-SECRET-1234567890abcdef');
    // An unknown ticket: the route read it (and refused it), whatever the log shows.
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const shown = logged('/api/scorm-cloud/launch-tickets/');
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain('GET /api/scorm-cloud/launch-tickets/[redacted]');
    expect(shown[0]).toContain(` ${res.status}`);
    expect(lines.join('\n')).not.toContain('TICKET-SECRET');
  });

  it("shows a direct upload's state and token redacted, the other parameters as sent", async () => {
    const res = await stack.app
      .request()
      .get('/api/scorm-cloud/direct-uploads/c-unknown/complete?state=1.STATE-SECRET&success=true&courseid=c-unknown&tokenid=TOKEN-SECRET');
    // The route read the real state: a forged one is refused in words naming the course.
    expect(res.status).toBe(403);
    expect(res.text).toContain('not valid for course c-unknown');
    const shown = logged('/direct-uploads/c-unknown/complete');
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain('/api/scorm-cloud/direct-uploads/c-unknown/complete?state=[redacted]&success=true&courseid=c-unknown&tokenid=[redacted]');
    expect(lines.join('\n')).not.toMatch(/STATE-SECRET|TOKEN-SECRET/);
  });

  it('shows every other URL as it came', async () => {
    await stack.app.request().get('/api/scorm-cloud/courses?page=2&pageSize=5');
    expect(logged('/api/scorm-cloud/courses?')).toEqual([expect.stringContaining('GET /api/scorm-cloud/courses?page=2&pageSize=5')]);
  });
});
