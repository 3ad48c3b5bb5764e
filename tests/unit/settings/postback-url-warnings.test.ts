import { postbackUrlWarnings } from '../../../server/src/settings/postback-url-warnings';

const CLOUD = 'https://cloud.scorm.com/api/v2';
const EMULATOR = 'http://127.0.0.1:3210/api';

describe('postback URL warnings', () => {
  it('says nothing of a public HTTPS address', () => {
    expect(postbackUrlWarnings('https://learn.example.com/api/scorm-cloud/postback', CLOUD, 'production')).toEqual([]);
  });

  it.each([
    'http://localhost:1337',
    'http://127.0.0.1:1337',
    'http://[::1]:1337',
    'https://10.0.0.5',
    'https://192.168.1.20',
    'https://172.20.0.3',
    'https://strapi.local',
  ])('says that the real SCORM Cloud cannot reach %s', (origin) => {
    const warnings = postbackUrlWarnings(`${origin}/api/scorm-cloud/postback`, CLOUD, 'development');
    expect(warnings).toEqual([expect.stringContaining(`SCORM Cloud cannot reach ${new URL(origin).origin}`)]);
    expect(warnings[0]).toContain('publicUrl');
  });

  it('accepts this machine when SCORM Cloud is the local emulator, and a public 172.x address', () => {
    expect(postbackUrlWarnings('http://127.0.0.1:1337/api/scorm-cloud/postback', EMULATOR, 'development')).toEqual([]);
    expect(postbackUrlWarnings('https://172.32.0.1/api/scorm-cloud/postback', CLOUD, 'production')).toEqual([]);
  });

  it('warns of plain HTTP outside development only', () => {
    expect(postbackUrlWarnings('http://learn.example.com/api/scorm-cloud/postback', CLOUD, 'development')).toEqual([]);
    for (const environment of ['production', 'staging', undefined]) {
      expect(postbackUrlWarnings('http://learn.example.com/api/scorm-cloud/postback', CLOUD, environment)).toEqual([
        expect.stringMatching(/^Postbacks are sent to http:\/\/learn\.example\.com over plain HTTP: .*https:\/\//),
      ]);
    }
  });
});
