import { serviceEndpoint } from '../../../server/src/cloud/endpoint';

describe('serviceEndpoint: one serviceUrl for both API versions', () => {
  it.each([
    ['https://cloud.scorm.com', 'https://cloud.scorm.com/api', 'https://cloud.scorm.com/api/v2'],
    ['https://cloud.scorm.com/', 'https://cloud.scorm.com/api', 'https://cloud.scorm.com/api/v2'],
    ['https://cloud.scorm.com/api', 'https://cloud.scorm.com/api', 'https://cloud.scorm.com/api/v2'],
    ['https://cloud.scorm.com/api/v2', 'https://cloud.scorm.com/api', 'https://cloud.scorm.com/api/v2'],
    ['https://cloud.scorm.com/EngineWebServices', 'https://cloud.scorm.com/EngineWebServices/api', 'https://cloud.scorm.com/api/v2'],
    ['https://cloud.scorm.com/EngineWebServices/api', 'https://cloud.scorm.com/EngineWebServices/api', 'https://cloud.scorm.com/api/v2'],
    ['http://127.0.0.1:8089/api?x=1#y', 'http://127.0.0.1:8089/api', 'http://127.0.0.1:8089/api/v2'],
    ['https://proxy.example.com/scorm/api', 'https://proxy.example.com/scorm/api', 'https://proxy.example.com/scorm/api/v2'],
  ])('%s → V1 %s, V2 %s', (given, v1, v2) => {
    expect(serviceEndpoint(given, 'v1')).toBe(v1);
    expect(serviceEndpoint(given, 'v2')).toBe(v2);
  });
});
