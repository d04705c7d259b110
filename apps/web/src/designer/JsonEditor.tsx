import { Editor } from '@monaco-editor/react';
import './monaco-setup.ts';

interface Props {
  value: string;
  onChange(value: string): void;
  /** The model path: decides which JSON Schema Monaco uses (see monaco-setup.ts). */
  path: string;
  height: number | string;
  label: string;
}

/** A Monaco JSON editor loaded from the bundle, with the schema its path matches. */
export function JsonEditor({ value, onChange, path, height, label }: Props) {
  return (
    <div className="json-editor" aria-label={label} data-testid="json-editor">
      <Editor
        height={height}
        language="json"
        path={path}
        value={value}
        onChange={(v: string | undefined) => onChange(v ?? '')}
        options={{ minimap: { enabled: false }, fontSize: 12, scrollBeyondLastLine: false, tabSize: 2, automaticLayout: true, ariaLabel: label, wordWrap: 'on' }}
      />
    </div>
  );
}
