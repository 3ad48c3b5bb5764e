// Projects so that `npm test` runs everything, and each layer can run alone (`npx jest --selectProjects unit`).
// The integration suite runs once per SCORM Cloud API version (`TEST_API_VERSIONS=v1 npm test` picks one),
// the way each suite runs once per database.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' } }];
const base = { testEnvironment: 'node', transform: { '^.+\\.(t|j)sx?$': swc }, moduleFileExtensions: ['ts', 'tsx', 'js', 'json'] };

const apiVersions = (process.env.TEST_API_VERSIONS || 'v2,v1')
  .split(',')
  .map((v) => v.trim())
  .filter(Boolean);

const integration = (version) => ({
  ...base,
  displayName: `integration ${version}`,
  testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
  globalSetup: '<rootDir>/tests/helpers/global-setup.js',
  setupFiles: [`<rootDir>/tests/helpers/api-version-${version}.js`],
});

module.exports = {
  testTimeout: 120_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { ...base, displayName: 'emulator', testMatch: ['<rootDir>/emulator/tests/**/*.test.ts'] },
    ...apiVersions.map(integration),
    { ...base, displayName: 'browser', testMatch: ['<rootDir>/tests/browser/**/*.test.ts'] },
  ],
};
