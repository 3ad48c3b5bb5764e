import { useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import type { SettingsView } from '../api/types';

export interface UploadOptions {
  mode: 'proxy' | 'direct';
  /** Unknown (null) when this admin may not read the settings; the server still enforces it. */
  maxBytes: number | null;
}

/**
 * The upload mode and size limit come with the settings. An editor who may upload but not read the
 * settings gets 403 there: the dialog then proxies through Strapi, which works in every mode but direct.
 */
export function useUploadOptions(enabled: boolean): UploadOptions | undefined {
  const { get } = useFetchClient();
  const [options, setOptions] = useState<UploadOptions>();
  useEffect(() => {
    if (!enabled || options) return;
    get<{ data: SettingsView }>('/scorm-cloud/settings')
      .then(({ data }) => setOptions({ mode: data.data.upload.mode === 'direct' ? 'direct' : 'proxy', maxBytes: data.data.upload.maxBytes ?? null }))
      .catch(() => setOptions({ mode: 'proxy', maxBytes: null }));
  }, [enabled, get, options]);
  return options;
}
