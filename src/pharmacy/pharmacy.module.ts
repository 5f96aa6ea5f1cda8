import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity';
import { InventoryModule } from '../inventory';
import { PatientsModule, PatientTimelineRegistry } from '../patients';
import { ControlledRegisterController } from './controlled-register.controller';
import { ControlledDrugRegisterEntity, DispensingEntity, DispensingLineEntity } from './dispensing.entity';
import { DispensingRepository } from './dispensing.repository';
import { DispensingService } from './dispensing.service';
import { DrugEntity } from './drugs/drug.entity';
import { DrugRepository } from './drugs/drug.repository';
import { DrugsController } from './drugs/drugs.controller';
import { DrugsService } from './drugs/drugs.service';
import { PrescriptionEntity, PrescriptionItemEntity } from './prescription.entity';
import { PrescriptionRepository } from './prescription.repository';
import { PrescriptionsController } from './prescriptions.controller';
import { PrescriptionsService } from './prescriptions.service';
import { PHARMACY_TIMELINE_SOURCES } from './pharmacy-timeline';
import { SafetyChecks } from './safety-checks.service';

/** Pharmacy: the drug catalogue, prescriptions, safety checks and FEFO dispensing. */
@Module({
  imports: [
    InventoryModule,
    IdentityModule,
    PatientsModule,
    TypeOrmModule.forFeature([DrugEntity, PrescriptionEntity, PrescriptionItemEntity, DispensingEntity, DispensingLineEntity, ControlledDrugRegisterEntity]),
  ],
  controllers: [DrugsController, PrescriptionsController, ControlledRegisterController],
  providers: [DrugRepository, DrugsService, PrescriptionRepository, DispensingRepository, SafetyChecks, PrescriptionsService, DispensingService],
  exports: [DrugsService, PrescriptionsService],
})
export class PharmacyModule implements OnModuleInit {
  constructor(private readonly timeline: PatientTimelineRegistry) {}

  /** Prescriptions (and their cancellation) and dispensings join the patient's timeline. */
  onModuleInit(): void {
    for (const source of PHARMACY_TIMELINE_SOURCES) this.timeline.registerSource(source);
  }
}
