import type { ApiVersion } from '../../server/src/cloud';

/** The API version this integration run configures the plugin with (one jest project per version). */
export const API_VERSION: ApiVersion = process.env.SCORM_CLOUD_TEST_API_VERSION === 'v1' ? 'v1' : 'v2';

/** `describe` on the named version, a skip with the reason printed on the other. */
export function describeOn(version: ApiVersion, name: string, reason: string, body: () => void): void {
  if (API_VERSION === version) {
    describe(name, body);
    return;
  }
  // Printed so a skipped suite says why instead of vanishing.
  console.log(`[tests] "${name}" runs on API ${version} only: ${reason}`);
  describe.skip(name, body);
}

/** The same choice for one test. */
export const itOn = (version: ApiVersion): jest.It => (API_VERSION === version ? it : it.skip);
