import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Icd10Module } from '../icd10';
import { IdentityModule } from '../identity';
import { PatientsModule, PatientTimelineRegistry } from '../patients';
import { PharmacyModule } from '../pharmacy';
import { LabOrderEntity, LabResultEntity } from './lab-order.entity';
import { LabOrderRepository } from './lab-order.repository';
import { LabOrdersController } from './lab-orders.controller';
import { LabOrdersService } from './lab-orders.service';
import { ReferralEntity, ReferralStatusChangeEntity } from './referral.entity';
import { ReferralRepository } from './referral.repository';
import { ReferralsController } from './referrals.controller';
import { ReferralsService } from './referrals.service';
import { VisitDiagnosisEntity, VisitEntity, VisitStageRecordEntity } from './visit.entity';
import { VisitRepository } from './visit.repository';
import { VisitAccess } from './visit-access.service';
import { VisitStagesService } from './visit-stages.service';
import { toLastVisitSummary, WORKFLOW_TIMELINE_SOURCES } from './visit-timeline';
import { VisitsController } from './visits.controller';
import { VisitsService } from './visits.service';

/** Clinical Workflow: the five-stage visit, diagnoses, lab orders, referrals, the queue. */
@Module({
  imports: [
    IdentityModule,
    PatientsModule,
    Icd10Module,
    PharmacyModule,
    TypeOrmModule.forFeature([
      VisitEntity,
      VisitStageRecordEntity,
      VisitDiagnosisEntity,
      LabOrderEntity,
      LabResultEntity,
      ReferralEntity,
      ReferralStatusChangeEntity,
    ]),
  ],
  controllers: [VisitsController, LabOrdersController, ReferralsController],
  providers: [VisitRepository, LabOrderRepository, ReferralRepository, VisitAccess, VisitsService, VisitStagesService, LabOrdersService, ReferralsService],
})
export class ClinicalWorkflowModule implements OnModuleInit {
  constructor(
    private readonly timeline: PatientTimelineRegistry,
    private readonly visits: VisitRepository,
  ) {}

  /** Visits, diagnoses, lab orders and referrals join the patient's timeline; the last visit joins the summary. */
  onModuleInit(): void {
    for (const source of WORKFLOW_TIMELINE_SOURCES) this.timeline.registerSource(source);
    this.timeline.setLastVisitProvider(async (patientId) => {
      const row = await this.visits.lastVisit(patientId);
      return row ? toLastVisitSummary(row) : null;
    });
  }
}
