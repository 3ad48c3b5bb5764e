import { useRef, useState } from 'react';
import { Box, Field, Flex, Typography } from '@strapi/design-system';
import { CloudUpload } from '@strapi/icons';
import { styled } from 'styled-components';

interface PackageDropZoneProps {
  /** Several files at once (a new course), or one (a new version). */
  multiple: boolean;
  disabled: boolean;
  /** What the zone says: where to drop, or that a click chooses. */
  prompt: string;
  onFiles: (files: File[]) => void;
}

// As the Media Library's "From computer" zone: a dashed box with a transparent file input over it, so a
// click anywhere chooses files and a drop anywhere lands on it.
const Zone = styled(Box)`
  border-style: dashed;
`;

const CoveringInput = styled(Box)`
  opacity: 0;
  cursor: pointer;
  &:disabled {
    cursor: not-allowed;
  }
`;

/** The file field of the upload dialog. Rendered inside a Field.Root, whose label, hint and error it takes. */
export const PackageDropZone = ({ multiple, disabled, prompt, onFiles }: PackageDropZoneProps) => {
  const { id, name, hint, error } = Field.useField('PackageDropZone');
  const [dragOver, setDragOver] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;

  const take = (list: FileList | null | undefined) => {
    const files = Array.from(list ?? []);
    if (files.length) onFiles(multiple ? files : files.slice(0, 1));
  };

  return (
    <Zone
      data-testid="upload-drop-zone"
      data-drag-over={dragOver}
      position="relative"
      paddingTop={7}
      paddingBottom={7}
      hasRadius
      borderColor={dragOver ? 'primary500' : error ? 'danger600' : 'neutral300'}
      background={dragOver ? 'primary100' : 'neutral100'}
      // The browser would open a dropped file itself unless every drag event over the zone is claimed.
      onDragEnter={(event: React.DragEvent) => {
        event.preventDefault();
        if (!disabled) setDragOver(true);
      }}
      onDragOver={(event: React.DragEvent) => event.preventDefault()}
      onDragLeave={() => setDragOver(false)}
      onDrop={(event: React.DragEvent) => {
        event.preventDefault();
        setDragOver(false);
        if (!disabled) take(event.dataTransfer?.files);
      }}
    >
      <Flex direction="column" alignItems="center" gap={3}>
        <CloudUpload aria-hidden width="3.2rem" height="3.2rem" fill="primary600" />
        <Typography variant="delta" textColor="neutral600" tag="span">
          {prompt}
        </Typography>
      </Flex>
      <CoveringInput
        tag="input"
        ref={inputRef}
        id={id}
        name={name}
        type="file"
        multiple={multiple}
        accept=".zip,application/zip,application/x-zip-compressed"
        disabled={disabled}
        aria-describedby={describedBy}
        aria-invalid={!!error}
        position="absolute"
        top={0}
        left={0}
        right={0}
        bottom={0}
        width="100%"
        zIndex={1}
        onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
          take(event.target.files);
          // Choosing the same file again (after a cancel) must fire a change too.
          event.target.value = '';
        }}
      />
    </Zone>
  );
};
