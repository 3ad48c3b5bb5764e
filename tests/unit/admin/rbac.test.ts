/**
 * `useRBAC` takes an array of permissions; an object still works but warns in the console, and only in a
 * development build of the admin, which the browser tests (production builds) never see. Checked here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { COURSE_ACTIONS, PERMISSIONS, REGISTRATION_ACTIONS } from '../../../admin/src/permissions';

const root = path.join(__dirname, '..', '..', '..', 'admin', 'src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

describe('the admin’s permission checks', () => {
  it('passes arrays to useRBAC, never an object literal', () => {
    const calls = sources(root).flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/useRBAC\(\s*([^)]*)\)/g)].map((m) => ({ file: path.relative(root, file), arg: m[1].trim() })),
    );
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.filter((c) => c.arg.startsWith('{'))).toEqual([]);
  });

  it('keeps each list of actions an array whose names give the allowedActions the pages read', () => {
    const allowed = (list: { action: string }[]) => list.map((p) => p.action.split('.').slice(-1)[0]).sort();
    expect(Array.isArray(COURSE_ACTIONS)).toBe(true);
    expect(Array.isArray(REGISTRATION_ACTIONS)).toBe(true);
    expect(Object.values(PERMISSIONS).every(Array.isArray)).toBe(true);
    expect(allowed(COURSE_ACTIONS)).toEqual(['delete', 'read', 'update', 'upload']);
    expect(allowed(REGISTRATION_ACTIONS)).toEqual(['create', 'delete', 'override', 'read', 'refresh', 'reset']);
  });
});
