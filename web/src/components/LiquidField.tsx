import { ActionList, Button, Popover, Text, TextField } from '@shopify/polaris';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import type { ExtensionRef, LiquidPreview } from '../api/types';
import type { SchemaPath } from '../lib/schema';
import { typeLabel } from '../lib/schema';

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  variables: SchemaPath[];
  trigger: ExtensionRef | null;
  payload?: unknown;
  helpText?: ReactNode;
  requiredIndicator?: boolean;
  /** Problems the server reported for this field on save. */
  error?: string;
  /** Rows of a multi-line field (default 2). */
  multiline?: boolean | number;
  /**
   * Variables that exist only while a run goes (`item`, `index`, `steps`): the
   * preview endpoint knows only the trigger's data, so its "unknown variable"
   * for these is not a problem, and no preview can be rendered.
   */
  runtimeRoots?: string[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A Liquid text field: variable picker, live syntax check and a preview rendered with sample data. */
export function LiquidField({ label, value, onChange, variables, trigger, payload, helpText, requiredIndicator, error, multiline, runtimeRoots = [] }: Props) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<LiquidPreview | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    if (!trigger || !value.includes('{')) {
      setPreview(value ? { problems: [], output: value } : null);
      return;
    }
    const n = ++seq.current;
    const timer = setTimeout(() => {
      api
        .post<LiquidPreview>('/liquid/preview', { trigger, template: value, ...(payload !== undefined ? { payload } : {}) })
        .then((p) => n === seq.current && setPreview(p))
        .catch(() => n === seq.current && setPreview(null));
    }, 350);
    return () => clearTimeout(timer);
  }, [value, trigger?.app, trigger?.handle, JSON.stringify(payload ?? null)]);

  const insert = (path: string) => {
    const snippet = `{{ ${path} }}`;
    const el = document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement | null;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    onChange(value.slice(0, start) + snippet + value.slice(end));
    setOpen(false);
  };

  const runtimeRe = runtimeRoots.length ? new RegExp(`^Unknown variable "(${runtimeRoots.map(escapeRe).join('|')})([."\\[]|$)`) : null;
  const allProblems = preview?.problems ?? [];
  const syntaxProblems = runtimeRe ? allProblems.filter((p) => !runtimeRe.test(p.message)) : allProblems;
  const usesRuntime = syntaxProblems.length < allProblems.length;
  const errorText = [error, ...syntaxProblems.map((p) => p.message)].filter(Boolean).join(' · ') || undefined;

  return (
    <div>
      <TextField
        id={id}
        label={label}
        value={value}
        onChange={onChange}
        autoComplete="off"
        multiline={typeof multiline === 'number' ? multiline : multiline ? 2 : undefined}
        helpText={helpText}
        requiredIndicator={requiredIndicator}
        error={errorText}
        monospaced
        connectedRight={
          <Popover
            active={open}
            onClose={() => setOpen(false)}
            preferredAlignment="right"
            activator={
              <Button onClick={() => setOpen((o) => !o)} disclosure accessibilityLabel={`Insert variable into ${label}`} disabled={variables.length === 0}>
                Variables
              </Button>
            }
          >
            <div style={{ maxHeight: 320, overflowY: 'auto' }}>
              <ActionList
                actionRole="menuitem"
                items={variables.map((v) => ({
                  content: v.path,
                  suffix: <Text as="span" tone="subdued" variant="bodySm">{typeLabel(v.type)}</Text>,
                  accessibilityLabel: `Insert ${v.path}`,
                  onAction: () => insert(v.path),
                }))}
              />
            </div>
          </Popover>
        }
      />
      {usesRuntime && syntaxProblems.length === 0 && (
        <Text as="p" tone="subdued" variant="bodySm">
          No preview: this uses values known only while the run goes ({runtimeRoots.join(', ')}).
        </Text>
      )}
      {preview?.output !== undefined && syntaxProblems.length === 0 && value !== '' && (
        <div aria-live="polite">
          <Text as="p" tone="subdued" variant="bodySm">
            Preview: <span data-preview>{preview.output}</span>
          </Text>
        </div>
      )}
    </div>
  );
}
