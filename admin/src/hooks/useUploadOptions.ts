import { useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import type { DataBody, UploadOptions as UploadOptionsBody } from '../api/types';

/** The route's answer, or (maxBytes null) what the dialog assumes when it could not be read. */
export interface UploadOptions {
  mode: UploadOptionsBody['mode'];
  /** Unknown (null) when the options could not be read; the server still enforces it. */
  maxBytes: number | null;
}

/**
 * The upload mode and size limit, from the route that needs only the upload permission (editors may
 * lack `settings.read`). Should it fail, the dialog proxies through Strapi, which works in every mode.
 */
export function useUploadOptions(enabled: boolean): UploadOptions | undefined {
  const { get } = useFetchClient();
  const [options, setOptions] = useState<UploadOptions>();
  useEffect(() => {
    if (!enabled || options) return;
    get<DataBody<UploadOptionsBody>>('/scorm-cloud/courses/upload-options')
      .then(({ data }) => setOptions({ mode: data.data.mode === 'direct' ? 'direct' : 'proxy', maxBytes: data.data.maxBytes ?? null }))
      .catch(() => setOptions({ mode: 'proxy', maxBytes: null }));
  }, [enabled, get, options]);
  return options;
}
