import { useEffect, useState } from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { Field, NumberInput, SingleSelect, SingleSelectOption, Textarea } from '@strapi/design-system';
import { useSetOverrideMutation } from '../api/scorm-cloud-api';
import type { Completion, RegistrationDetail, Success } from '../api/types';
import { COMPLETIONS, SUCCESSES } from '../api/values';
import { useT } from '../hooks/useT';
import { FormDialog } from './FormDialog';
import { learnerName, useResultText } from './RegistrationsTable';

/** The select's value for "no override: SCORM Cloud's value counts". */
const CLOUD = '__cloud';

/**
 * Sets the overrides of a registration. Every field is sent: the Cloud choice (or an empty score)
 * removes that field's override, so the form always shows the whole override as it will be.
 */
export const OverrideDialog = ({
  open,
  onOpenChange,
  registration,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  registration: RegistrationDetail;
}) => {
  const { t } = useT();
  const text = useResultText();
  const [setOverride] = useSetOverrideMutation();
  const { toggleNotification } = useNotification();
  const [complete, setComplete] = useState(CLOUD);
  const [success, setSuccess] = useState(CLOUD);
  const [score, setScore] = useState<number | undefined>();
  const [reason, setReason] = useState('');

  useEffect(() => {
    if (!open) return;
    setComplete(registration.override?.complete ?? CLOUD);
    setSuccess(registration.override?.success ?? CLOUD);
    setScore(registration.override?.score ?? undefined);
    setReason('');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const scoreInvalid = score !== undefined && (score < 0 || score > 100);
  const nothing = complete === CLOUD && success === CLOUD && score === undefined && !registration.override;

  const save = async () => {
    await setOverride({
      registrationId: registration.registrationId,
      complete: complete === CLOUD ? null : (complete as Completion),
      success: success === CLOUD ? null : (success as Success),
      score: score === undefined ? null : score,
      reason: reason.trim(),
    }).unwrap();
    toggleNotification({ type: 'success', message: t('registrations.override.saved', { learner: learnerName(registration) }) });
  };

  /** Completion or success: SCORM Cloud's value (named in the hint) or one that overrides it. */
  const resultSelect = (field: 'complete' | 'success', values: readonly string[], value: string, setValue: (v: string) => void) => (
    <Field.Root name={field} hint={t('registrations.override.cloudHint', { value: text(field, registration.cloud[field], registration.cloud) })}>
      <Field.Label>{t(`registrations.field.${field}`)}</Field.Label>
      <SingleSelect value={value} onChange={(v: string | number) => setValue(String(v))}>
        <SingleSelectOption value={CLOUD}>{t('registrations.override.useCloud')}</SingleSelectOption>
        {values.map((v) => (
          <SingleSelectOption key={v} value={v}>
            {t(`registrations.value.${v}`)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Hint />
    </Field.Root>
  );

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={t('registrations.override.title')}
      submitLabel={t('registrations.override.submit')}
      canSubmit={!!reason.trim() && !scoreInvalid && !nothing}
      errorKey="registrations.error.action"
      onSubmit={save}
    >
      {resultSelect('complete', COMPLETIONS, complete, setComplete)}
      {resultSelect('success', SUCCESSES, success, setSuccess)}
      <Field.Root name="score" hint={t('registrations.override.scoreHint')} error={scoreInvalid ? t('registrations.override.scoreRange') : undefined}>
        <Field.Label>{t('registrations.field.score')}</Field.Label>
        <NumberInput value={score} onValueChange={(v: number | undefined) => setScore(v)} />
        <Field.Hint />
        <Field.Error />
      </Field.Root>
      <Field.Root name="reason" required>
        <Field.Label>{t('registrations.field.reason')}</Field.Label>
        <Textarea value={reason} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)} />
      </Field.Root>
    </FormDialog>
  );
};
