/**
 * The content API in the OpenAPI file Strapi's documentation plugin generates at boot: our descriptions
 * replace the entries it would generate for the plugin's routes, which would say only "scorm-cloud".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeOn } from '../helpers/api-version';
import { bootStack, type Stack } from '../helpers/stack';

describeOn('v2', "the documentation plugin's OpenAPI file", 'the routes it describes are the same on both API versions', () => {
  let stack: Stack;
  let spec: { paths: Record<string, Record<string, any>> };

  beforeAll(async () => {
    stack = await bootStack({ env: { STRAPI_TEST_DOCUMENTATION: 'true' }, pluginConfig: { poller: { enabled: false } } });
    const docs = stack.app.strapi.plugin('documentation').service('documentation');
    spec = JSON.parse(readFileSync(join(docs.getFullDocumentationPath(), docs.getDocumentationVersion(), 'full_documentation.json'), 'utf8'));
  });
  afterAll(() => stack?.destroy());

  it("has the plugin's content-API routes with our descriptions", () => {
    const launch = spec.paths['/scorm-cloud/courses/{courseId}/launch']?.get;
    expect(launch).toBeDefined();
    expect(launch.summary).toMatch(/launch/i);
    expect(launch.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'courseId', in: 'path', required: true })]));
    expect(spec.paths['/scorm-cloud/postback'].post.security).toEqual([]);
    expect(spec.paths['/scorm-cloud/me/registrations'].get.security).toEqual([{ bearerAuth: [] }]);
  });

  it('lists no admin route and no entry generated from the plugin itself', () => {
    const ours = Object.keys(spec.paths).filter((p) => p.startsWith('/scorm-cloud'));
    expect(ours.length).toBeGreaterThan(5);
    // Admin routes (courses upload, settings) are not the content API.
    expect(ours).not.toContain('/scorm-cloud/settings');
    for (const path of ours) for (const op of Object.values(spec.paths[path])) expect(op.description).toMatch(/JWT|API token|Public/);
  });
});
