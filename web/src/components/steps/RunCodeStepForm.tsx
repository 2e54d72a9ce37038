import { BlockStack, Text, TextField } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import type { RunCodeStep } from '../../api/types';
import { parseOutputShape } from '../../lib/steps';
import type { StepFormProps } from './context';
import { InputMappingEditor } from './InputMappingEditor';

const EXAMPLE_SHAPE = '{"total": "number", "tags": ["string"]}';

/** Run code: JavaScript `main(input)`, its inputs mapped from variables, and the shape of what it returns. */
export function RunCodeStepForm({ step, onChange, path, ctx }: StepFormProps<RunCodeStep>) {
  const [shapeText, setShapeText] = useState(() => JSON.stringify(step.output, null, 2));
  const parsed = parseOutputShape(shapeText);
  useEffect(() => {
    // Follow outside changes (a reload), keeping the text as typed while it means the same.
    const current = 'shape' in parsed ? JSON.stringify(parsed.shape) : undefined;
    if (current !== JSON.stringify(step.output)) setShapeText(JSON.stringify(step.output, null, 2));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify(step.output)]);
  const inputProblem = (name: string) => ctx.problemAt(`${path}.input.${name}`) ?? ctx.problemAt(`${path}.input["${name}"]`);
  const otherInputProblem = ctx.problemAt(`${path}.input`);
  return (
    <BlockStack gap="400">
      <TextField
        label="Code (JavaScript)"
        value={step.code}
        onChange={(code) => onChange({ ...step, code })}
        multiline={10}
        maxHeight={480}
        monospaced
        autoComplete="off"
        spellCheck={false}
        helpText={
          <>
            <code>export default function main(input)</code> returns an object of the output shape below. <code>console.log</code> output is shown on the run page. No network or
            file access; a few seconds at most.
          </>
        }
        error={ctx.problemAt(`${path}.code`)}
      />
      <InputMappingEditor value={step.input} onChange={(input) => onChange({ ...step, input })} options={ctx.variables} problemFor={inputProblem} problem={otherInputProblem} owner={step.id} />
      <BlockStack gap="100">
        <TextField
          label="Output shape (JSON)"
          value={shapeText}
          onChange={(text) => {
            setShapeText(text);
            const p = parseOutputShape(text);
            if ('shape' in p) onChange({ ...step, output: p.shape });
          }}
          multiline={3}
          monospaced
          autoComplete="off"
          spellCheck={false}
          placeholder={EXAMPLE_SHAPE}
          helpText={
            <>
              e.g. <code>{EXAMPLE_SHAPE}</code>. Types: string, number, boolean, date, any; <code>[type]</code> for a list, <code>{'{…}'}</code> for an object. Later steps read{' '}
              <code>steps.{step.id}.&lt;name&gt;</code>.
            </>
          }
          error={['error' in parsed ? parsed.error : undefined, ctx.problemsWithin(`${path}.output`)].filter(Boolean).join(' · ') || undefined}
        />
        {'shape' in parsed && Object.keys(parsed.shape).length === 0 && (
          <Text as="p" tone="subdued" variant="bodySm">
            No output declared: the code's result is not available to later steps.
          </Text>
        )}
      </BlockStack>
    </BlockStack>
  );
}
