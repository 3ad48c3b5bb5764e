import { serviceUrlWarning } from '../../../server/src/config/service-url-warning';

describe('the startup warning about serviceUrl', () => {
  it('says nothing for SCORM Cloud over HTTPS, nor outside production', () => {
    expect(serviceUrlWarning('https://cloud.scorm.com', 'production')).toBeUndefined();
    expect(serviceUrlWarning('http://127.0.0.1:3999', 'development')).toBeUndefined();
    expect(serviceUrlWarning('http://127.0.0.1:3999', undefined)).toBeUndefined();
  });

  it('names the loopback emulator in production', () => {
    for (const url of ['http://127.0.0.1:3999', 'https://localhost:4000/api', 'http://[::1]:3999']) {
      expect(serviceUrlWarning(url, 'production')).toMatch(/is this machine \(the local emulator\?\) while Strapi runs in production/);
    }
  });

  it('names plain HTTP in production', () => {
    expect(serviceUrlWarning('http://scorm-proxy.internal:8080', 'production')).toBe(
      "[scorm-cloud] serviceUrl http://scorm-proxy.internal:8080 is plain HTTP while Strapi runs in production: the app's credentials and learners' results would travel unencrypted. Use https://.",
    );
  });
});
