// The Clinical Workflow context's public surface: other contexts import from here only.
export { ClinicalWorkflowModule } from './clinical-workflow.module';
