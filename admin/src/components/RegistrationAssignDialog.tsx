import { useEffect, useState } from 'react';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { Alert, Button, Field, Flex, Modal, TextInput } from '@strapi/design-system';
import { apiFailure } from '../api/errors';
import type { RegistrationView } from '../api/types';
import { useT } from '../hooks/useT';

const EMPTY = { learnerId: '', firstName: '', lastName: '', email: '' };

/** Assigns the course to a learner named by ID: `POST /registrations`; an existing registration is answered as is. */
export const RegistrationAssignDialog = ({
  open,
  onOpenChange,
  courseId,
  onAssigned,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  courseId: string;
  onAssigned: (registration: RegistrationView) => void;
}) => {
  const { t } = useT();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [form, setForm] = useState(EMPTY);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!open) return;
    setForm(EMPTY);
    setError(undefined);
  }, [open]);

  const field = (name: keyof typeof EMPTY, required = false) => (
    <Field.Root name={name} required={required}>
      <Field.Label>{t(`registrations.assign.${name}`)}</Field.Label>
      <TextInput value={form[name]} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [name]: e.target.value })} />
    </Field.Root>
  );

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      const trimmed = (v: string) => v.trim() || undefined;
      const { data } = await post<{ data: RegistrationView }>('/scorm-cloud/registrations', {
        courseId,
        learner: {
          learnerId: form.learnerId.trim(),
          firstName: trimmed(form.firstName),
          lastName: trimmed(form.lastName),
          email: trimmed(form.email),
        },
      });
      onAssigned(data.data);
      onOpenChange(false);
      toggleNotification({ type: 'success', message: t('registrations.assign.done', { learner: form.learnerId.trim() }) });
    } catch (e) {
      const { status, message } = apiFailure(e);
      setError(t('registrations.error.action', { status: status ?? '?', message: message ?? '' }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal.Root open={open} onOpenChange={onOpenChange}>
      <Modal.Content>
        <form onSubmit={submit}>
          <Modal.Header>
            <Modal.Title>{t('registrations.assign.title')}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={4}>
              {field('learnerId', true)}
              {field('firstName')}
              {field('lastName')}
              {field('email')}
              {error && (
                <Alert variant="danger" closeLabel={t('common.close')} onClose={() => setError(undefined)}>
                  {error}
                </Alert>
              )}
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">{t('common.cancel')}</Button>
            </Modal.Close>
            <Button type="submit" loading={saving} disabled={!form.learnerId.trim()}>
              {t('registrations.assign.submit')}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
