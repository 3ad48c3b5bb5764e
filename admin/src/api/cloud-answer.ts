export interface CloudImportAnswer {
  token?: string;
  /** The Cloud's `<err msg>` when it refused the package. */
  error?: string;
}

/** Reads `<rsp stat="ok"><token><id>…</id></token></rsp>` or `<rsp stat="fail"><err msg="…"/></rsp>`. */
export function parseImportAnswer(xml: string): CloudImportAnswer {
  const err = /<err\b[^>]*\bmsg="([^"]*)"/.exec(xml);
  if (/stat="fail"/.test(xml) || err) return { error: err?.[1] ?? 'SCORM Cloud refused the package' };
  const token = /<token>\s*<id>([^<]+)<\/id>/.exec(xml) ?? /<id>([^<]+)<\/id>/.exec(xml);
  return { token: token?.[1]?.trim() };
}
