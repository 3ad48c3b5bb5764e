import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, Flex, Modal } from '@strapi/design-system';
import { useFailure } from '../api/errors';
import { useT } from '../hooks/useT';

/**
 * A modal form with the behaviour every editing dialog of the plugin shares: Cancel, a submit button
 * that shows progress and is disabled until `canSubmit`, and the API's refusal shown inside the dialog
 * (as `errorKey`, with `status` and `message`) so that nothing typed is lost. The dialog closes once
 * `onSubmit` resolves; `onSubmit` stores the result and tells the editor.
 */
export const FormDialog = ({
  open,
  onOpenChange,
  title,
  submitLabel,
  submitVariant,
  canSubmit,
  errorKey,
  onSubmit,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  submitLabel: string;
  submitVariant?: 'default' | 'danger';
  canSubmit: boolean;
  errorKey: string;
  onSubmit: () => Promise<void>;
  children: ReactNode;
}) => {
  const { t } = useT();
  const failure = useFailure();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (open) setError(undefined);
  }, [open]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      await onSubmit();
      onOpenChange(false);
    } catch (e) {
      const { status, message } = failure(e);
      setError(t(errorKey, { status, message }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal.Root open={open} onOpenChange={onOpenChange}>
      <Modal.Content>
        <form onSubmit={submit}>
          <Modal.Header>
            <Modal.Title>{title}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={4}>
              {children}
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
            <Button type="submit" variant={submitVariant} loading={saving} disabled={!canSubmit}>
              {submitLabel}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
