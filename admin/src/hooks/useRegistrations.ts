import { useCallback, useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { apiFailure, type ApiFailure } from '../api/errors';
import type { RegistrationDetail, RegistrationList } from '../api/types';
import { PLUGIN_BASE } from '../pluginId';

export const registrationsPath = `${PLUGIN_BASE}/registrations`;
export const registrationPath = (registrationId: string) => `${registrationsPath}/${encodeURIComponent(registrationId)}`;
export const registrationApi = (registrationId: string) => `/scorm-cloud/registrations/${encodeURIComponent(registrationId)}`;

export interface RegistrationFilters {
  courseId?: string;
  learnerId?: string;
  complete?: string;
  success?: string;
  q?: string;
  page?: number;
  pageSize?: number;
  sort?: string;
}

/** One page of registrations for the given filters; `undefined` filters are left out of the query. */
export function useRegistrations(filters: RegistrationFilters) {
  const { get } = useFetchClient();
  const [list, setList] = useState<RegistrationList>();
  const [error, setError] = useState<ApiFailure>();
  const { courseId, learnerId, complete, success, q, page, pageSize, sort } = filters;

  const reload = useCallback(async () => {
    try {
      const params = Object.fromEntries(
        Object.entries({ courseId, learnerId, complete, success, q, page, pageSize, sort }).filter(([, v]) => v !== undefined && v !== ''),
      );
      const { data } = await get<RegistrationList>('/scorm-cloud/registrations', { params });
      setList(data);
      setError(undefined);
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') return;
      setError(apiFailure(e));
    }
  }, [get, courseId, learnerId, complete, success, q, page, pageSize, sort]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { list, error, reload };
}

/** One registration with its override history. */
export function useRegistration(registrationId: string | undefined) {
  const { get } = useFetchClient();
  const [registration, setRegistration] = useState<RegistrationDetail>();
  const [error, setError] = useState<ApiFailure>();

  const reload = useCallback(async () => {
    if (!registrationId) return;
    try {
      const { data } = await get<{ data: RegistrationDetail }>(registrationApi(registrationId));
      setRegistration(data.data);
      setError(undefined);
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') return;
      setError(apiFailure(e));
    }
  }, [get, registrationId]);

  useEffect(() => {
    setRegistration(undefined);
    void reload();
  }, [reload]);

  return { registration, setRegistration, error, reload };
}
