import type { LogStep } from '../../api/types';
import { LiquidField } from '../LiquidField';
import type { StepFormProps } from './context';

/** Log output: a Liquid message written to the run log. */
export function LogStepForm({ step, onChange, path, ctx }: StepFormProps<LogStep>) {
  return (
    <LiquidField
      label="Message"
      helpText="Written to the run log, shown on the run page."
      value={step.message}
      onChange={(message) => onChange({ ...step, message })}
      variables={ctx.variables}
      trigger={ctx.trigger}
      payload={ctx.sample}
      runtimeRoots={ctx.runtimeRoots}
      error={ctx.problemAt(`${path}.message`)}
      multiline
    />
  );
}
