import { ActionList, Button, Popover, Text, TextField } from '@shopify/polaris';
import { useState, type ReactNode } from 'react';
import type { SchemaPath } from '../lib/schema';
import { typeLabel } from '../lib/schema';

interface Props {
  label: string;
  value: string;
  onChange(path: string): void;
  /** Paths offered in the picker; any path may still be typed. */
  options: SchemaPath[];
  helpText?: ReactNode;
  error?: string;
  placeholder?: string;
  labelHidden?: boolean;
}

/** A variable path (`order.lineItems`), typed or picked from the variables the step can read. */
export function VariablePathField({ label, value, onChange, options, helpText, error, placeholder, labelHidden }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <TextField
      label={label}
      labelHidden={labelHidden}
      value={value}
      onChange={onChange}
      autoComplete="off"
      monospaced
      helpText={helpText}
      error={error}
      placeholder={placeholder}
      connectedRight={
        <Popover
          active={open}
          onClose={() => setOpen(false)}
          preferredAlignment="right"
          activator={
            <Button onClick={() => setOpen((o) => !o)} disclosure disabled={options.length === 0} accessibilityLabel={`Choose a variable for ${label}`}>
              Choose
            </Button>
          }
        >
          <div style={{ maxHeight: 320, overflowY: 'auto' }}>
            <ActionList
              actionRole="menuitem"
              items={options.map((o) => ({
                content: o.path,
                suffix: (
                  <Text as="span" tone="subdued" variant="bodySm">
                    {typeLabel(o.type)}
                  </Text>
                ),
                accessibilityLabel: `Use ${o.path}`,
                onAction: () => {
                  onChange(o.path);
                  setOpen(false);
                },
              }))}
            />
          </div>
        </Popover>
      }
    />
  );
}
