import { TextField } from '@shopify/polaris';
import { useEffect, useState, type ReactNode } from 'react';

interface Props {
  label: string;
  value: number | undefined;
  /** Called with the number typed, or undefined when the field is emptied (and `optional`). */
  onChange(value: number | undefined): void;
  helpText?: ReactNode;
  /** The server's problem for this field. */
  error?: string;
  optional?: boolean;
  placeholder?: string;
  suffix?: ReactNode;
  min?: number;
}

/**
 * A whole-number field that keeps what is typed while the step holds a
 * number: text that is not a whole number is shown with an inline error and
 * not passed on, so a half-typed value never reaches the definition.
 */
export function NumberField({ label, value, onChange, helpText, error, optional, placeholder, suffix, min }: Props) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    if (parse(text) !== value) setText(value === undefined ? '' : String(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const parsed = parse(text);
  const local = text.trim() === '' ? (optional ? undefined : 'Enter a number') : parsed === undefined ? 'Enter a whole number' : undefined;
  return (
    <TextField
      label={label}
      type="number"
      inputMode="numeric"
      autoComplete="off"
      value={text}
      min={min}
      step={1}
      suffix={suffix}
      placeholder={placeholder}
      helpText={helpText}
      error={[local, error].filter(Boolean).join(' · ') || undefined}
      onChange={(v) => {
        setText(v);
        const n = parse(v);
        if (n !== undefined) onChange(n);
        else if (v.trim() === '' && optional) onChange(undefined);
      }}
    />
  );
}

function parse(text: string): number | undefined {
  if (!/^\s*-?\d+\s*$/.test(text)) return undefined;
  return Number(text);
}
