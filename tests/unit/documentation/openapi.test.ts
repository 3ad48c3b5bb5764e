/**
 * The content API as Strapi's documentation plugin shows it: built from the routes themselves, so each
 * route is described, with its path parameters and who may call it.
 */
import { openApiPaths } from '../../../server/src/documentation/openapi';
import { modules } from '../../../server/src/modules';

const routes = modules.flatMap((m) => m.contentApiRoutes ?? []);
const paths = openApiPaths(routes);

describe('the OpenAPI description of the content API', () => {
  it('has one operation for every content-API route, and no other', () => {
    const operations = Object.entries(paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
    const expected = routes.map((r) => `${r.method} /scorm-cloud${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    expect(operations.sort()).toEqual(expected.sort());
    expect(operations).toContain('POST /scorm-cloud/postback');
    expect(operations).toContain('GET /scorm-cloud/courses/{courseId}/launch');
  });

  it('declares every path parameter, says who calls each route and what it answers', () => {
    for (const [path, ops] of Object.entries(paths)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(ops) as Array<Record<string, any>>) {
        expect(op.parameters.filter((p: { in: string }) => p.in === 'path').map((p: { name: string }) => p.name)).toEqual(names);
        expect(op.summary.length).toBeGreaterThan(10);
        expect(op.description).toMatch(/JWT|API token|Public/);
        expect(Object.keys(op.responses).length).toBeGreaterThanOrEqual(2);
        for (const status of Object.keys(op.responses)) expect(Number(status)).toBeGreaterThanOrEqual(200);
      }
    }
    // The public routes carry no bearer requirement; the others do.
    expect(paths['/scorm-cloud/postback'].post.security).toEqual([]);
    expect(paths['/scorm-cloud/me/registrations'].get.security).toEqual([{ bearerAuth: [] }]);
  });

  it('refuses a route without its description, naming it', () => {
    expect(() => openApiPaths([{ method: 'GET', path: '/undocumented', handler: 'x.y' }])).toThrow('The content-API route GET /undocumented has no doc');
  });
});
