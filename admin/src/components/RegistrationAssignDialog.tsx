import { useEffect, useState } from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { Field, TextInput } from '@strapi/design-system';
import { useCreateRegistrationMutation } from '../api/scorm-cloud-api';
import { useT } from '../hooks/useT';
import { FormDialog } from './FormDialog';

const EMPTY = { learnerId: '', firstName: '', lastName: '', email: '' };

/** Assigns the course to a learner named by ID: `POST /registrations`; an existing registration is answered as is. */
export const RegistrationAssignDialog = ({ open, onOpenChange, courseId }: { open: boolean; onOpenChange: (open: boolean) => void; courseId: string }) => {
  const { t } = useT();
  const [createRegistration] = useCreateRegistrationMutation();
  const { toggleNotification } = useNotification();
  const [form, setForm] = useState(EMPTY);

  useEffect(() => {
    if (open) setForm(EMPTY);
  }, [open]);

  const field = (name: keyof typeof EMPTY, required = false) => (
    <Field.Root name={name} required={required}>
      <Field.Label>{t(`registrations.assign.${name}`)}</Field.Label>
      <TextInput value={form[name]} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [name]: e.target.value })} />
    </Field.Root>
  );

  const submit = async () => {
    const trimmed = (v: string) => v.trim() || undefined;
    await createRegistration({
      courseId,
      learner: {
        learnerId: form.learnerId.trim(),
        firstName: trimmed(form.firstName),
        lastName: trimmed(form.lastName),
        email: trimmed(form.email),
      },
    }).unwrap();
    toggleNotification({
      type: 'success',
      message: t('registrations.assign.done', {
        learner: [form.firstName.trim(), form.lastName.trim()].filter(Boolean).join(' ') || form.learnerId.trim(),
      }),
    });
  };

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={t('registrations.assign.title')}
      submitLabel={t('registrations.assign.submit')}
      canSubmit={!!form.learnerId.trim()}
      errorKey="registrations.error.action"
      onSubmit={submit}
    >
      {field('learnerId', true)}
      {field('firstName')}
      {field('lastName')}
      {field('email')}
    </FormDialog>
  );
};
