import { useEffect, useState } from 'react';

const ID = /^[a-z][a-z0-9_]{0,47}$/;

/**
 * An id typed by hand, applied on blur or Enter and only when it is a valid, unused id (renames
 * follow every reference, so an id is committed once rather than letter by letter).
 */
export function IdInput({ value, taken, onCommit, label, name }: { value: string; taken: readonly string[]; onCommit(id: string): void; label: string; name: string }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const ok = ID.test(text) && (text === value || !taken.includes(text));
  const commit = () => {
    if (ok && text !== value) onCommit(text);
    else if (!ok) setText(value);
  };
  return (
    <label>
      <span>{label}</span>
      <input
        name={name}
        className="mono"
        value={text}
        aria-invalid={!ok || undefined}
        title="a-z 0-9 _"
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </label>
  );
}
