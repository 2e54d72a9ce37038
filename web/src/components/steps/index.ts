/** The forms of each kind of workflow step, and the context the steps editor gives them. */
export { problemOf, type StepFormProps, type StepsContext } from './context';
export { WaitStepForm } from './WaitStepForm';
export { ForEachStepForm, loopContext } from './ForEachStepForm';
export { GetDataStepForm } from './GetDataStepForm';
export { RunCodeStepForm } from './RunCodeStepForm';
export { AdminApiStepForm } from './AdminApiStepForm';
export { LogStepForm } from './LogStepForm';
