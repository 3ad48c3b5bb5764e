import { useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

export interface UploadOptions {
  mode: 'proxy' | 'direct';
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
    get<{ data: { mode: string; maxBytes: number | null } }>('/scorm-cloud/courses/upload-options')
      .then(({ data }) => setOptions({ mode: data.data.mode === 'direct' ? 'direct' : 'proxy', maxBytes: data.data.maxBytes ?? null }))
      .catch(() => setOptions({ mode: 'proxy', maxBytes: null }));
  }, [enabled, get, options]);
  return options;
}
