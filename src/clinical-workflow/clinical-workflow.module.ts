import { Module } from '@nestjs/common';

/** Clinical Workflow: the five-stage visit, diagnoses, lab orders, referrals, the queue. */
@Module({})
export class ClinicalWorkflowModule {}
