import type { PluginRoute, RouteDoc } from '../module';

type Operation = Record<string, unknown>;

const SECURITY: Record<RouteDoc['caller'], Array<Record<string, string[]>>> = {
  user: [{ bearerAuth: [] }],
  token: [{ bearerAuth: [] }],
  'user-or-token': [{ bearerAuth: [] }],
  public: [],
};

const CALLER: Record<RouteDoc['caller'], string> = {
  user: 'Called with a users-permissions JWT.',
  token: 'Called with an API token.',
  'user-or-token': 'Called with a users-permissions JWT or an API token.',
  public: 'Public: the route checks a credential of its own.',
};

/** `/registrations/:registrationId/launch` → `/registrations/{registrationId}/launch`, and the names. */
const templateOf = (path: string) => ({
  template: path.replace(/:([A-Za-z0-9_]+)/g, '{$1}'),
  params: [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]),
});

/**
 * The OpenAPI paths of the plugin's content API, under the plugin's prefix (`/scorm-cloud/...`, below the
 * app's `/api`), built from the routes themselves so that a route cannot go undocumented. Throws naming
 * a route without its `doc`.
 */
export function openApiPaths(routes: PluginRoute[], prefix = '/scorm-cloud'): Record<string, Record<string, Operation>> {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const route of routes) {
    const doc = route.doc;
    if (!doc) throw new Error(`The content-API route ${route.method} ${route.path} has no doc: describe it where it is defined.`);
    const { template, params } = templateOf(route.path);
    const parameters = [
      ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...Object.entries(doc.query ?? {}).map(([name, description]) => ({ name, in: 'query', required: false, description, schema: { type: 'string' } })),
    ];
    const operation: Operation = {
      tags: ['SCORM Cloud'],
      summary: doc.summary,
      description: [doc.description, CALLER[doc.caller]].filter(Boolean).join('\n\n'),
      operationId: `scorm-cloud ${route.method} ${route.path}`,
      security: SECURITY[doc.caller],
      parameters,
      responses: Object.fromEntries(Object.entries(doc.responses).map(([status, description]) => [status, { description }])),
    };
    if (doc.body) operation.requestBody = { description: doc.body, content: { 'application/json': { schema: { type: 'object' } } } };
    paths[`${prefix}${template}`] = { ...paths[`${prefix}${template}`], [route.method.toLowerCase()]: operation };
  }
  return paths;
}
