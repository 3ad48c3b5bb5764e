import { apiErrorFor, CloudResponseError } from '../errors';
import { child, parseXml, type ParseXmlOptions, type XmlElement } from '../xml';
import { intField } from './fields';

export type Envelope = { stat: 'ok'; rsp: XmlElement } | { stat: 'fail'; code: number; message: string; rsp: XmlElement };

/**
 * Reads the `<rsp stat="ok|fail">` envelope. Failures are data here (the Cloud sends them with HTTP 200);
 * `expectOk` turns them into typed errors. Like the official .NET library, a body that does not start
 * with an XML declaration is not a V1 response (proxies and load balancers answer HTML).
 */
export function parseEnvelope(body: string, options: ParseXmlOptions = {}): Envelope {
  const { method } = options;
  if (
    typeof body !== 'string' ||
    !body
      .replace(/^\uFEFF/, '')
      .trimStart()
      .startsWith('<?xml')
  ) {
    throw new CloudResponseError('Response is not a V1 XML document (no <?xml declaration)', method);
  }
  const rsp = parseXml(body, options);
  return envelopeOf(rsp, method);
}

export function envelopeOf(rsp: XmlElement, method?: string): Envelope {
  if (rsp.name !== 'rsp') throw new CloudResponseError(`Response root is <${rsp.name}>, expected <rsp>`, method);
  const stat = rsp.attrs.stat;
  if (stat === 'ok') return { stat: 'ok', rsp };
  if (stat !== 'fail') throw new CloudResponseError(`Invalid rsp/@stat: ${JSON.stringify(stat ?? null)}`, method);
  const err = child(rsp, 'err');
  if (!err) throw new CloudResponseError('Failure response without <err>', method);
  const code = intField(err.attrs.code, 'err/@code', { method });
  return { stat: 'fail', code, message: err.attrs.msg ?? err.text, rsp };
}

/** The `<rsp>` element of a successful response; a failure becomes CloudApiError / CloudAuthError. */
export function expectOk(body: string, options: ParseXmlOptions = {}): XmlElement {
  const env = parseEnvelope(body, options);
  if (env.stat === 'fail') throw apiErrorFor(env.code, env.message, options.method);
  return env.rsp;
}
